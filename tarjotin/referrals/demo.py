"""Demo staff for trying the workbench: one account per role and some services that accept
referrals. Only for the demo database; the password is printed by the demo command."""

from django.contrib.auth import get_user_model

from tarjotin.catalogue import models as m
from tarjotin.referrals.models import ReferralAcceptance
from tarjotin.staff.models import StaffRole

DEMO_PASSWORD = "tarjotin-demo"
Role = StaffRole.Role
ACCEPTING_CATEGORIES = ("peer_support", "mental_wellbeing", "exercise", "meeting_places")
ACCEPTING_PER_CATEGORY = 4


def load_demo_staff() -> dict[str, str]:
    """Accounts by username → role; the receiver receives for every accepting organization."""
    accepting = _accepting_services()
    ReferralAcceptance.objects.bulk_create(
        [ReferralAcceptance(service=s, instructions=_instructions()) for s in accepting],
        ignore_conflicts=True,
    )
    accounts = {
        "hoitaja": (Role.PROFESSIONAL, [None], "Hilkka", "Hoitaja"),
        "ohjaaja": (Role.LINK_WORKER, [None], "Oona", "Ohjaaja"),
        # One demo receiver for every accepting organization: a referral to any of them arrives.
        "vastaanottaja": (Role.RECEIVER, {s.organization for s in accepting}, "Ville",
                          "Vastaanottaja"),
        "johtaja": (Role.MANAGER, [None], "Jaana", "Johtaja"),
    }  # fmt: skip
    users = get_user_model()
    for username, (role, organizations, first, last) in accounts.items():
        if not organizations:
            continue
        user, created = users.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for organization in organizations:
            StaffRole.objects.get_or_create(user=user, role=role, organization=organization)
    return {username: role for username, (role, *_rest) in accounts.items()}


def _accepting_services() -> list:
    services = []
    for code in ACCEPTING_CATEGORIES:
        linked = m.Attribute.objects.filter(taxonomy_term__code=code).values("link_id")
        services += list(
            m.Service.objects.filter(
                publication_status=m.PublicationStatus.PUBLISHED, id__in=linked
            )
            .select_related("organization")
            .order_by("id")[:ACCEPTING_PER_CATEGORY]
        )
    return list({s.id: s for s in services}.values())


def _instructions() -> str:
    return "Lähetä hyvinvointilähete; otamme yhteyttä asiakkaaseen viikon sisällä."
