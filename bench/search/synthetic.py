"""Synthetic catalogues of any size with Finnish-like service texts, for the speed benchmark.

Texts are recombined from the demo content (real Finnish sentences, inflected place names),
so the analyzer sees realistic words; facets, ages, places and times are drawn at random with
the demo's proportions. Deterministic for a given seed.
"""

import random

from tarjotin.catalogue.demo.activities import ACTIVITIES, SIGNUP_TEXTS, TARGET_TEXTS, WEEKDAYS
from tarjotin.catalogue.demo.places import PLACES, VENUE_TYPES
from tarjotin.search.analysis import analyze, trigrams, words
from tarjotin.search.documents import DAYS, ServiceDocument, age_groups, language_mask
from tarjotin.search.glossary import concepts_said

TARGETS = list(TARGET_TEXTS)
EXTRA_WORDS = (
    "kevätkausi",
    "syyskausi",
    "tutustumiskerta",
    "vertaisohjaaja",
    "lähiliikuntapaikka",
    "kaupunginosa",
    "asukasyhdistys",
    "kesäkuu",
    "talviuinti",
    "retkeily",
    "ulkoilureitti",
    "kirjastokortti",
    "ilmoittautuminen",
    "tekonurmi",
    "palloilu",
    "kuntoutus",
)


def service_text(rng: random.Random, n: int) -> dict:
    activity = rng.choice(ACTIVITIES)
    target = rng.choice(activity.targets)
    place = rng.choice(PLACES)
    venue = VENUE_TYPES[activity.venue or "residents_house"]
    day = rng.choice(WEEKDAYS)
    suffix = TARGET_TEXTS[target][0]
    name_fi = f"{activity.name[0]} {suffix}".strip()
    body_fi = " ".join(
        [
            activity.intro[0],
            TARGET_TEXTS[target][3],
            f"Ryhmä kokoontuu {day[1]} {place.genitive_fi} {venue.suffix_fi}ssa.",
            SIGNUP_TEXTS[activity.signup][0],
            " ".join(rng.sample(EXTRA_WORDS, 3)),
            f"Ryhmä {n % 997}.",
        ]
    )
    texts = {"fi": (name_fi, body_fi)}
    if rng.random() < 0.35:
        texts["sv"] = (activity.name[1], activity.intro[1])
    if rng.random() < 0.25:
        texts["en"] = (activity.name[2], activity.intro[2])
    return {"activity": activity, "target": target, "place": place, "texts": texts, "day": day[0]}


def document(rng: random.Random, n: int) -> tuple[ServiceDocument, dict]:
    raw = service_text(rng, n)
    activity, place = raw["activity"], raw["place"]
    doc = ServiceDocument(f"synthetic-{n}")
    grams, concepts_name, concepts_body = set(), set(), set()
    for lang in ("fi", "sv", "en"):
        name, body = raw["texts"].get(lang, ("", ""))
        analyzed_name, analyzed_body = analyze(name, lang), analyze(body, lang)
        doc.texts[f"name_{lang}"] = analyzed_name.lemmas()
        doc.texts[f"body_{lang}"] = analyzed_body.lemmas()
        concepts_name.update(concepts_said(analyzed_name.words, lang))
        concepts_body.update(concepts_said(analyzed_body.words, lang))
        grams.update(g for w in words(name) for g in trigrams(w))
    doc.texts["concepts_name"] = sorted(concepts_name)
    doc.texts["concepts_body"] = sorted(concepts_body)
    doc.texts["roots"] = analyze(raw["texts"]["fi"][1], "fi").roots()
    doc.texts["grams"] = sorted(grams)
    doc.texts["category"] = sorted(set(activity.categories) | {raw["target"]})
    doc.texts["place"] = analyze(
        f"{place.name_fi} {place.municipality_fi} {place.name_sv}", "fi"
    ).lemmas()
    opens = rng.choice((9, 10, 13, 17, 18))
    slot_base = DAYS.index(raw["day"]) * 48 + opens * 2
    doc.facets = {
        "category": set(activity.categories),
        "target_group": {raw["target"]},
        "delivery": {activity.delivery},
        "cost": {activity.cost},
        "language": set(raw["texts"]),
        "text_language": set(raw["texts"]),
        "municipality": {place.municipality_code},
        "district": {place.name_fi},
        "access_ok": set(
            rng.sample(["wheelchair", "rollator", "visual", "hearing"], rng.randint(0, 4))
        ),
        "area": {place.municipality_code},
        "weekday": {raw["day"]},
        "daypart": {"morning" if opens < 12 else "afternoon" if opens < 17 else "evening"},
        "status": {"active"},
        "capacity": {rng.choice(("accepting", "accepting", "waiting_list", "unknown"))},
        "organization": {f"org-{n % 5000}"},
        "slot": {f"w:{slot_base}", f"w:{slot_base + 1}"},
    }
    doc.facets["age_group"] = age_groups(*activity.ages)
    lat = place.latitude + rng.uniform(-0.03, 0.03)
    lon = place.longitude + rng.uniform(-0.05, 0.05)
    doc.numbers = {
        "min_age": [activity.ages[0] if activity.ages[0] is not None else -1],
        "max_age": [activity.ages[1] if activity.ages[1] is not None else 999],
        "verified_day": [739500 + rng.randint(0, 500)],
        "modified": [1_760_000_000 + n],
        "valid_from": [0],
        "valid_to": [99_999_999],
        "lang_mask": [language_mask(raw["texts"])],
        "lat": [lat],
        "lon": [lon],
    }
    doc.labels = {
        "name": {lang: t[0] for lang, t in raw["texts"].items()},
        "organization": {"fi": f"Järjestäjä {n % 5000}"},
    }
    row = {
        "id": doc.id,
        "name": raw["texts"]["fi"][0],
        "body": raw["texts"]["fi"][1],
        "category": sorted(activity.categories),
        "target_group": [raw["target"]],
        "delivery": activity.delivery,
        "cost": activity.cost,
        "municipality": place.municipality_code,
        "lat": lat,
        "lon": lon,
        "min_age": doc.numbers["min_age"][0],
        "max_age": doc.numbers["max_age"][0],
    }
    return doc, row
