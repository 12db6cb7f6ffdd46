"""Staff accounts and referral-accepting services for the referral tests."""

import re

from django.contrib.auth.models import User

from tarjotin.catalogue.tests.factories import OrganizationFactory, ServiceFactory
from tarjotin.referrals.models import ReferralAcceptance
from tarjotin.staff.models import StaffRole

PASSWORD = "salasana-123"

# The client planted in test referrals. Checks that personal data stays out of a text look for
# these whole values: a fragment such as "040" also occurs in random ids and references.
CLIENT_NAME = "Asiakas Qwertyson"
CLIENT_PHONE = "040 111 2222"


def client_data_in(text: str) -> list[str]:
    """The planted client values (name, surname, phone in any spacing) that occur in text."""
    digits = re.sub(r"\D", "", CLIENT_PHONE)[1:]  # without the trunk 0: "+358 40…" too
    phone = re.compile(r"[\s-]?".join(digits))
    found = [value for value in (CLIENT_NAME, CLIENT_NAME.split()[-1]) if value in text]
    return found + ([CLIENT_PHONE] if phone.search(text) else [])


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
