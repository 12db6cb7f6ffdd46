import json

import pytest

from tarjotin.catalogue.taxonomies import shipped_taxonomies
from tarjotin.sources.harvest import values
from tarjotin.sources.harvest.mapping import DATA
from tarjotin.sources.harvest.records import RecordError


def test_ptv_northing_easting_become_degrees_and_zero_is_no_place():
    lat, lon = values.point("7000862.871", "252705.569")  # Vähäkyrö library, from real PTV data
    assert lat == pytest.approx(63.0525, abs=0.001) and lon == pytest.approx(22.1055, abs=0.001)
    assert values.point("0", "0") == (None, None)
    assert values.point(None, "") == (None, None)
    with pytest.raises(RecordError, match="broken coordinate"):
        values.point("abc", "1")
    with pytest.raises(RecordError, match="outside Finland"):
        values.point(48.85, 2.35)


def test_html_entities_and_paragraphs_become_plain_text():
    assert values.plain("<p>Uinti &amp; <b>jumppa</b></p><p>Tervetuloa!</p>") == (
        "Uinti & jumppa\nTervetuloa!"
    )
    assert values.plain(None) == ""


def test_dates_in_the_forms_sources_send():
    assert values.moment("2019-08-29 15:55:30.259").year == 2019  # LIPAS
    assert values.moment("2017-09-11T00:00:00").tzinfo is not None  # PTV, no zone
    assert values.day("2020-02-29").isoformat() == "2020-02-29"  # LinkedEvents date only
    with pytest.raises(RecordError):
        values.moment("29.8.2019")


def test_language_tags():
    assert values.language("sms") == "sms"  # Skolt Sámi, seen in PTV v11
    assert values.by_language([{"language": "fi", "value": None}, []]) == {}
    with pytest.raises(RecordError, match="unknown language code"):
        values.language("Finnish!")


NOT_CATEGORIES = {"municipalities", "accessibility_viewpoints", "channel_delivery",
                  "charge_types", "organization_types", "excluded_names",
                  "operators", "property_facts"}  # fmt: skip


@pytest.mark.parametrize("source", ["ptv", "lipas", "linkedevents", "tpr"])
def test_mapping_files_name_only_terms_the_tray_has(source):
    codes = {
        taxonomy["code"]: {term["code"] for term in taxonomy["terms"]}
        for taxonomy in shipped_taxonomies()
    }
    mapping = json.loads((DATA / f"{source}.json").read_text(encoding="utf-8"))
    for key, table in mapping.items():
        if not isinstance(table, dict) or key in NOT_CATEGORIES:
            continue
        taxonomy = "target_group" if "target_group" in key else "category"
        for targets in table.values():
            assert set(targets) <= codes[taxonomy], (key, targets)


def test_organization_types_name_only_the_catalogue_types():
    from tarjotin.catalogue.models import OrganizationType

    mapping = json.loads((DATA / "ptv.json").read_text(encoding="utf-8"))
    assert set(mapping["organization_types"].values()) <= set(OrganizationType.values)
