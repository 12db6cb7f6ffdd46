"""Read side of publishing: what an editor or a moderator sees."""

from django.db.models import Q

from tarjotin.catalogue import models as m
from tarjotin.publishing import content as service_content
from tarjotin.publishing.models import ErrorReport, Membership, PublishingRights, ServiceVersion
from tarjotin.staff.roles import is_moderator


def editable_organizations(user):
    if is_moderator(user):
        return (
            m.Organization.objects.filter(
                Q(memberships__isnull=False) | Q(services__source_system="tarjotin")
            )
            .distinct()
            .order_by("id")
        )
    return m.Organization.objects.filter(memberships__user=user).order_by("id")


def invitable_organizations(user):
    if is_moderator(user):
        return m.Organization.objects.all().order_by("id")
    return m.Organization.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.MAIN_USER
    )


def latest_version(service):
    return service.versions.exclude(state=ServiceVersion.State.SUPERSEDED).first()


def published_content(service) -> dict:
    """What residents see now (the catalogue record's content)."""
    return service_content.snapshot(service)


def review_queue():
    return (
        ServiceVersion.objects.filter(state=ServiceVersion.State.PENDING_REVIEW)
        .select_related("service", "service__organization", "author")
        .order_by("created_at")
    )


def inbox(user):
    reports = ErrorReport.objects.all()
    if is_moderator(user):
        return reports
    return reports.filter(service__organization__memberships__user=user)


def trusted(organization_id) -> bool:
    return PublishingRights.objects.filter(organization_id=organization_id, trusted=True).exists()


def create_place(data: dict, organization) -> str:
    """A new place the editor typed in (returns its id), or "" when none was given."""
    if not data.get("new_place_name"):
        return ""
    location = m.Location.objects.create(
        organization=organization,
        location_type="physical",
        name={"fi": data["new_place_name"]},
        latitude=data.get("new_place_latitude"),
        longitude=data.get("new_place_longitude"),
        source_system=m.SourceSystem.TARJOTIN,
    )
    m.Address.objects.create(
        location=location,
        address_1={"fi": data["new_place_street"]},
        city={"fi": data.get("new_place_city", "")},
        postal_code=data.get("new_place_postcode", ""),
        state_province="",
        country="FI",
        address_type="physical",
    )
    return str(location.id)
