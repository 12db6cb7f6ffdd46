"""OpenAPI pieces for drf-spectacular: HSDA parameters and references to the official schemas.

Response bodies refer to the published HSDS compiled schemas by URL, exactly as the
official openapi.json does, instead of restating them here (the 3.1 release's openapi.json
still points at the 3.0 branch's files; so do we, until upstream moves).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from tarjotin.search.params import MAX_PER_PAGE

HSDS_SCHEMA_BASE = (
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"
)

_P = OpenApiParameter
PARAMETERS = {
    "search": _P("search", OpenApiTypes.STR, description="Full text search."),
    "page": _P("page", OpenApiTypes.INT, description="Page number of paginated result (from 1)."),
    "per_page": _P(
        "per_page",
        OpenApiTypes.INT,
        description=f"Number of results in a page (1 to {MAX_PER_PAGE}, default 50).",
    ),
    "format": _P(
        "format",
        OpenApiTypes.STR,
        enum=["json", "ndjson"],
        description="`json` (default, paged) or `ndjson` (every result, one per line).",
    ),
    "taxonomy_term_id": _P(
        "taxonomy_term_id", OpenApiTypes.UUID, description="Services with this taxonomy term."
    ),
    "taxonomy_id": _P(
        "taxonomy_id", OpenApiTypes.UUID, description="Services with any term of this taxonomy."
    ),
    "organization_id": _P(
        "organization_id", OpenApiTypes.UUID, description="Services of this organization."
    ),
    "modified_after": _P(
        "modified_after",
        OpenApiTypes.DATETIME,
        description="Results modified on or after this date-time (ISO 8601).",
    ),
    "minimal": _P(
        "minimal",
        OpenApiTypes.BOOL,
        description="Only id, name, status and last_modified of each service.",
    ),
    "full": _P("full", OpenApiTypes.BOOL, description="Fully nested records."),
    "full_service": _P(
        "full_service", OpenApiTypes.BOOL, description="Nest full services in organizations."
    ),
    "postcode": _P(
        "postcode",
        OpenApiTypes.STR,
        description="Postal code. Alone: services whose service area covers it. With "
        "`proximity`: locations within that distance of the postal code's centroid.",
    ),
    "proximity": _P(
        "proximity", OpenApiTypes.NUMBER, description="Distance in metres from `postcode`."
    ),
    "top_only": _P(
        "top_only", OpenApiTypes.BOOL, description="Only top-level terms (without a parent)."
    ),
    "parent_id": _P("parent_id", OpenApiTypes.UUID, description="Terms under this parent term."),
    "lang": _P(
        "lang",
        OpenApiTypes.STR,
        description="Language of the texts (BCP 47, e.g. fi, sv, en). Overrides Accept-Language; "
        "missing translations fall back to Finnish, Swedish, English.",
    ),
}


def parameters(names: set[str]) -> list[OpenApiParameter]:
    return [PARAMETERS[name] for name in sorted(names | {"lang"})]


def official(name: str) -> dict:
    return {"$ref": HSDS_SCHEMA_BASE + name}


PAGE_PROPERTIES = {
    "total_items": {"type": "integer"},
    "total_pages": {"type": "integer"},
    "page_number": {"type": "integer"},
    "size": {"type": "integer"},
    "first_page": {"type": "boolean"},
    "last_page": {"type": "boolean"},
    "empty": {"type": "boolean"},
}


def page_of(name: str) -> dict:
    return {
        "type": "object",
        "properties": {**PAGE_PROPERTIES, "contents": {"type": "array", "items": official(name)}},
        "required": [*PAGE_PROPERTIES, "contents"],
    }


API_ROOT = {
    "type": "object",
    "properties": {
        "version": {"type": "string"},
        "profile": {"type": "string", "format": "uri"},
        "openapi_url": {"type": "string", "format": "uri"},
    },
    "required": ["version", "profile"],
}

ERROR = {
    "type": "object",
    "properties": {
        "status": {"type": "integer"},
        "error": {"type": "string"},
        "detail": {"type": "string"},
        "parameter": {"type": "string"},
    },
    "required": ["status", "error", "detail"],
}
