"""Building blocks shared by every HSDS table.

Three things that HSDS core does not have and a Finnish tray needs live here:

* **Translations.** Each human-readable HSDS text field is a JSON object keyed by a BCP 47
  language tag (``{"fi": "Uimahalli", "sv": "Simhall"}``), so that new content languages need
  no migration. The API picks one language per response and publishes all of them in the
  ``translations`` extension (docs/hsds-profile.md).
* **Provenance.** Every record says which system it came from, its id there, when it was
  fetched and when a person or the source last confirmed it.
* **Lossless import.** Fields that a data package carries and our model does not know are kept
  in ``extra`` and written back on export.

References between HSDS tables are foreign keys without a database constraint: real data
packages (the official examples included) point at records that are not in the package, and
such a reference must survive import and export unchanged.
"""

import uuid
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import pgettext_lazy

from tarjotin.catalogue.texts import pick_translation

WEB_SCHEMES = frozenset({"http", "https"})


def web_address(value: str | None) -> None:
    """Only http and https addresses are published: a ``javascript:`` or ``data:`` link from an
    import or a harvest would otherwise reach residents' pages and every API consumer."""
    if value and urlsplit(value.strip()).scheme.lower() not in WEB_SCHEMES:
        raise ValidationError(
            "only http and https addresses are published, not %(value)s",
            code="scheme",
            params={"value": value[:40]},
        )


class TranslatedTextField(models.JSONField):
    """A text in several languages: ``{"fi": "...", "sv": "..."}``; ``{}`` means absent."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        path = "tarjotin.catalogue.models.base.TranslatedTextField"
        return name, path, args, kwargs


def reference(to, related_name, on_delete=models.CASCADE, **kwargs):
    """A nullable HSDS ``*_id`` reference that may point outside the database (no constraint)."""
    return models.ForeignKey(
        to,
        related_name=related_name,
        on_delete=on_delete,
        null=True,
        blank=True,
        db_constraint=False,
        **kwargs,
    )


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("Publication status", "Draft")
    PENDING_REVIEW = "pending_review", pgettext_lazy("Publication status", "Waiting for review")
    PUBLISHED = "published", pgettext_lazy("Publication status", "Published")
    ARCHIVED = "archived", pgettext_lazy("Publication status", "Archived")


class SourceSystem(models.TextChoices):
    TARJOTIN = "tarjotin", "Tarjotin (edited here)"
    DEMO = "demo", "Demo data"
    HSDS_PACKAGE = "hsds", "HSDS data package"
    PTV = "ptv", "Suomi.fi Palvelutietovaranto"
    LINKEDEVENTS = "linkedevents", "LinkedEvents"
    LIPAS = "lipas", "LIPAS"
    TPR = "tpr", "Helsinki TPR"


class HsdsRecord(models.Model):
    """Abstract base: HSDS uuid id, provenance and unknown-field store."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source_system = models.CharField(
        max_length=40, choices=SourceSystem.choices, default=SourceSystem.TARJOTIN
    )
    source_id = models.CharField(max_length=255, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    last_verified_at = models.DateTimeField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    #: HSDS field names whose values are TranslatedTextField objects.
    translated_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def text(self, field: str, language: str) -> str | None:
        return pick_translation(getattr(self, field), language)


class PublishedRecord(HsdsRecord):
    """Records that residents see only once published."""

    publication_status = models.CharField(
        max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.PUBLISHED
    )

    class Meta:
        abstract = True
