"""factory_boy factories for tests that need records of their own beside the demo catalogue."""

import factory

from tarjotin.catalogue import models as m


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Organization

    name = factory.Sequence(lambda n: {"fi": f"Testiyhdistys {n} ry"})
    description = {"fi": "Paikallinen yhdistys."}
    organization_type = m.OrganizationType.NGO


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Service

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: {"fi": f"Testipalvelu {n}"})
    description = {"fi": "Palvelun kuvaus."}
    status = m.ServiceStatus.ACTIVE
