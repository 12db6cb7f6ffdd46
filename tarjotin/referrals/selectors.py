"""Reading side of the workbench: the lists a professional, a link worker or a receiver sees."""

from django.conf import settings

from tarjotin.catalogue import models as m
from tarjotin.referrals import access, services
from tarjotin.referrals.models import Referral, ReferralAcceptance

State = Referral.State
OPEN_STATES = [State.SENT, State.RECEIVED, State.CONTACTED, State.STARTED]


def accepting_service_ids() -> frozenset[str]:
    """Services a referral can be sent to: they accept referrals and somebody receives them."""
    ids = ReferralAcceptance.objects.staffed().values_list("service_id", flat=True)
    return frozenset(str(i) for i in ids)


def receiver_choices(service_ids: list[str], language: str) -> list[tuple[str, str]]:
    """Services of this referral that accept referrals, as choices for the receiver field."""
    staffed = ReferralAcceptance.objects.staffed().values("service_id")
    accepting = m.Service.objects.filter(id__in=service_ids).filter(id__in=staffed)
    return [(str(s.id), s.text("name", language) or str(s.id)) for s in accepting]


def workbench(user) -> dict:
    visible = access.visible_referrals(user).select_related("receiver_service")
    overdue = set(services.overdue().filter(referrer=user).values_list("id", flat=True))
    mine = list(visible.filter(referrer=user)[:100])
    for referral in mine:
        referral.is_overdue = referral.id in overdue
    handled = visible.exclude(referrer=user).exclude(state=State.CLOSED)
    return {
        "mine": mine,
        "queue": list(handled.filter(link_worker__isnull=True, route=Referral.Route.LINK_WORKER)),
        "handling": list(handled.exclude(link_worker__isnull=True, route="link_worker")[:100]),
        "contact_days": settings.REFERRAL_CONTACT_DAYS,
    }


def referral_page(referral: Referral) -> Referral:
    return (
        Referral.objects.select_related(
            "referrer", "receiver_service__organization", "link_worker", "contact", "consent"
        )
        .prefetch_related("choices", "history__by", "sessions", "measures", "feedback")
        .get(id=referral.id)
    )
