import pytest

from tarjotin.catalogue.tests.factories import OrganizationFactory, ServiceFactory
from tarjotin.referrals.tests.factories import accepting_service, staff
from tarjotin.search.index import sync


@pytest.fixture
def cast(db):
    """Everyone a referral concerns, and people it does not."""
    receiving = OrganizationFactory(name={"fi": "Mielenterveysyhdistys Testi ry"})
    other = OrganizationFactory(name={"fi": "Toinen yhdistys ry"})
    people = {
        "referrer": staff("hoitaja", "professional"),
        "other_professional": staff("toinen-hoitaja", "professional"),
        "link_worker": staff("ohjaaja", "link_worker"),
        "other_link_worker": staff("toinen-ohjaaja", "link_worker"),
        "receiver": staff("vastaanottaja", "receiver", organization=receiving),
        "other_receiver": staff("muu-vastaanottaja", "receiver", organization=other),
        "manager": staff("johtaja", "manager"),
        "administrator": staff("yllapitaja", "administrator"),
    }
    people["administrator"].is_staff = people["administrator"].is_superuser = True
    people["administrator"].save()
    services = {
        "accepting": accepting_service(organization=receiving,
                                       name={"fi": "Vertaistukiryhmä Testi"}),
        "plain": ServiceFactory(name={"fi": "Kävelyryhmä Testi"}),
    }  # fmt: skip
    sync()  # the services are searchable, as after any edit
    return {**people, **services}
