"""Export the catalogue as an HSDS tabular package: CSV files (folder or zip) or their JSON form."""

import csv
import io
import json
import zipfile
from pathlib import Path

from tarjotin.catalogue.hsds.represent import EXTENSION_FIELDS
from tarjotin.catalogue.hsds.tables import TABLES, TableSpec, value_to_hsds
from tarjotin.catalogue.models import PublicationStatus, Service


def export_tables(
    language: str,
    source_system: str | None = None,
    published_only: bool = True,
    profile: bool = True,
) -> dict[str, list[dict]]:
    """``{csv file name: [row, ...]}`` with typed values; texts in ``language``.

    ``profile`` adds the Tarjotin profile columns (all translations, extension fields); without
    it the package is plain HSDS 3.1.
    """
    return {
        spec.csv_name: [
            _row(spec, obj, language, profile)
            for obj in _records(spec, source_system, published_only)
        ]
        for spec in TABLES
    }


def _records(spec: TableSpec, source_system, published_only):
    records = spec.model.objects.order_by("pk")
    if source_system:
        records = records.filter(source_system=source_system)
    if published_only:
        records = _published_only(spec, records)
    return records.iterator(chunk_size=2000)


def _published_only(spec: TableSpec, records):
    """Leave out unpublished services and organizations, and the details that hang on them."""
    field_names = {f.name for f in spec.model._meta.fields}
    if "publication_status" in field_names:
        records = records.filter(publication_status=PublicationStatus.PUBLISHED)
    hidden_services = Service.objects.exclude(publication_status=PublicationStatus.PUBLISHED)
    if "service" in field_names:
        records = records.exclude(service__in=hidden_services)
    if spec.name == "attribute":
        records = records.exclude(link_id__in=hidden_services.values("id"))
    return records


def _row(spec: TableSpec, obj, language: str, profile: bool) -> dict:
    row = {}
    for field in spec.fields:
        model_field = spec.model_field(field)
        value = value_to_hsds(model_field, getattr(obj, model_field.attname), language)
        if value is not None:
            row[field] = value
    for key, value in obj.extra.items():
        row.setdefault(key, value)
    if profile:
        for name in EXTENSION_FIELDS.get(spec.name, ()):
            value = value_to_hsds(obj._meta.get_field(name), getattr(obj, name), language)
            if value not in (None, "", {}):
                row[name] = value
        translations = {f: getattr(obj, f) for f in obj.translated_fields if getattr(obj, f)}
        if translations:
            row["translations"] = translations
    return row


def tables_to_csv(tables: dict[str, list[dict]]) -> dict[str, str]:
    """CSV text per file: the HSDS columns first, in the standard's order, then any others."""
    files = {}
    by_csv = {spec.csv_name: spec for spec in TABLES}
    for name, rows in tables.items():
        columns = list(by_csv[name].fields)
        for row in rows:
            columns += [key for key in row if key not in columns]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
        files[name] = buffer.getvalue()
    return files


def _cell(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def datapackage(tables: dict[str, list[dict]]) -> dict:
    by_csv = {spec.csv_name: spec for spec in TABLES}
    return {
        "name": "tarjotin-hsds",
        "profile": "tabular-data-package",
        "resources": [
            {"name": by_csv[name].name, "path": name, "profile": "tabular-data-resource"}
            for name in tables
        ],
    }


def write_package(tables: dict[str, list[dict]], target: Path, form: str) -> None:
    """``form``: "csv" (a folder, or a zip when ``target`` ends in .zip) or "json"."""
    target = Path(target)
    if form == "json":
        target.write_text(json.dumps(tables, ensure_ascii=False, indent=2), encoding="utf-8")
        return
    files = tables_to_csv(tables)
    files["datapackage.json"] = json.dumps(datapackage(tables), indent=2)
    if target.suffix == ".zip":
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in files.items():
                archive.writestr(name, text)
        return
    target.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
