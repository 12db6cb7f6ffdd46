"""The seam other apps use to tell the search app what changed."""

import pytest

from tarjotin.catalogue import models as m
from tarjotin.search import changes
from tarjotin.search.models import IndexChange

pytestmark = pytest.mark.django_db


def logged(service) -> int:
    return IndexChange.objects.filter(service_id=service.id).count()


def test_bulk_blocks_nest_and_record_logs_each_service_once():
    service = m.Service.objects.filter(publication_status="published").first()
    before = logged(service)
    with changes.bulk():
        with changes.bulk():
            service.save()
        service.save()  # still inside the outer block: the signals stay quiet
        changes.record([service.id, service.id])
    assert logged(service) == before + 1
    service.save()  # outside: the signal logs it again
    assert logged(service) == before + 2
