"""The OpenAPI description generated from the code is valid and its schema references resolve."""

import json
import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

from tarjotin.api.schema import HSDS_SCHEMA_BASE


@pytest.fixture(scope="module")
def document():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_openapi_document_is_valid_with_official_schemas_resolved(document, hsds_dir):
    # Point the references at the local copy of the official schemas: no network in tests. The
    # list items are vendored compiled; a whole record is its table's schema (hsds_validation).
    schemas = hsds_dir / "schema"
    text = re.sub(
        re.escape(HSDS_SCHEMA_BASE) + r"(?:\.\./)?([a-z_]+\.json)",
        lambda found: (
            (schemas / "compiled" / found[1]).as_uri()
            if found[1].endswith("_list.json")
            else (schemas / found[1]).as_uri()
        ),
        json.dumps(document),
    )
    validate(json.loads(text))


def test_openapi_covers_every_hsda_endpoint_and_parameter(document, hsds_dir):
    official = json.loads((hsds_dir / "schema" / "openapi.json").read_text(encoding="utf-8"))
    ours = {
        path.removeprefix("/api/hsda"): operations for path, operations in document["paths"].items()
    }
    for path, operations in official["paths"].items():
        assert path in ours, path
        official_names = {
            p.get("name") or p["$ref"].rsplit("/", 1)[-1]
            for p in operations["get"].get("parameters", [])
        }
        our_names = {
            p["name"] for p in ours[path]["get"].get("parameters", []) if p["in"] == "query"
        }
        assert official_names <= our_names, (path, official_names - our_names)


@pytest.mark.django_db
def test_openapi_is_served(client):
    response = client.get("/api/hsda/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.1")
