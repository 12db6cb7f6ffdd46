"""Staff accounts and referral-accepting services for the referral tests."""

from django.contrib.auth.models import User

from tarjotin.catalogue.tests.factories import OrganizationFactory, ServiceFactory
from tarjotin.referrals.models import ReferralAcceptance, StaffRole

PASSWORD = "salasana-123"


def staff(username: str, *roles: str, organization=None) -> User:
    user = User.objects.create_user(
        username, f"{username}@example.org", PASSWORD, first_name=username.title()
    )
    for role in roles:
        StaffRole.objects.create(
            user=user, role=role, organization=organization if role == "receiver" else None
        )
    return user


def accepting_service(**kwargs):
    """A published service of its own organization that accepts referrals."""
    service = ServiceFactory(organization=kwargs.pop("organization", None) or OrganizationFactory(),
                             **kwargs)  # fmt: skip
    ReferralAcceptance.objects.create(service=service, instructions="Soita meille.")
    return service
