"""The HSDS 3.1 catalogue, one module per group of tables."""

from .base import PublicationStatus, SourceSystem
from .details import Contact, Frequency, Language, Phone, Schedule, Weekday
from .location import Accessibility, Address, Location, LocationType, ServiceAtLocation
from .organization import Funding, Organization, OrganizationIdentifier, OrganizationType, Program
from .service import (
    CapacityStatus,
    CostOption,
    RequiredDocument,
    Service,
    ServiceArea,
    ServiceCapacity,
    ServiceStatus,
    Unit,
    Url,
)
from .taxonomy import Attribute, Metadata, MetaTableDescription, Taxonomy, TaxonomyTerm

__all__ = [
    "Accessibility",
    "Address",
    "Attribute",
    "CapacityStatus",
    "Contact",
    "CostOption",
    "Frequency",
    "Funding",
    "Language",
    "Location",
    "LocationType",
    "MetaTableDescription",
    "Metadata",
    "Organization",
    "OrganizationIdentifier",
    "OrganizationType",
    "Phone",
    "Program",
    "PublicationStatus",
    "RequiredDocument",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceCapacity",
    "ServiceStatus",
    "SourceSystem",
    "Taxonomy",
    "TaxonomyTerm",
    "Unit",
    "Url",
    "Weekday",
]
