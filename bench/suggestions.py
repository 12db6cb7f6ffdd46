"""Precision and recall of the taxonomy suggestions on a held-out fifth of the catalogue.

    .venv/bin/python bench/suggestions.py

Runs on the configured database (the demo data by default; harvested services count too).
Services are split 80/20 by their name (stable between runs, and no activity on both
sides); the classifier of
tarjotin/publishing/suggest.py is trained on the 80 % and suggests terms for the 20 %, which
are compared with the terms the services really have. Baseline in the same run: suggesting
every service the most common category and target group.
"""

import os
import sys
import zlib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tarjotin.settings")

import django  # noqa: E402

django.setup()

from tarjotin.publishing import suggest  # noqa: E402


def held_out(text: str) -> bool:
    """By the name (the text before the first full stop): the demo data repeats one activity in
    many municipalities, and a copy on both sides would measure memory, not understanding."""
    name = text.split(". ", 1)[0].lower()
    return zlib.crc32(name.encode()) % 5 == 0


def scores(predicted: list[set], actual: list[set], prefix: str = "") -> tuple[float, float, int]:
    hit = wrong = missed = 0
    for p, a in zip(predicted, actual, strict=True):
        p = {x for x in p if x.startswith(prefix)}
        a = {x for x in a if x.startswith(prefix)}
        hit, wrong, missed = hit + len(p & a), wrong + len(p - a), missed + len(a - p)
    precision = hit / (hit + wrong) if hit + wrong else 0.0
    recall = hit / (hit + missed) if hit + missed else 0.0
    return precision, recall, hit + missed


def main() -> None:
    texts, labels = suggest.examples()
    train = [(t, lab) for t, lab in zip(texts, labels, strict=True) if not held_out(t)]
    test = [(t, lab) for t, lab in zip(texts, labels, strict=True) if held_out(t)]
    model = suggest.train([t for t, _ in train], [lab for _, lab in train])
    actual = [set(lab) for _, lab in test]
    predicted = [{label for label, _s in model.suggest(t)} for t, _ in test]
    common = Counter(x for _, lab in train for x in lab)
    baseline = {
        max((x for x in common if x.startswith(f"{t}:")), key=common.get)
        for t in suggest.TAXONOMIES
    }
    rows = [("most common terms (baseline)", [baseline] * len(test)), ("classifier", predicted)]
    print(f"{len(train)} services to learn from, {len(test)} held out")  # noqa: T201
    print(f"{'suggester':30} {'part':14} {'precision':>9} {'recall':>7} {'terms':>6}")  # noqa: T201
    for name, guesses in rows:
        for part in ("all", "category", "target_group"):
            prefix = "" if part == "all" else f"{part}:"
            precision, recall, total = scores(guesses, actual, prefix)
            print(f"{name:30} {part:14} {precision:9.3f} {recall:7.3f} {total:6d}")  # noqa: T201


if __name__ == "__main__":
    main()
