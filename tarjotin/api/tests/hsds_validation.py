"""Checking API output against the official HSDS 3.1 schemas, strictly.

The schemas are the ones vendored in ``tests/spec/hsds-3.1`` (see its README); a whole record is
checked against its table's schema with the references between tables resolved.
"""

import json
import os
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

CHECKOUT = Path(__file__).resolve().parents[3]
HSDS_DIR = Path(os.environ.get("TARJOTIN_HSDS_SPEC_DIR", CHECKOUT / "tests" / "spec" / "hsds-3.1"))

# Keys our HSDS profile adds (docs/hsds-profile.md); anything else outside the schema is a bug.
PROFILE_EXTENSIONS = {
    "translations",
    "provenance",
    "publication_status",
    "organization_type",
    "municipality_code",
    "district",
    "profile_shortcomings",
    "code",
    "capacity_status",
}


@cache
def registry() -> Registry:
    """The per-table schemas, so that relative references such as "taxonomy.json" resolve."""
    resources = []
    for path in (HSDS_DIR / "schema").glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (path.name, Resource.from_contents(contents, default_specification=DRAFT202012))
        )
    return Registry().with_resources(resources)


# What upstream's compile step adds at the top of a record besides its table's own fields: the
# link back to the services (compiled organization.json, service_at_location.json).
BACK_LINKS = {
    "organization": {"services": {"type": "array", "items": {"$ref": "service.json"}}},
    "service_at_location": {"service": {"$ref": "service.json"}},
}


def compiled(table: str) -> dict:
    """The compiled schema of one record (``schema/compiled/<table>.json`` upstream, 2.5-3.9 MB
    each, not vendored): the table's schema, its references resolved when validating, plus the
    back links the compiler adds."""
    schema = json.loads((HSDS_DIR / "schema" / f"{table}.json").read_text(encoding="utf-8"))
    schema["properties"] = {**schema["properties"], **BACK_LINKS.get(table, {})}
    return schema


def schema_errors(instance, schema: dict) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker(), registry=registry())
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]
    return errors + unknown_keys(instance, schema, "")


def unknown_keys(instance, schema: dict, path: str) -> list[str]:
    """Keys the schema does not define (the schemas themselves allow any extra key)."""
    if "$ref" in schema:
        schema = registry().resolver().lookup(schema["$ref"]).contents
    problems = []
    if isinstance(instance, dict) and "properties" in schema:
        properties = schema["properties"]
        for key, value in instance.items():
            if key in properties:
                problems += unknown_keys(value, properties[key], f"{path}/{key}")
            elif key not in PROFILE_EXTENSIONS:
                problems.append(f"{path}/{key}: not an HSDS field nor a profile extension")
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(instance):
            problems += unknown_keys(item, schema["items"], f"{path}/{index}")
    return problems


def assert_valid(instance, schema: dict) -> None:
    errors = schema_errors(instance, schema)
    assert not errors, "\n".join(errors[:20])
