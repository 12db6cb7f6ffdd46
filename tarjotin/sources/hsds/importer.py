"""Import HSDS tables row by row: good rows are saved, bad rows are quarantined with a reason.

Each row is converted and validated in full before anything is written, and is saved in its
own savepoint, so a failure never leaves a half-written record. References to records that
are neither in the package nor in the catalogue are kept (HSDS packages are often partial)
and reported as warnings.
"""

import datetime as dt
import decimal
import json
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models as dj
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from tarjotin.catalogue.hsds.represent import EXTENSION_FIELDS
from tarjotin.catalogue.hsds.tables import TABLES, TableSpec
from tarjotin.catalogue.models import SourceSystem
from tarjotin.catalogue.models.base import TranslatedTextField
from tarjotin.sources.hsds.reader import Tables
from tarjotin.sources.models import ImportRun, QuarantinedRecord

# Profile extensions a row may carry besides the HSDS fields (docs/hsds-profile.md).
EXTENSION_FIELD_NAMES = {name for names in EXTENSION_FIELDS.values() for name in names}
IGNORED_FIELDS = {"provenance"}  # ours on export; the importing system records its own


class RowError(ValueError):
    pass


@dataclass
class ImportResult:
    run: ImportRun
    imported: dict[str, int] = field(default_factory=dict)
    quarantined: list[QuarantinedRecord] = field(default_factory=list)

    @property
    def imported_count(self) -> int:
        return sum(self.imported.values())


def import_tables(
    tables: Tables, language: str, source_name: str, source_system: str = SourceSystem.HSDS_PACKAGE
) -> ImportResult:
    run = ImportRun.objects.create(source_system=source_system, source_name=source_name)
    result = ImportResult(run)
    fetched_at = timezone.now()
    references: list[tuple[str, int, str, type, uuid.UUID]] = []
    for spec in TABLES:
        seen: set = set()
        for number, row in enumerate(tables.rows.get(spec.name, []), start=1):
            try:
                if not isinstance(row, dict) or "_invalid" in row:
                    raise RowError("the row is not an object")
                obj = build_record(spec, row, language)
                if obj.pk in seen:
                    raise RowError(f"id {obj.pk} appears twice in {spec.csv_name}")
                seen.add(obj.pk)
                obj.source_system, obj.source_id, obj.fetched_at = (
                    source_system,
                    str(obj.pk),
                    fetched_at,
                )
                exists = spec.model.objects.filter(pk=obj.pk).exists()
                with transaction.atomic():  # a re-imported record is replaced whole
                    obj.save(force_update=exists, force_insert=not exists)
            except (RowError, ValidationError) as error:
                result.quarantined.append(_quarantine(run, spec, number, row, error))
                continue
            result.imported[spec.name] = result.imported.get(spec.name, 0) + 1
            references += [(spec.csv_name, number, *ref) for ref in _references(obj)]
    run.warnings = tables.conflicts + _dangling(references)
    run.imported_count = result.imported_count
    run.quarantined_count = len(result.quarantined)
    run.finished_at = timezone.now()
    run.save()
    return result


def build_record(spec: TableSpec, row: dict, language: str) -> dj.Model:
    """A validated model instance from one row; RowError lists every problem found."""
    problems, values, extra = [], {}, {}
    translations = _json_value(row.get("translations")) or {}
    if not isinstance(translations, dict):
        problems.append("translations: must be an object of field -> {language: text}")
        translations = {}
    for key, raw in row.items():
        if key in spec.fields:
            model_field = spec.model_field(key)
            try:
                values[model_field.attname] = convert(model_field, raw, language)
            except (ValueError, TypeError, decimal.InvalidOperation) as error:
                problems.append(f"{key}: {error}")
        elif key in EXTENSION_FIELD_NAMES and _has_field(spec.model, key):
            try:
                values[key] = convert(spec.model._meta.get_field(key), raw, language)
            except (ValueError, TypeError) as error:
                problems.append(f"{key}: {error}")
        elif key not in IGNORED_FIELDS and key != "translations":
            extra[key] = raw
    for key, texts in translations.items():
        if key in spec.model.translated_fields and isinstance(texts, dict):
            values[key] = {**texts, **values.get(key, {})}
    if "id" not in row:
        problems.append("id: missing")
    problems += [f"{name}: required" for name in spec.required if _is_empty(values, spec, name)]
    if problems:
        raise RowError("; ".join(problems))
    obj = spec.model(**values, extra=extra)
    references = [f.name for f in spec.model._meta.concrete_fields if isinstance(f, dj.ForeignKey)]
    obj.full_clean(exclude=references, validate_unique=False, validate_constraints=False)
    return obj


