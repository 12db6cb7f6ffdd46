"""One harvest run: fetch (or read) a source's records, convert, write in batches, report.

The run keeps going past bad records (quarantined with reason and raw payload) and failed
requests (reported); the reconciliation that unpublishes what a source no longer lists runs
only after a complete full harvest, so an outage of the source never empties the tray.
"""

import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone
from tqdm import tqdm

from tarjotin.search.changes import bulk, catch_up
from tarjotin.sources.harvest.records import RecordError, SourceRecord, checked
from tarjotin.sources.harvest.writer import Writer
from tarjotin.sources.models import ImportRun, QuarantinedRecord
from tarjotin.sources.scope import released_ids

BATCH_SIZE = 200


@dataclass
class HarvestResult:
    run: ImportRun
    counts: Counter = field(default_factory=Counter)
    fetch_errors: list[str] = field(default_factory=list)
    index_seconds: float = 0.0  # of the run's time, bringing this node's search index up to date


def harvest(source, records, source_name: str, full: bool, progress: bool = False) -> HarvestResult:
    run = ImportRun.objects.create(source_system=source.name, source_name=source_name)
    source.released |= released_ids(source.name)
    result = HarvestResult(run)
    writer = Writer(source.name)
    batch: list[tuple[int, SourceRecord]] = []
    bar = tqdm(desc=f"harvest {source.name}", unit=" records", disable=not progress)
    for number, record in enumerate(records, start=1):
        batch.append((number, record))
        if len(batch) >= BATCH_SIZE:
            _write_batch(source, writer, batch, result)
            bar.update(len(batch))
            batch = []
    _write_batch(source, writer, batch, result)
    bar.update(len(batch))
    bar.close()
    result.fetch_errors = list(source.fetch_errors)
    if full and not result.fetch_errors:
        result.counts["unpublished"] = writer.unpublish_unseen()
    run.finished_at = timezone.now()
    run.imported_count = result.counts["written"] + result.counts["unchanged"]
    run.quarantined_count = result.counts["quarantined"]
    run.warnings = [f"fetch failed: {error}" for error in result.fetch_errors]
    if full and result.fetch_errors:
        run.warnings.append("not reconciled: the source did not answer in full")
    run.save()
    started = time.perf_counter()
    catch_up()  # a node's first index is built whole, with everything harvested
    result.index_seconds = time.perf_counter() - started
    return result


def _write_batch(source, writer: Writer, batch, result: HarvestResult) -> None:
    """Convert every record (quarantining those that cannot be), then write the batch in one
    transaction; if the database refuses it, write record by record so the refused one goes
    alone into quarantine."""
    if not batch:
        return
    converted = []
    for number, record in batch:
        try:
            converted += [(number, record, checked(data)) for data in source.convert(record)]
        except RecordError as error:
            _quarantine(result, record, number, str(error))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            _quarantine(result, record, number, f"cannot be read: {type(error).__name__}")
    with transaction.atomic(), bulk():
        try:
            with transaction.atomic():
                outcomes = writer.write_batch([data for _n, _r, data in converted])
        except DatabaseError:
            outcomes = [_write_alone(writer, item, result) for item in converted]
        result.counts.update(outcome for outcome in outcomes if outcome)


def _write_alone(writer: Writer, item, result: HarvestResult) -> str | None:
    number, record, data = item
    try:
        with transaction.atomic():
            return writer.write(data)
    except DatabaseError as error:
        _quarantine(result, record, number, f"cannot be stored: {type(error).__name__}")
        return None


def _quarantine(result: HarvestResult, record: SourceRecord, number: int, reason: str) -> None:
    QuarantinedRecord.objects.create(
        import_run=result.run,
        table=record.kind,
        row_number=number,
        record_id=record.source_id[:255],
        reason=reason,
        payload=record.payload
        if isinstance(record.payload, dict | list)
        else {"raw": str(record.payload)},
    )
    result.counts["quarantined"] += 1
    result.counts[f"quarantined: {reason.split(':')[0]}"] += 1
