"""Who may see and do what with referrals.

Only the referrer, the assigned link worker and the contacts of the receiving service see a
referral. A referral sent to the link workers' queue and not yet taken is seen by the link
workers, who are the team that takes it; once one of them takes it, only that one. Managers
and administrators see figures (indicators) and the audit log, never a referral.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from tarjotin.referrals.models import Referral
from tarjotin.staff.roles import Role, has_role, receiving_organizations

State = Referral.State


def visible_referrals(user) -> QuerySet:
    if not user.is_authenticated:
        return Referral.objects.none()
    seen = Q(referrer=user) | Q(link_worker=user)
    if has_role(user, Role.LINK_WORKER):
        seen |= Q(route=Referral.Route.LINK_WORKER, link_worker__isnull=True) & ~Q(
            state=State.DRAFT
        )
    organizations = receiving_organizations(user) if has_role(user, Role.RECEIVER) else []
    if organizations:
        seen |= Q(
            route=Referral.Route.SERVICE, receiver_service__organization_id__in=organizations
        ) & ~Q(state=State.DRAFT)
    return Referral.objects.filter(seen)


def get_referral(user, referral_id) -> Referral:
    """The referral if this user may see it; otherwise it does not exist for them (404)."""
    referral = visible_referrals(user).filter(id=referral_id).first()
    if referral is None:
        raise Http404
    return referral


def is_referrer(user, referral: Referral) -> bool:
    return referral.referrer_id == user.id


def is_handler(user, referral: Referral) -> bool:
    """The one who takes the referral forward: the link worker or the receiving service."""
    if referral.route == Referral.Route.LINK_WORKER:
        return referral.link_worker_id == user.id
    if referral.receiver_service is None:
        return False
    return referral.receiver_service.organization_id in receiving_organizations(user)


def can_claim(user, referral: Referral) -> bool:
    return (
        referral.route == Referral.Route.LINK_WORKER
        and referral.link_worker_id is None
        and referral.state != State.DRAFT
        and has_role(user, Role.LINK_WORKER)
    )
