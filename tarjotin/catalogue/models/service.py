from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from .base import HsdsRecord, PublishedRecord, TranslatedTextField, reference, web_address
from .organization import Organization, Program


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("Service status", "Active")
    INACTIVE = "inactive", pgettext_lazy("Service status", "Inactive")
    DEFUNCT = "defunct", pgettext_lazy("Service status", "Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", pgettext_lazy("Service status", "Temporarily closed")


class CapacityStatus(models.TextChoices):
    """Whether a group takes new participants now (blank: not told)."""

    ACCEPTING = "accepting", pgettext_lazy("Capacity", "Accepting participants")
    WAITING_LIST = "waiting_list", pgettext_lazy("Capacity", "Full, waiting list")
    NOT_NOW = "not_now", pgettext_lazy("Capacity", "Not taking participants now")


class Service(PublishedRecord):
    organization = reference(Organization, "services")
    program = reference(Program, "services", on_delete=models.SET_NULL)
    name = TranslatedTextField()
    alternate_name = TranslatedTextField()
    description = TranslatedTextField()
    url = models.CharField(max_length=500, null=True, blank=True, validators=[web_address])
    email = models.CharField(max_length=254, null=True, blank=True)
    status = models.CharField(max_length=20, choices=ServiceStatus.choices)
    interpretation_services = TranslatedTextField()
    application_process = TranslatedTextField()
    fees_description = TranslatedTextField()
    wait_time = TranslatedTextField()
    fees = TranslatedTextField()
    accreditations = TranslatedTextField()
    eligibility_description = TranslatedTextField()
    minimum_age = models.FloatField(null=True, blank=True)
    maximum_age = models.FloatField(null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.CharField(max_length=254, null=True, blank=True)
    licenses = TranslatedTextField()
    alert = TranslatedTextField()
    last_modified = models.DateTimeField(default=timezone.now, db_index=True)
    # Extension: whether the service takes participants now (kept by its organization).
    capacity_status = models.CharField(max_length=20, choices=CapacityStatus.choices, blank=True)

    translated_fields = (
        "name",
        "alternate_name",
        "description",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "fees",
        "accreditations",
        "eligibility_description",
        "licenses",
        "alert",
    )

    class Meta:
        indexes = [models.Index(fields=["source_system", "source_id"])]

    def __str__(self):
        return self.text("name", "fi") or str(self.id)


class ServiceArea(HsdsRecord):
    service = reference(Service, "service_areas")
    service_at_location = reference("catalogue.ServiceAtLocation", "service_areas")
    name = TranslatedTextField()
    description = TranslatedTextField()
    extent = models.TextField(null=True, blank=True)
    extent_type = models.CharField(max_length=20, null=True, blank=True)
    uri = models.CharField(max_length=500, null=True, blank=True)
    # Extension: the Statistics Finland code of the municipality the area covers, when it is one.
    municipality_code = models.CharField(max_length=3, blank=True)

    translated_fields = ("name", "description")


class RequiredDocument(HsdsRecord):
    service = reference(Service, "required_documents")
    document = TranslatedTextField()
    uri = models.CharField(max_length=500, null=True, blank=True)

    translated_fields = ("document",)


class CostOption(HsdsRecord):
    service = reference(Service, "cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = TranslatedTextField()
    currency = models.CharField(max_length=3, null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amount_description = TranslatedTextField()

    translated_fields = ("option", "amount_description")


class Unit(HsdsRecord):
    """A unit of measure for capacities (HSDS 3.1), e.g. places in a group."""

    name = TranslatedTextField()
    scheme = models.CharField(max_length=100, null=True, blank=True)
    identifier = models.CharField(max_length=100, null=True, blank=True)
    uri = models.CharField(max_length=500, null=True, blank=True)

    translated_fields = ("name",)


class ServiceCapacity(HsdsRecord):
    """How much of a service is available now, in a unit (HSDS 3.1 ``service_capacity``).

    Counted capacity from a source that tells numbers; the data owners' own "takes participants
    / waiting list / not now" stays in ``Service.capacity_status`` (docs/hsds-profile.md).
    """

    service = reference(Service, "capacities")
    unit = reference(Unit, "capacities")
    available = models.DecimalField(max_digits=12, decimal_places=2)
    maximum = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    description = TranslatedTextField()
    updated = models.DateTimeField()

    translated_fields = ("description",)


class Url(HsdsRecord):
    """Additional links (the ``url`` table of HSDS 3.1), published as ``additional_urls``."""

    organization = reference(Organization, "additional_urls")
    service = reference(Service, "additional_urls")
    label = TranslatedTextField()
    url = models.CharField(max_length=500, validators=[web_address])

    translated_fields = ("label",)
