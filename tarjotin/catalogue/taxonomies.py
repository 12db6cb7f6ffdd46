"""The taxonomies Tarjotin ships as data (data/taxonomies.json), kept in the database by upsert.

Ids are derived from codes with uuid5, so every installation, export and API client sees the
same id for e.g. the category "exercise".
"""

import json
import uuid
from functools import cache
from pathlib import Path

TARJOTIN_NAMESPACE = uuid.UUID("6f1c3c1e-2f7e-4f5c-9a43-5d0b7f1e8a21")
TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomies.json"


def taxonomy_id(taxonomy_code: str) -> uuid.UUID:
    return uuid.uuid5(TARJOTIN_NAMESPACE, f"taxonomy:{taxonomy_code}")


def term_id(taxonomy_code: str, term_code: str) -> uuid.UUID:
    return uuid.uuid5(TARJOTIN_NAMESPACE, f"term:{taxonomy_code}:{term_code}")


@cache
def shipped_taxonomies() -> list[dict]:
    return json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))["taxonomies"]


def load_shipped_taxonomies(**_signal_kwargs) -> None:
    """Create or update the shipped taxonomies (connected to post_migrate)."""
    from tarjotin.catalogue.models import Taxonomy, TaxonomyTerm

    for spec in shipped_taxonomies():
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=taxonomy_id(spec["code"]),
            defaults={
                "code": spec["code"],
                "name": spec["name"],
                "description": spec["description"],
                "uri": spec.get("uri"),
                "version": spec.get("version"),
            },
        )
        for term in spec["terms"]:
            parent = term.get("parent")
            TaxonomyTerm.objects.update_or_create(
                id=term_id(spec["code"], term["code"]),
                defaults={
                    "code": term["code"],
                    "name": term["name"],
                    "description": term["description"],
                    "parent_id": term_id(spec["code"], parent) if parent else None,
                    "taxonomy": spec["code"],
                    "taxonomy_detail": taxonomy,
                },
            )
