"""The shipped taxonomies: THL's minimum content, target groups, delivery and cost."""

import pytest

from tarjotin.catalogue import models as m
from tarjotin.catalogue.taxonomies import load_shipped_taxonomies, term_id

pytestmark = pytest.mark.django_db

THL_CATEGORIES = {"exercise", "culture", "nature", "lifestyle", "participation", "volunteering",
                  "communities", "meeting_places", "peer_support", "mental_wellbeing",
                  "advice"}  # fmt: skip
TARGET_GROUPS = {"children_families", "young_people", "working_age", "unemployed", "immigrants",
                 "older_people", "older_living_alone", "disabled", "informal_carers"}  # fmt: skip


def codes(taxonomy: str) -> set[str]:
    return set(
        m.TaxonomyTerm.objects.filter(taxonomy_detail__code=taxonomy).values_list("code", flat=True)
    )


def test_all_taxonomies_are_loaded_by_migrate():
    assert THL_CATEGORIES <= codes("category")
    assert TARGET_GROUPS <= codes("target_group")
    assert codes("delivery") == {"in_person", "remote", "hybrid"}
    assert codes("cost") == {"free", "paid", "discounts"}


def test_every_term_is_named_in_finnish_swedish_and_english():
    for term in m.TaxonomyTerm.objects.filter(taxonomy_detail__code__isnull=False).exclude(
        taxonomy_detail__code=""
    ):
        assert set(term.name) >= {"fi", "sv", "en"}, term.code


def test_participation_has_its_four_parts():
    participation = m.TaxonomyTerm.objects.get(id=term_id("category", "participation"))
    assert set(participation.children.values_list("code", flat=True)) == {
        "volunteering",
        "communities",
        "meeting_places",
        "peer_support",
    }


def test_loading_again_keeps_ids_and_updates_in_place():
    before = m.TaxonomyTerm.objects.count()
    m.TaxonomyTerm.objects.filter(id=term_id("cost", "free")).update(name={"fi": "vanha"})
    load_shipped_taxonomies()
    assert m.TaxonomyTerm.objects.count() == before
    assert m.TaxonomyTerm.objects.get(id=term_id("cost", "free")).name["fi"] == "Maksuton"
