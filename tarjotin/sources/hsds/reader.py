"""Read HSDS data packages into one shape: ``{table name: [row dict, ...]}``.

Accepted: a folder or zip of CSV files (``services.csv`` ...), the JSON form of the tabular
package (``{"services.csv": [...]}``), and nested records as the API returns them (a service,
organization or service_at_location object, a list of them, or a Page with ``contents``).
Nested records are flattened: a child gets its parent's id in the matching ``*_id`` field, and
a record that appears under several parents becomes one row with all those references.
"""

import csv
import io
import json
import zipfile
from pathlib import Path

from tarjotin.catalogue.hsds.tables import TABLES_BY_CSV, TABLES_BY_NAME

# Nested key -> child table, per parent table (from the compiled HSDS schemas).
CHILDREN = {
    "organization": {"funding": "funding", "contacts": "contact", "phones": "phone",
                     "locations": "location", "programs": "program", "services": "service",
                     "organization_identifiers": "organization_identifier",
                     "additional_urls": "url", "additional_websites": "url"},
    "service": {"phones": "phone", "schedules": "schedule", "service_areas": "service_area",
                "service_at_locations": "service_at_location", "languages": "language",
                "funding": "funding", "cost_options": "cost_option",
                "required_documents": "required_document",
                "contacts": "contact", "additional_urls": "url", "capacities": "service_capacity"},
    "service_at_location": {"contacts": "contact", "phones": "phone", "schedules": "schedule",
                            "service_areas": "service_area"},
    "location": {"languages": "language", "addresses": "address", "contacts": "contact",
                 "accessibility": "accessibility", "phones": "phone", "schedules": "schedule"},
    "contact": {"phones": "phone"},
    "phone": {"languages": "language"},
}  # fmt: skip
# Nested single objects that the parent refers to: key -> (table, the parent's reference field).
REFERENCED = {
    "organization": ("organization", "organization_id"),
    "program": ("program", "program_id"),
    "location": ("location", "location_id"),
    "service": ("service", "service_id"),
    "taxonomy_term": ("taxonomy_term", "taxonomy_term_id"),
    "taxonomy_detail": ("taxonomy", "taxonomy_id"),
    "unit": ("unit", "unit_id"),
}


class PackageError(ValueError):
    """The package as a whole cannot be read (not a row-level problem)."""


class Tables:
    """Rows per table, merging rows that share an id (a nested record seen twice)."""

    def __init__(self):
        self.rows: dict[str, list[dict]] = {}
        self._by_id: dict[tuple[str, str], dict] = {}
        self.conflicts: list[str] = []

    def add(self, table: str, row: dict, merge: bool = False) -> None:
        key = (table, str(row.get("id")))
        if merge and row.get("id") and key in self._by_id:
            existing = self._by_id[key]
            for field, value in row.items():
                if field not in existing or existing[field] in (None, ""):
                    existing[field] = value
                elif existing[field] != value and not isinstance(value, list | dict):
                    self.conflicts.append(
                        f"{table} {row['id']}: two values for {field}; kept the first"
                    )
            return
        self.rows.setdefault(table, []).append(row)
        if row.get("id"):
            self._by_id.setdefault(key, row)


def read_package(path: Path) -> Tables:
    path = Path(path)
    if path.is_dir():
        return _read_csv_files({p.name: p.read_bytes() for p in path.glob("*.csv")})
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            files = {
                Path(n).name: archive.read(n) for n in archive.namelist() if n.endswith(".csv")
            }
            if files:
                return _read_csv_files(files)
            json_names = [n for n in archive.namelist() if n.endswith(".json")]
            if len(json_names) == 1:
                return read_json(_parse_json(archive.read(json_names[0])))
        raise PackageError("the zip file holds no HSDS CSV files")
    if path.suffix == ".csv":
        return _read_csv_files({path.name: path.read_bytes()})
    return read_json(_parse_json(path.read_bytes()))


def _parse_json(data: bytes):
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise PackageError(f"not valid JSON: {error}") from None


def _read_csv_files(files: dict[str, bytes]) -> Tables:
    tables = Tables()
    known = {name: data for name, data in files.items() if name in TABLES_BY_CSV}
    if not known:
        raise PackageError(
            f"no HSDS tables found; expected files such as {', '.join(list(TABLES_BY_CSV)[:3])}"
        )
    for name, data in known.items():
        text = data.decode("utf-8-sig")
        for row in csv.DictReader(io.StringIO(text)):
            # An empty cell means the field is absent; a short row leaves None behind.
            tables.add(
                TABLES_BY_CSV[name].name,
                {k: v for k, v in row.items() if k and v not in ("", None)},
            )
    return tables


def read_json(data) -> Tables:
    if isinstance(data, dict) and any(key in TABLES_BY_CSV for key in data):
        tables = Tables()
        for name, rows in data.items():
            if name not in TABLES_BY_CSV:
                raise PackageError(f"unknown table {name!r} in the tabular JSON")
            if not isinstance(rows, list):
                raise PackageError(f"{name} must be a list of rows")
            for row in rows:
                tables.add(
                    TABLES_BY_CSV[name].name, row if isinstance(row, dict) else {"_invalid": row}
                )
        return tables
    if isinstance(data, dict) and "contents" in data:
        data = data["contents"]
    records = data if isinstance(data, list) else [data]
    tables = Tables()
    for record in records:
        if not isinstance(record, dict):
            raise PackageError("nested JSON must hold objects")
        _flatten(tables, _guess_table(record), record, parent=None)
    return tables


def _guess_table(record: dict) -> str:
    if "status" in record or "service_at_locations" in record:
        return "service"
    if "location" in record or "service_id" in record or "location_id" in record:
        return "service_at_location"
    if "taxonomy_detail" in record or "parent_id" in record or "term_uri" in record:
        return "taxonomy_term"
    return "organization"


def _flatten(
    tables: Tables, table: str, record: dict, parent: tuple[str, str] | None
) -> str | None:
    """Add ``record`` and everything nested in it; returns its id."""
    row = {}
    nested_after = []
    for key, value in record.items():
        if key in CHILDREN.get(table, {}) and isinstance(value, list):
            nested_after.append((CHILDREN[table][key], value))
        elif key in ("attributes", "metadata") and isinstance(value, list):
            nested_after.append((key.rstrip("s") if key == "attributes" else "metadata", value))
        elif key in REFERENCED and isinstance(value, dict):
            child_table, field = REFERENCED[key]
            child_id = _flatten(tables, child_table, value, None)
            if child_id is not None:
                row.setdefault(field, child_id)
        else:
            row[key] = value
    if parent is not None:
        parent_table, parent_id = parent
        _link_to_parent(table, row, parent_table, parent_id)
    tables.add(table, row, merge=True)
    record_id = row.get("id")
    for child_table, children in nested_after:
        for child in children:
            if isinstance(child, dict):
                _flatten(tables, child_table, child, (table, record_id))
    return record_id


def _link_to_parent(table: str, row: dict, parent_table: str, parent_id) -> None:
    if table == "attribute":
        row.setdefault("link_id", parent_id)
        row.setdefault("link_entity", parent_table)
    elif table == "metadata":
        row.setdefault("resource_id", parent_id)
        row.setdefault("resource_type", parent_table)
    elif f"{parent_table}_id" in TABLES_BY_NAME[table].fields:
        row.setdefault(f"{parent_table}_id", parent_id)
