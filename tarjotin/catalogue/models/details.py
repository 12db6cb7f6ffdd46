"""Contact details and times shared by services, locations and organizations."""

from django.db import models

from .base import HsdsRecord, TranslatedTextField, reference
from .location import Location, ServiceAtLocation
from .organization import Organization
from .service import Service


class Contact(HsdsRecord):
    organization = reference(Organization, "contacts")
    service = reference(Service, "contacts")
    service_at_location = reference(ServiceAtLocation, "contacts")
    location = reference(Location, "contacts")
    name = models.CharField(max_length=200, null=True, blank=True)
    title = TranslatedTextField()
    department = TranslatedTextField()
    email = models.CharField(max_length=254, null=True, blank=True)

    translated_fields = ("title", "department")


class Phone(HsdsRecord):
    location = reference(Location, "phones")
    service = reference(Service, "phones")
    organization = reference(Organization, "phones")
    contact = reference(Contact, "phones")
    service_at_location = reference(ServiceAtLocation, "phones")
    number = models.CharField(max_length=100)
    extension = models.IntegerField(null=True, blank=True)
    type = models.CharField(max_length=20, null=True, blank=True)
    description = TranslatedTextField()

    translated_fields = ("description",)


class Language(HsdsRecord):
    """A language a service, location or phone line is delivered in (not a text translation)."""

    service = reference(Service, "languages")
    location = reference(Location, "languages")
    phone = reference(Phone, "languages")
    name = models.CharField(max_length=100, null=True, blank=True)
    code = models.CharField(max_length=20, null=True, blank=True)
    note = TranslatedTextField()

    translated_fields = ("note",)


class Weekday(models.TextChoices):
    MO = "MO"
    TU = "TU"
    WE = "WE"
    TH = "TH"
    FR = "FR"
    SA = "SA"
    SU = "SU"


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"


class Schedule(HsdsRecord):
    """A recurring opening time in the RFC 5545 terms that HSDS uses (freq, byday, ...)."""

    service = reference(Service, "schedules")
    location = reference(Location, "schedules")
    service_at_location = reference(ServiceAtLocation, "schedules")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.FloatField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    count = models.IntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, choices=Weekday.choices, null=True, blank=True)
    freq = models.CharField(max_length=10, choices=Frequency.choices, null=True, blank=True)
    interval = models.IntegerField(null=True, blank=True)
    byday = models.CharField(max_length=100, null=True, blank=True)
    byweekno = models.CharField(max_length=200, null=True, blank=True)
    bymonthday = models.CharField(max_length=200, null=True, blank=True)
    byyearday = models.CharField(max_length=400, null=True, blank=True)
    description = TranslatedTextField()
    # Kept as written ("10:00", "10:00:00", "10:00+02:00"): HSDS allows an offset suffix.
    opens_at = models.CharField(max_length=20, null=True, blank=True)
    closes_at = models.CharField(max_length=20, null=True, blank=True)
    schedule_link = models.CharField(max_length=500, null=True, blank=True)
    attending_type = TranslatedTextField()
    notes = TranslatedTextField()

    translated_fields = ("description", "attending_type", "notes")
