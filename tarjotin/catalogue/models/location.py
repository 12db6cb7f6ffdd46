from django.db import models
from django.utils.translation import pgettext_lazy

from .base import HsdsRecord, PublishedRecord, TranslatedTextField, reference, web_address
from .organization import Organization
from .service import Service


class LocationType(models.TextChoices):
    PHYSICAL = "physical", pgettext_lazy("Location type", "Physical")
    POSTAL = "postal", pgettext_lazy("Location type", "Postal")
    VIRTUAL = "virtual", pgettext_lazy("Location type", "Virtual")


class Location(PublishedRecord):
    location_type = models.CharField(max_length=10, choices=LocationType.choices)
    url = models.CharField(max_length=500, null=True, blank=True, validators=[web_address])
    organization = reference(Organization, "locations")
    name = TranslatedTextField()
    alternate_name = TranslatedTextField()
    description = TranslatedTextField()
    transportation = TranslatedTextField()
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=200, null=True, blank=True)
    external_identifier_type = models.CharField(max_length=100, null=True, blank=True)
    # Extensions for Finnish geography: municipality code (Statistics Finland) and district.
    municipality_code = models.CharField(max_length=3, blank=True, db_index=True)
    district = TranslatedTextField()

    translated_fields = ("name", "alternate_name", "description", "transportation", "district")

    class Meta:
        indexes = [models.Index(fields=["source_system", "source_id"])]

    def __str__(self):
        return self.text("name", "fi") or str(self.id)


class ServiceAtLocation(HsdsRecord):
    service = reference(Service, "service_at_locations")
    location = reference(Location, "service_at_locations")
    description = TranslatedTextField()

    translated_fields = ("description",)


class Address(HsdsRecord):
    location = reference(Location, "addresses")
    attention = models.CharField(max_length=200, null=True, blank=True)
    address_1 = TranslatedTextField()
    address_2 = TranslatedTextField()
    city = TranslatedTextField()
    region = models.CharField(max_length=200, null=True, blank=True)
    state_province = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2)
    address_type = models.CharField(max_length=10, choices=LocationType.choices)

    translated_fields = ("address_1", "address_2", "city")


class Accessibility(HsdsRecord):
    location = reference(Location, "accessibility")
    description = TranslatedTextField()
    details = TranslatedTextField()
    url = models.CharField(max_length=500, null=True, blank=True, validators=[web_address])
    # Extension: for each accessibility profile (wheelchair, rollator, visual, hearing) the
    # list of shortcomings; an empty list means the place suits that profile.
    profile_shortcomings = models.JSONField(default=dict, blank=True)

    translated_fields = ("description", "details")
