"""Record which services changed, so that every node's index catches up (see index.sync)."""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tarjotin.catalogue import models as m
from tarjotin.search.models import IndexChange

# Models whose rows change what a service's search document says, and how to find the service.
SERVICE_OF = {
    m.Service: lambda obj: [obj.pk],
    m.ServiceAtLocation: lambda obj: [obj.service_id],
    m.Schedule: lambda obj: _schedule_services(obj),
    m.Language: lambda obj: [obj.service_id],
    m.ServiceArea: lambda obj: [obj.service_id],
    m.Attribute: lambda obj: [obj.link_id] if obj.link_entity == "service" else [],
    m.Location: lambda obj: _ids(
        m.ServiceAtLocation.objects.filter(location_id=obj.pk), "service_id"
    ),
    m.Organization: lambda obj: _ids(m.Service.objects.filter(organization_id=obj.pk), "id"),
}


def _ids(queryset, field: str) -> list:
    return list(queryset.values_list(field, flat=True))


def _schedule_services(schedule) -> list:
    if schedule.service_id:
        return [schedule.service_id]
    return _ids(
        m.ServiceAtLocation.objects.filter(id=schedule.service_at_location_id), "service_id"
    )


_muted = threading.local()


@contextmanager
def muted():
    """For writers that record their IndexChange rows themselves, in bulk (the harvester).
    Nests: the signals come back when the outermost block ends."""
    _muted.depth = getattr(_muted, "depth", 0) + 1
    try:
        yield
    finally:
        _muted.depth -= 1


def record_change(sender, instance, **kwargs):
    if kwargs.get("raw") or getattr(_muted, "depth", 0):
        return
    service_ids = [sid for sid in SERVICE_OF[sender](instance) if sid]
    IndexChange.objects.bulk_create([IndexChange(service_id=sid) for sid in set(service_ids)])


for model in SERVICE_OF:
    receiver(post_save, sender=model, dispatch_uid=f"search-{model.__name__}-save")(record_change)
    receiver(post_delete, sender=model, dispatch_uid=f"search-{model.__name__}-delete")(
        record_change
    )
