"""Relevance on real public records: ../shared/realdata harvested, judged queries, a table.

    .venv/bin/python bench/relevance/realdata.py [--misses 0.6]

Harvests the real samples (PTV v8 Vaasa/Naantali, LIPAS, Helsinki TPR units and service
register) into a temporary database with the project's own harvesters, builds the search
index, and runs the queries of realdata_queries.json. A service is relevant to a query when one
of its names (any language) contains one of the judgment's ``names`` fragments (or all of its
``all_names``), or its
source keywords (LIPAS type, TPR search words, PTV ontology terms) contain one of its
``keywords``: rules a person wrote after reading the data, so that the judgments follow the
real records rather than what the search returns. Metrics as in run.py (binary grades here).
"""

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REALDATA = Path(os.environ.get("TARJOTIN_REALDATA_DIR", ROOT.parent / "shared" / "realdata"))
sys.path.insert(0, str(ROOT))
FILES = {
    "ptv": ["kuntaapi-ptv-v8_services.json", "kuntaapi-ptv-v8_servicechannels.json",
            "kuntaapi-ptv-v8_organizations.json"],
    "lipas": ["lipas_sports-places-legacy-api.json"],
    "tpr": ["helfi-tpr_units-v4-fixture.json", "hauki_tprek-units-v4-fixture.json",
            "unified-search_tprek-unit-41102.json", "unified-search_tprek-unit-42284.json",
            "helsinki-tpr-aggregator_services.json", "helsinki-tpr-aggregator_errandservices.json"],
}  # fmt: skip


def setup(workdir: Path) -> None:
    os.environ["TARJOTIN_DATABASE_URL"] = f"sqlite:///{workdir / 'realdata.sqlite3'}"
    os.environ["TARJOTIN_SEARCH_INDEX_DIR"] = str(workdir / "search")
    os.environ["TARJOTIN_VAR_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tarjotin.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tarjotin.sources.harvest.run import harvest
    from tarjotin.sources.harvest.sources import SOURCES

    call_command("migrate", verbosity=0)
    for source, names in FILES.items():
        harvester = SOURCES[source]()
        harvest(harvester, harvester.read_files([REALDATA / n for n in names]), "bench", False)
    call_command("rebuild_search_index", verbosity=0)


def facts() -> dict[str, dict]:
    from tarjotin.catalogue.models import Service

    out = {}
    for service in Service.objects.filter(publication_status="published"):
        names = " | ".join(service.name.values()).lower()
        keywords = " | ".join(service.extra.get("source_keywords", [])).lower()
        out[str(service.id)] = {"names": names, "keywords": keywords, "name": service.name}
    return out


def relevant(fact: dict, judgment: dict) -> bool:
    if "all_names" in judgment:  # every fragment in the names: "museum" and "volunteer"
        return all(f in fact["names"] for f in judgment["all_names"])
    return any(f in fact["names"] for f in judgment.get("names", [])) or any(
        k in fact["keywords"] for k in judgment.get("keywords", [])
    )


def evaluate(judgment: dict, known: dict) -> dict:
    from tarjotin.search.engine import search
    from tarjotin.search.request import SearchRequest

    result = search(SearchRequest(text=judgment["q"], language=judgment["lang"], limit=20,
                                  facets=False))  # fmt: skip
    grades = [int(relevant(known[h.id], judgment)) for h in result.hits if h.id in known]
    wanted = sum(relevant(f, judgment) for f in known.values())
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(grades[:10]))
    idcg = sum(1 / math.log2(i + 2) for i in range(min(10, wanted)))
    return {
        "ndcg": dcg / idcg if idcg else 0.0,
        "recall": sum(grades[:20]) / min(20, wanted) if wanted else 0.0,
        "wanted": wanted,
        "top": [next(iter(known[h.id]["name"].values())) for h in result.hits[:3] if h.id in known],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=float, default=0.6)
    args = parser.parse_args()
    judgments = json.loads((Path(__file__).parent / "realdata_queries.json").read_text())["queries"]
    with tempfile.TemporaryDirectory() as workdir:
        setup(Path(workdir))
        known = facts()
        rows = [(j, evaluate(j, known)) for j in judgments]
    print(f"{len(known)} published services from the real samples")  # noqa: T201
    print(f"{'language':10} {'queries':>8} {'nDCG@10':>8} {'recall@20':>10}")  # noqa: T201
    for language in ("fi", "sv", "all"):
        chosen = [r for j, r in rows if language in ("all", j["lang"])]
        if chosen:
            ndcg = statistics.mean(r["ndcg"] for r in chosen)
            recall = statistics.mean(r["recall"] for r in chosen)
            print(f"{language:10} {len(chosen):8d} {ndcg:8.3f} {recall:10.3f}")  # noqa: T201
    misses = [(j, r) for j, r in rows if r["ndcg"] < args.misses]
    print(f"\nMisses (nDCG@10 < {args.misses}): {len(misses)}")  # noqa: T201
    for judgment, result in misses:
        top = "; ".join(result["top"])
        print(  # noqa: T201
            f"  {judgment['lang']} {judgment['q']!r}: nDCG {result['ndcg']:.2f}, "
            f"recall {result['recall']:.2f} of {result['wanted']}; top: {top}"
        )


if __name__ == "__main__":
    main()
