from django.db import models

from .base import HsdsRecord, TranslatedTextField, reference


class Taxonomy(HsdsRecord):
    name = TranslatedTextField()
    description = TranslatedTextField()
    uri = models.CharField(max_length=500, null=True, blank=True)
    version = models.CharField(max_length=50, null=True, blank=True)
    # Extension: a stable short name for taxonomies Tarjotin ships (category, target_group, ...).
    code = models.SlugField(max_length=50, blank=True, db_index=True)

    translated_fields = ("name", "description")

    def __str__(self):
        return self.text("name", "en") or str(self.id)


class TaxonomyTerm(HsdsRecord):
    code = models.CharField(max_length=200, null=True, blank=True, db_index=True)
    name = TranslatedTextField()
    description = TranslatedTextField()
    parent = reference("self", "children", on_delete=models.SET_NULL)
    taxonomy = models.CharField(max_length=500, null=True, blank=True)
    taxonomy_detail = reference(Taxonomy, "terms", db_column="taxonomy_id")
    language = models.CharField(max_length=20, null=True, blank=True)
    term_uri = models.CharField(max_length=500, null=True, blank=True)

    translated_fields = ("name", "description")

    def __str__(self):
        return self.text("name", "en") or self.code or str(self.id)


class Attribute(HsdsRecord):
    """Links a taxonomy term to any HSDS record (``link_entity`` names its table)."""

    link_id = models.UUIDField(null=True, blank=True, db_index=True)
    taxonomy_term = reference(TaxonomyTerm, "attributes", on_delete=models.SET_NULL)
    link_type = models.CharField(max_length=100)
    link_entity = models.CharField(max_length=50, null=True, blank=True)
    value = models.TextField(null=True, blank=True)
    label = models.TextField(null=True, blank=True)  # HSDS 3.1


class Metadata(HsdsRecord):
    """HSDS change log rows, as imported or exported; our own audit trail lives elsewhere."""

    resource_id = models.UUIDField(null=True, blank=True, db_index=True)
    resource_type = models.CharField(max_length=50, null=True, blank=True)
    last_action_date = models.DateField()
    last_action_type = models.CharField(max_length=50)
    field_name = models.CharField(max_length=100)
    previous_value = models.TextField()
    replacement_value = models.TextField()
    updated_by = models.CharField(max_length=200)


class MetaTableDescription(HsdsRecord):
    name = models.CharField(max_length=200, null=True, blank=True)
    language = models.CharField(max_length=20, null=True, blank=True)
    character_set = models.CharField(max_length=50, null=True, blank=True)
