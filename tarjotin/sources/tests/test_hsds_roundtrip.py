"""The official HSDS 3.1 examples import without loss and export back equal."""

import copy
import csv
import datetime as dt
import io
import json

import pytest

from tarjotin.api.tests.hsds_validation import PROFILE_EXTENSIONS
from tarjotin.catalogue.hsds.tables import CORE_TABLE_NAMES, TABLES_BY_NAME
from tarjotin.sources.hsds.exporter import export_tables, tables_to_csv
from tarjotin.sources.hsds.importer import import_tables
from tarjotin.sources.hsds.reader import read_json, read_package

pytestmark = pytest.mark.django_db


def export_imported(language="en"):
    return export_tables(language, source_system="hsds", published_only=False, profile=False)


def parse_csv(text: str) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


def test_csv_examples_round_trip(hsds_dir):
    folder = hsds_dir / "examples" / "csv"
    result = import_tables(read_package(folder), "en", str(folder))
    assert result.quarantined == []
    assert result.imported_count == len(CORE_TABLE_NAMES)  # one row in each example table
    exported = tables_to_csv(export_imported())
    for spec_name in CORE_TABLE_NAMES:
        csv_name = TABLES_BY_NAME[spec_name].csv_name
        original = (folder / csv_name).read_text(encoding="utf-8-sig")
        assert same_table(parse_csv(exported[csv_name]), parse_csv(original)), csv_name


def same_table(ours, theirs) -> bool:
    """Equal columns and rows; columns the example leaves out must be empty in ours (the 3.1
    example url.csv has no organization_id/service_id, which the url schema defines)."""
    (our_columns, our_rows), (their_columns, their_rows) = ours, theirs
    extra = [c for c in our_columns if c not in their_columns]
    if [c for c in our_columns if c in their_columns] != their_columns:
        return False
    if any(row[c] for row in our_rows for c in extra):
        return False
    if len(our_rows) != len(their_rows):
        return False
    return all(
        ours[c] == theirs[c] or _same_instant(theirs[c], ours[c])
        for ours, theirs in zip(our_rows, their_rows, strict=True)
        for c in their_columns
    )


def test_tabular_json_example_round_trips(hsds_dir):
    original = json.loads((hsds_dir / "examples" / "tabular.json").read_text(encoding="utf-8"))
    result = import_tables(read_json(copy.deepcopy(original)), "en", "tabular.json")
    assert result.quarantined == []
    exported = export_imported()
    # The example writes two string fields as JSON numbers; we keep the value and export the
    # type the schema gives (string). Everything else comes back exactly as it went in.
    expected = copy.deepcopy(original)
    expected["organization_identifiers.csv"][0]["identifier"] = "1234567"
    expected["locations.csv"][0]["external_identifier"] = "10092008082"
    assert {name: rows for name, rows in exported.items() if name in original} == expected


def test_dangling_references_are_kept_and_reported(hsds_dir):
    folder = hsds_dir / "examples" / "csv"
    result = import_tables(read_package(folder), "en", str(folder))
    # The official example points at an organization that is not in the package.
    assert any("985e4a42-bd9f-4edc-911d-0243a4640aca" in w for w in result.run.warnings)


LINK_FIELDS = {"link_id", "link_entity", "resource_id", "resource_type"}


def losses(original, served, path="") -> list[str]:
    """What of ``original`` is missing or different in ``served``.

    The API may add what the nesting already implies (a child's ``*_id`` pointing at its
    parent), empty lists and profile extensions; anything else extra is reported too.
    """
    if isinstance(original, dict) and isinstance(served, dict):
        problems = []
        for key, value in original.items():
            if key not in served:
                problems.append(f"{path}/{key}: missing")
            else:
                problems += losses(value, served[key], f"{path}/{key}")
        for key, value in served.items():
            implied = key.endswith("_id") or key in LINK_FIELDS or key in PROFILE_EXTENSIONS
            if key not in original and not implied and value != []:
                problems.append(f"{path}/{key}: added")
        return problems
    if isinstance(original, list) and isinstance(served, list):
        if len(original) != len(served):
            return [f"{path}: {len(original)} items became {len(served)}"]
        by_id = lambda item: str(item.get("id")) if isinstance(item, dict) else str(item)  # noqa: E731
        pairs = zip(sorted(original, key=by_id), sorted(served, key=by_id), strict=True)
        return [p for i, (a, b) in enumerate(pairs) for p in losses(a, b, f"{path}/{i}")]
    if original == served or _same_instant(original, served):
        return []
    return [f"{path}: {original!r} became {served!r}"]


def _same_instant(original, served) -> bool:
    """Date-times are served in UTC ("...13:23:06.500Z"); the same instant is no loss."""
    try:
        return dt.datetime.fromisoformat(original) == dt.datetime.fromisoformat(served)
    except (TypeError, ValueError):
        return False


@pytest.mark.parametrize(
    ("example", "endpoint"),
    [
        ("service_full.json", "services"),
        ("organization_full.json", "organizations"),
        ("service_at_location_full.json", "service_at_locations"),
        ("taxonomy_term.json", "taxonomy_terms"),
    ],
)
def test_nested_examples_import_without_loss(client, hsds_dir, example, endpoint):
    original = json.loads((hsds_dir / "examples" / example).read_text(encoding="utf-8"))
    result = import_tables(read_json(copy.deepcopy(original)), "en", example)
    assert result.quarantined == []
    params = {"full_service": "true"} if endpoint == "organizations" else {}
    served = client.get(f"/api/hsda/{endpoint}/{original['id']}", {"lang": "en", **params}).json()
    assert losses(original, served) == []


def test_losses_notices_what_went_missing_or_changed():
    original = {"id": "1", "name": "Uinti", "phones": [{"id": "2", "number": "123"}]}
    served = {
        "id": "1",
        "name": "Uinti",
        "service_id": "9",
        "phones": [{"id": "2", "number": "124"}],
        "alert": "x",
    }
    assert losses(original, served) == ["/phones/0/number: '123' became '124'", "/alert: added"]
    assert losses(original, {"id": "1", "phones": []}) == [
        "/name: missing",
        "/phones: 1 items became 0",
    ]