def convert(model_field: dj.Field, raw, language: str):
    if raw is None:
        return {} if isinstance(model_field, TranslatedTextField) else None
    if isinstance(model_field, TranslatedTextField):
        if not isinstance(raw, str):
            raise ValueError("must be text")
        return {language: raw}
    if isinstance(model_field, dj.JSONField):
        return _json_value(raw)
    if isinstance(model_field, dj.ForeignKey | dj.UUIDField):
        return _uuid(raw)
    if isinstance(raw, bool):
        raise ValueError("must not be true/false")
    if isinstance(model_field, dj.IntegerField):
        return _integer(raw)
    if isinstance(model_field, dj.FloatField):
        return float(raw)
    if isinstance(model_field, dj.DecimalField):
        return decimal.Decimal(str(raw))
    if isinstance(model_field, dj.DateTimeField):
        return _datetime(raw)
    if isinstance(model_field, dj.DateField):
        return _date(raw)
    if isinstance(raw, dict | list):
        raise ValueError("must be text, not a list or object")
    return str(raw)


def _json_value(raw):
    """JSON columns arrive parsed from JSON packages and as text from CSV files."""
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            raise ValueError("must be JSON") from None
    return raw


def _uuid(raw) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise ValueError(f"{raw!r} is not a UUID") from None


def _integer(raw) -> int:
    number = float(raw)
    if not number.is_integer():
        raise ValueError(f"{raw!r} is not a whole number")
    return int(number)


def _date(raw) -> dt.date:
    value = parse_date(str(raw))
    if value is None:
        raise ValueError(f"{raw!r} is not a date (YYYY-MM-DD)")
    return value


def _datetime(raw) -> dt.datetime:
    value = parse_datetime(str(raw))
    if value is None:
        raise ValueError(f"{raw!r} is not an ISO 8601 date-time")
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _is_empty(values: dict, spec: TableSpec, name: str) -> bool:
    return values.get(spec.model_field(name).attname) in (None, "", {})


def _quarantine(run, spec, number, row, error) -> QuarantinedRecord:
    if isinstance(error, ValidationError):
        reason = "; ".join(
            f"{key}: {' '.join(messages)}" for key, messages in error.message_dict.items()
        )
    else:
        reason = str(error)
    record_id = str(row.get("id", ""))[:255] if isinstance(row, dict) else ""
    return QuarantinedRecord.objects.create(
        import_run=run,
        table=spec.name,
        row_number=number,
        record_id=record_id,
        reason=reason,
        payload=row if isinstance(row, dict) else {"value": repr(row)},
    )


def _references(obj):
    for model_field in obj._meta.concrete_fields:
        if isinstance(model_field, dj.ForeignKey):
            value = getattr(obj, model_field.attname)
            if value is not None:
                yield model_field.attname, model_field.related_model, value


def _dangling(references) -> list[str]:
    """Warnings for references to records that are not in the catalogue after the import."""
    by_model: dict = {}
    for ref in references:
        by_model.setdefault(ref[3], set()).add(ref[4])
    existing = {
        model: set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
        for model, ids in by_model.items()
    }
    return [
        f"{csv_name} row {number}: {name} {value} is not in the catalogue (kept as is)"
        for csv_name, number, name, model, value in references
        if value not in existing[model]
    ]
