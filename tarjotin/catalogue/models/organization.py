from django.db import models
from django.utils.translation import pgettext_lazy

from .base import HsdsRecord, PublishedRecord, TranslatedTextField, reference, web_address


class OrganizationType(models.TextChoices):
    """Who runs the organization: the adoption indicators count each kind separately."""

    COUNTY = "county", pgettext_lazy("Organization type", "Wellbeing services county")
    MUNICIPALITY = "municipality", pgettext_lazy("Organization type", "Municipality or city")
    NGO = "ngo", pgettext_lazy("Organization type", "Association or foundation")
    PARISH = "parish", pgettext_lazy("Organization type", "Parish")
    NATIONAL = "national", pgettext_lazy("Organization type", "National actor")
    COMPANY = "company", pgettext_lazy("Organization type", "Company")
    OTHER = "other", pgettext_lazy("Organization type", "Other")


class Organization(PublishedRecord):
    name = TranslatedTextField()
    alternate_name = TranslatedTextField()
    description = TranslatedTextField()
    email = models.CharField(max_length=254, null=True, blank=True)
    website = models.CharField(max_length=500, null=True, blank=True, validators=[web_address])
    tax_status = models.CharField(max_length=200, null=True, blank=True)
    tax_id = models.CharField(max_length=200, null=True, blank=True)
    year_incorporated = models.IntegerField(null=True, blank=True)
    legal_status = models.CharField(max_length=200, null=True, blank=True)
    logo = models.CharField(max_length=500, null=True, blank=True)
    uri = models.CharField(max_length=500, null=True, blank=True)
    parent_organization = reference("self", "child_organizations", on_delete=models.SET_NULL)
    organization_type = models.CharField(
        max_length=20, choices=OrganizationType.choices, default=OrganizationType.OTHER
    )

    translated_fields = ("name", "alternate_name", "description")

    class Meta:
        indexes = [models.Index(fields=["source_system", "source_id"])]

    def __str__(self):
        return self.text("name", "fi") or str(self.id)


class Program(HsdsRecord):
    organization = reference(Organization, "programs")
    name = TranslatedTextField()
    alternate_name = TranslatedTextField()
    description = TranslatedTextField()

    translated_fields = ("name", "alternate_name", "description")

    def __str__(self):
        return self.text("name", "fi") or str(self.id)


class OrganizationIdentifier(HsdsRecord):
    organization = reference(Organization, "organization_identifiers")
    identifier_scheme = models.CharField(max_length=100, null=True, blank=True)
    identifier_type = models.CharField(max_length=200)
    identifier = models.CharField(max_length=200)


class Funding(HsdsRecord):
    organization = reference(Organization, "funding")
    service = reference("catalogue.Service", "funding")
    source = TranslatedTextField()

    translated_fields = ("source",)
