"""One spec per HSDS 3.1 table: its CSV file, model, and the HSDS fields in the standard's order.

The same specs drive the tabular import/export (CSV and its JSON form) and the nested API
representation, so a field is named and converted in one place only.
"""

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass

from django.db import models as dj

from tarjotin.catalogue import models as m
from tarjotin.catalogue.models.base import TranslatedTextField
from tarjotin.catalogue.texts import pick_translation


@dataclass(frozen=True)
class TableSpec:
    name: str  # HSDS table name, e.g. "service_at_location"
    csv_name: str  # file name in the tabular data package
    model: type[dj.Model]
    fields: tuple[str, ...]  # HSDS field names, in the order the standard lists them
    renamed: tuple[tuple[str, str], ...] = ()  # HSDS field -> model attribute, where they differ
    required: tuple[str, ...] = ()  # fields the HSDS schema requires besides id

    def attribute(self, field: str) -> str:
        renamed = dict(self.renamed)
        if field in renamed:
            return renamed[field]
        return field

    def model_field(self, field: str) -> dj.Field:
        attribute = self.attribute(field)
        for candidate in self.model._meta.concrete_fields:
            if candidate.attname == attribute:
                return candidate
        raise LookupError(f"{self.model.__name__} has no field for HSDS {self.name}.{field}")


def _spec(name, csv_name, model, fields, renamed=(), required=""):
    return TableSpec(
        name, csv_name, model, tuple(fields.split()), tuple(renamed), tuple(required.split())
    )


# Ordered so that a table comes after the tables it refers to (for readable imports).
TABLES: tuple[TableSpec, ...] = (
    _spec(
        "organization",
        "organizations.csv",
        m.Organization,
        "id name alternate_name description email website tax_status tax_id year_incorporated "
        "legal_status logo uri parent_organization_id",
        required="name description",
    ),
    _spec(
        "program",
        "programs.csv",
        m.Program,
        "id organization_id name alternate_name description",
        required="name description",
    ),
    _spec(
        "service",
        "services.csv",
        m.Service,
        "id organization_id program_id name alternate_name description url email status "
        "interpretation_services application_process fees_description wait_time fees "
        "accreditations eligibility_description minimum_age maximum_age assured_date "
        "assurer_email licenses alert last_modified",
        required="name status",
    ),
    _spec(
        "location",
        "locations.csv",
        m.Location,
        "id location_type url organization_id name alternate_name description transportation "
        "latitude longitude external_identifier external_identifier_type",
        required="location_type",
    ),
    _spec(
        "service_at_location",
        "service_at_location.csv",
        m.ServiceAtLocation,
        "id service_id location_id description",
    ),
    _spec(
        "address",
        "addresses.csv",
        m.Address,
        "id location_id attention address_1 address_2 city region state_province postal_code "
        "country address_type",
        required="address_1 city state_province postal_code country address_type",
    ),
    _spec(
        "contact",
        "contacts.csv",
        m.Contact,
        "id organization_id service_id service_at_location_id location_id name title department "
        "email",
    ),
    _spec(
        "phone",
        "phones.csv",
        m.Phone,
        "id location_id service_id organization_id contact_id service_at_location_id number "
        "extension type description",
        required="number",
    ),
    _spec(
        "schedule",
        "schedules.csv",
        m.Schedule,
        "id service_id location_id service_at_location_id valid_from valid_to dtstart timezone "
        "until count wkst freq interval byday byweekno bymonthday byyearday description opens_at "
        "closes_at schedule_link attending_type notes",
    ),
    _spec("funding", "funding.csv", m.Funding, "id organization_id service_id source"),
    _spec(
        "service_area",
        "service_areas.csv",
        m.ServiceArea,
        "id service_id service_at_location_id name description extent extent_type uri",
    ),
    _spec(
        "required_document",
        "required_documents.csv",
        m.RequiredDocument,
        "id service_id document uri",
    ),
    _spec(
        "language", "languages.csv", m.Language, "id service_id location_id phone_id name code note"
    ),
    _spec(
        "accessibility",
        "accessibility.csv",
        m.Accessibility,
        "id location_id description details url",
    ),
    _spec(
        "cost_option",
        "cost_options.csv",
        m.CostOption,
        "id service_id valid_from valid_to option currency amount amount_description",
    ),
    _spec(
        "organization_identifier",
        "organization_identifiers.csv",
        m.OrganizationIdentifier,
        "id organization_id identifier_scheme identifier_type identifier",
        required="identifier_type identifier",
    ),
    _spec(
        "taxonomy",
        "taxonomies.csv",
        m.Taxonomy,
        "id name description uri version",
        required="name description",
    ),
    _spec(
        "taxonomy_term",
        "taxonomy_terms.csv",
        m.TaxonomyTerm,
        "id code name description parent_id taxonomy language taxonomy_id term_uri",
        renamed=[("taxonomy_id", "taxonomy_detail_id")],
        required="name description",
    ),
    _spec(
        "attribute",
        "attributes.csv",
        m.Attribute,
        "id link_id taxonomy_term_id link_type link_entity value label",
        required="link_type",
    ),
    _spec(
        "metadata",
        "metadata.csv",
        m.Metadata,
        "id resource_id resource_type last_action_date last_action_type field_name "
        "previous_value replacement_value updated_by",
        required="last_action_date last_action_type field_name previous_value "
        "replacement_value updated_by",
    ),
    _spec(
        "meta_table_description",
        "meta_table_descriptions.csv",
        m.MetaTableDescription,
        "id name language character_set",
    ),
    _spec("url", "url.csv", m.Url, "id label url organization_id service_id", required="url"),
    _spec("unit", "units.csv", m.Unit, "id name scheme identifier uri", required="name"),
    _spec(
        "service_capacity",
        "service_capacity.csv",
        m.ServiceCapacity,
        "id service_id unit_id available maximum description updated",
        required="unit_id available updated",
    ),
)
TABLES_BY_NAME = {spec.name: spec for spec in TABLES}
TABLES_BY_CSV = {spec.csv_name: spec for spec in TABLES}
CORE_TABLE_NAMES = tuple(spec.name for spec in TABLES)


def number_to_hsds(value):
    """Numbers as JSON numbers; integral values without a fraction (100, not 100.0)."""
    if isinstance(value, decimal.Decimal):
        value = float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def datetime_to_hsds(value: dt.datetime) -> str:
    """ISO 8601 in UTC with milliseconds and Z, as the HSDS examples write it."""
    value = value.astimezone(dt.UTC)
    return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"


def value_to_hsds(field: dj.Field, value, language: str | None):
    """A model value as HSDS JSON; ``None`` means the field is absent."""
    if value is None:
        return None
    if isinstance(field, TranslatedTextField):
        return pick_translation(value, language) if language else value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return datetime_to_hsds(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float | int | decimal.Decimal) and not isinstance(value, bool):
        return number_to_hsds(value)
    return value
