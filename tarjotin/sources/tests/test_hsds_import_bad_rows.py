"""Broken rows in a package: good rows are imported, bad ones quarantined with a reason."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tarjotin.catalogue import models as m
from tarjotin.sources.hsds.importer import import_tables
from tarjotin.sources.hsds.reader import PackageError, read_json, read_package
from tarjotin.sources.models import QuarantinedRecord

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "hsds"


@pytest.fixture
def broken_package(tmp_path):
    (tmp_path / "services.csv").write_bytes((FIXTURES / "broken_services.csv").read_bytes())
    return tmp_path


def test_good_rows_are_imported_and_bad_rows_quarantined_with_row_and_reason(broken_package):
    result = import_tables(read_package(broken_package), "fi", str(broken_package))
    assert result.imported == {"service": 2}
    reasons = {q.row_number: q.reason for q in result.quarantined}
    assert set(reasons) == {2, 3, 4, 5, 6}
    assert "id: 'not-a-uuid' is not a UUID" in reasons[2]
    assert "name: required" in reasons[3]
    assert "status" in reasons[4] and "sometimes" in reasons[4]
    assert "minimum_age" in reasons[5] and "assured_date: '31.12.2026' is not a date" in reasons[5]
    assert "appears twice" in reasons[6]
    assert (result.run.imported_count, result.run.quarantined_count) == (2, 5)


def test_quarantined_rows_are_kept_whole_and_nothing_of_them_is_written(broken_package):
    result = import_tables(read_package(broken_package), "fi", str(broken_package))
    stored = QuarantinedRecord.objects.get(import_run=result.run, row_number=4)
    assert stored.payload["name"] == "Lukupiiri" and stored.payload["status"] == "sometimes"
    assert not m.Service.objects.filter(id="2b5b3a3e-1d3e-4f7a-9a59-0b1c2d3e4f04").exists()
    saved = m.Service.objects.get(id="2b5b3a3e-1d3e-4f7a-9a59-0b1c2d3e4f01")
    assert saved.name == {"fi": "Kuntosaliryhmä senioreille"}  # the duplicate did not overwrite it
    assert saved.minimum_age == 65 and saved.source_system == "hsds"


def test_reference_to_a_missing_organization_is_kept_and_warned_about(broken_package):
    result = import_tables(read_package(broken_package), "fi", str(broken_package))
    service = m.Service.objects.get(id="2b5b3a3e-1d3e-4f7a-9a59-0b1c2d3e4f07")
    assert str(service.organization_id) == "9d3c1f0e-5b7a-4c2d-8e9f-0a1b2c3d4e5f"
    assert result.run.warnings == [
        "services.csv row 7: organization_id 9d3c1f0e-5b7a-4c2d-8e9f-0a1b2c3d4e5f is not in the "
        "catalogue (kept as is)"
    ]


def test_json_rows_of_the_wrong_shape_are_quarantined():
    tables = read_json(
        {"services.csv": ["just text", {"id": "x", "name": ["a"], "status": "active"}]}
    )
    result = import_tables(tables, "fi", "inline")
    assert [q.row_number for q in result.quarantined] == [1, 2]
    assert "not an object" in result.quarantined[0].reason
    assert "name: must be text" in result.quarantined[1].reason


def test_unreadable_packages_are_a_clear_error(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(PackageError, match="no HSDS tables"):
        read_package(tmp_path)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json")
    with pytest.raises(PackageError, match="not valid JSON"):
        read_package(bad_json)


def test_import_and_export_commands(broken_package, tmp_path, capsys):
    call_command("import_hsds", str(broken_package), "--language", "fi")
    out = capsys.readouterr().out
    assert "2 imported, 5 quarantined" in out and "row 4" in out
    target = tmp_path / "export.json"
    call_command("export_hsds", str(target), "--source-system", "hsds")
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert len(exported["services.csv"]) == 2
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_hsds", str(tmp_path / "missing.zip"))


def test_export_with_profile_round_trips_translations_and_extensions(tmp_path):
    service = m.Service.objects.filter(name__has_key="sv", publication_status="published").first()
    call_command("export_hsds", str(tmp_path / "all.zip"), "--language", "sv")
    exported = read_package(tmp_path / "all.zip")
    row = next(r for r in exported.rows["service"] if r["id"] == str(service.id))
    assert row["name"] == service.name["sv"]
    assert json.loads(row["translations"])["name"] == service.name
    m.Service.objects.filter(id=service.id).delete()
    import_tables(exported, "sv", "all.zip")
    assert m.Service.objects.get(id=service.id).name == service.name
