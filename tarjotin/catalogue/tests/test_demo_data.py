"""The demo catalogue is big, varied and Finnish enough to judge search and pages on."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from tarjotin.catalogue import models as m
from tarjotin.catalogue.demo.generate import DemoBuilder

pytestmark = pytest.mark.django_db


def test_size_and_spread():
    assert m.Service.objects.count() >= 2000
    assert m.Organization.objects.filter(services__isnull=False).distinct().count() >= 150
    assert m.Location.objects.values("municipality_code").distinct().count() >= 10
    kinds = set(m.Organization.objects.values_list("organization_type", flat=True))
    assert {"county", "municipality", "ngo", "parish", "national"} <= kinds


def test_every_category_and_target_group_is_used():
    used = Counter(
        m.Attribute.objects.filter(link_entity="service").values_list(
            "taxonomy_term__code", flat=True
        )
    )
    for term in m.TaxonomyTerm.objects.filter(
        taxonomy_detail__code__in=["category", "target_group"]
    ):
        assert used[term.code] >= 10, term.code


def test_languages_are_uneven_as_in_real_life():
    services = m.Service.objects.all()
    total = services.count()
    assert services.filter(name__has_key="fi").count() == total
    assert 0.2 * total < services.filter(name__has_key="sv").count() < 0.8 * total
    assert 0.1 * total < services.filter(name__has_key="en").count() < 0.6 * total


def test_places_are_in_uusimaa_with_addresses_and_accessibility():
    for location in m.Location.objects.all():
        assert 59.8 < location.latitude < 60.8 and 23.0 < location.longitude < 26.0
    assert not m.Location.objects.filter(addresses__isnull=True).exists()
    assert not m.Location.objects.filter(accessibility__isnull=True).exists()


def test_remote_services_have_urls_and_schedules_and_costs_exist():
    remote = m.Attribute.objects.filter(taxonomy_term__code="remote").values("link_id")
    assert m.Service.objects.filter(id__in=remote).exclude(url=None).count() > 50
    assert m.Schedule.objects.exclude(byday=None).count() > 2000
    assert m.CostOption.objects.filter(amount__gt=0).exists()


def test_finnish_text_is_inflected():
    text = " ".join(
        s.description["fi"]
        for s in m.Service.objects.filter(name__fi__startswith="Vesijumppa")[:20]
    )
    for form in ("Vesijumpassa", "vedessä", "uimahallissa", "ikäihmisille"):
        assert form in text


def test_generation_is_deterministic():
    first, second = DemoBuilder(), DemoBuilder()
    first.build()
    second.build()
    assert [s.id for s in first.rows[m.Service]] == [s.id for s in second.rows[m.Service]]
    assert [s.description for s in first.rows[m.Service]][:50] == [
        s.description for s in second.rows[m.Service]
    ][:50]


def test_demo_goes_only_into_an_empty_catalogue(capsys):
    with pytest.raises(CommandError, match="not empty"):
        call_command("load_demo")
    call_command("load_demo", "--if-empty")
    assert "already has services" in capsys.readouterr().out
