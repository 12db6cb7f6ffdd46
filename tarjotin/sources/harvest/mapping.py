"""Source classifications -> the tray's taxonomy codes, read from data files in sources/data/."""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def table(source: str) -> dict:
    return json.loads((DATA / f"{source}.json").read_text(encoding="utf-8"))


def by_code_prefix(mapping: dict[str, list[str]], code: str) -> list[str] | None:
    """The mapping of ``code`` or of its nearest listed parent (P25.3 -> P25); None if none."""
    parts = code.split(".")
    for length in range(len(parts), 0, -1):
        key = ".".join(parts[:length])
        if key in mapping:
            return mapping[key]
    return None
