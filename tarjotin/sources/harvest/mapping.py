"""Source classifications -> the tray's taxonomy codes, read from data files in sources/data/."""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def table(source: str) -> dict:
    return json.loads((DATA / f"{source}.json").read_text(encoding="utf-8"))


def scoped(source: str, categories: set[str], released: bool, why: str) -> set[str]:
    """The record's categories; a released record without any gets the source's ``released``
    categories; otherwise OutOfScopeError with the reason (quarantined, visible to moderators)."""
    from tarjotin.sources.harvest.records import OutOfScopeError

    if categories:
        return categories
    if released:
        return set(table(source)["released"])
    raise OutOfScopeError(f"outside the tray's scope: {why}")


def by_code_prefix(mapping: dict[str, list[str]], code: str) -> list[str] | None:
    """The mapping of ``code`` or of its nearest listed parent (P25.3 -> P25); None if none."""
    parts = code.split(".")
    for length in range(len(parts), 0, -1):
        key = ".".join(parts[:length])
        if key in mapping:
            return mapping[key]
    return None
