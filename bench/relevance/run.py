"""Relevance harness: runs the judged queries against the demo catalogue and prints a table.

    .venv/bin/python bench/relevance/run.py [--misses 0.6] [--queries bench/relevance/queries.json]

It builds its own SQLite database and search index in a temporary folder (about 15 s), so it
measures exactly the committed analyzer, ranking and demo data. Metrics: nDCG@10 with graded
relevance (2 = the right activity and every condition of the judgment, 1 = the right activity)
and recall@20 (share of the best-graded services found in the first 20, out of at most 20),
per language and per named set of queries ("set": "xlang" = the Swedish and English queries
written before the cross-language glossary, to see what it does beyond its own examples).
"""

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def setup_django(workdir: Path) -> None:
    os.environ["TARJOTIN_DATABASE_URL"] = f"sqlite:///{workdir / 'relevance.sqlite3'}"
    os.environ["TARJOTIN_SEARCH_INDEX_DIR"] = str(workdir / "search")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tarjotin.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("rebuild_search_index", verbosity=0)


def service_facts() -> dict[str, dict]:
    """activity, target group and place of every demo service, from its demo source id."""
    from tarjotin.catalogue.models import Service

    facts = {}
    for service_id, source_id, name in Service.objects.values_list("id", "source_id", "name"):
        *_rest, activity, place, target = source_id.split(":")
        facts[str(service_id)] = {
            "activity": activity,
            "place": place,
            "target": target,
            "name": name,
        }
    return facts


def grade(fact: dict, judgment: dict) -> int:
    if fact["activity"] not in judgment["activities"]:
        return 0
    if "targets" in judgment and fact["target"] not in judgment["targets"]:
        return 1
    if "districts" in judgment and fact["place"] not in judgment["districts"]:
        return 1
    return 2


def evaluate(judgment: dict, facts: dict) -> dict:
    from tarjotin.search.engine import search
    from tarjotin.search.request import SearchRequest

    start = time.perf_counter()
    result = search(
        SearchRequest(text=judgment["q"], language=judgment["lang"], limit=20, facets=False)
    )
    elapsed = (time.perf_counter() - start) * 1000
    grades = [grade(facts[hit.id], judgment) for hit in result.hits if hit.id in facts]
    all_grades = sorted((grade(f, judgment) for f in facts.values()), reverse=True)
    ideal = [g for g in all_grades if g > 0]
    best = ideal[0] if ideal else 0
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:10]))
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal[:10]))
    wanted = sum(1 for g in ideal if g == best)
    found = sum(1 for g in grades[:20] if g == best and best > 0)
    top = [_name(facts[h.id]["name"], judgment["lang"]) for h in result.hits[:3]]
    return {
        "ndcg": dcg / idcg if idcg else 0.0,
        "recall": found / min(20, wanted) if wanted else 0.0,
        "ms": elapsed,
        "top": top,
        "total": result.total,
    }


def _name(names: dict, language: str) -> str:
    return names.get(language) or names.get("fi") or next(iter(names.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=Path(__file__).parent / "queries.json")
    parser.add_argument("--misses", type=float, default=0.6, help="list queries under this nDCG@10")
    args = parser.parse_args()
    judgments = json.loads(args.queries.read_text(encoding="utf-8"))["queries"]
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(Path(workdir))
        facts = service_facts()
        rows = [(j, evaluate(j, facts)) for j in judgments]
    print(f"{'language':10} {'queries':>8} {'nDCG@10':>8} {'recall@20':>10} {'median ms':>10}")  # noqa: T201
    groups = [(lang, [r for j, r in rows if j["lang"] == lang]) for lang in ("fi", "sv", "en")]
    groups.append(("all", [r for _j, r in rows]))
    for name in sorted({j["set"] for j in judgments if "set" in j}):
        groups.append((f"set {name}", [r for j, r in rows if j.get("set") == name]))
    for label, chosen in groups:
        if not chosen:
            continue
        print(  # noqa: T201
            f"{label:10} {len(chosen):8d} {statistics.mean(r['ndcg'] for r in chosen):8.3f} "
            f"{statistics.mean(r['recall'] for r in chosen):10.3f} "
            f"{statistics.median(r['ms'] for r in chosen):10.1f}"
        )
    misses = [(j, r) for j, r in rows if r["ndcg"] < args.misses]
    print(f"\nMisses (nDCG@10 < {args.misses}): {len(misses)}")  # noqa: T201
    for judgment, result in misses:
        note = f" [{judgment['note']}]" if "note" in judgment else ""
        note += f" [set {judgment['set']}]" if "set" in judgment else ""
        top = "; ".join(result["top"])
        print(  # noqa: T201
            f"  {judgment['lang']} {judgment['q']!r}{note}: nDCG {result['ndcg']:.2f}, "
            f"recall {result['recall']:.2f}, {result['total']} hits; top: {top}"
        )


if __name__ == "__main__":
    main()
