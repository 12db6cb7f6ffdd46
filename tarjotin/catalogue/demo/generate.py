"""Build the demo catalogue in memory, deterministically, and save it with bulk inserts.

The same seed always gives the same records and ids, so demo links, tests and benchmarks
can rely on them. "Today" of the demo is REFERENCE_DATE, not the clock.
"""

import datetime as dt
import uuid
from collections import defaultdict
from decimal import Decimal
from random import Random

from django.db import transaction

from tarjotin.catalogue import models as m
from tarjotin.catalogue.taxonomies import term_id

from .activities import ACTIVITIES, SIGNUP_TEXTS, TARGET_TEXTS, WEEKDAYS, Activity
from .organizations import OrgSpec, all_specs
from .places import STREETS, VENUE_TYPES, Place

REFERENCE_DATE = dt.date(2026, 11, 1)
REFERENCE_TIME = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
DEMO_NAMESPACE = uuid.UUID("a3d5c0b2-8e1f-4c57-9f0e-2b7d6c1e4f90")
SEED = 20261125

VENUE_LOCATIVE = {
    "sports_hall": ("liikuntahallissa", "idrottshall"),
    "swimming_hall": ("uimahallissa", "simhall"),
    "gym": ("kuntosalilla", "gym"),
    "library": ("kirjastossa", "bibliotek"),
    "residents_house": ("asukastalolla", "invånarhus"),
    "health_centre": ("terveysasemalla", "hälsostation"),
    "youth_centre": ("nuorisotalolla", "ungdomsgård"),
    "church": ("kirkossa", "kyrka"),
    "service_centre": ("palvelukeskuksessa", "servicecentral"),
    "culture_house": ("kulttuuritalolla", "kulturhus"),
    "nature_trail": ("luontopolun lähtöpaikalla", "naturstig"),
    "family_centre": ("perhekeskuksessa", "familjecentral"),
}
TIMES = {
    "older_people": (("10:00", "11:00"), ("13:00", "14:30")),
    "older_living_alone": (("10:00", "11:30"), ("13:00", "14:00")),
    "working_age": (("17:30", "18:30"), ("18:00", "19:30")),
    "young_people": (("15:00", "17:00"), ("17:00", "21:00")),
    "children_families": (("09:30", "11:00"), ("17:00", "18:00")),
}
DEFAULT_TIMES = (("10:00", "12:00"), ("12:00", "14:00"), ("17:00", "19:00"))
FIRST_NAMES = ("Liisa", "Matti", "Anna", "Juha", "Sari", "Mikko", "Tiina", "Jari", "Kaisa", "Pekka", "Hanna", "Timo", "Aino", "Ville", "Leena", "Ahmed", "Fatima", "Olga")  # fmt: skip
SURNAMES = ("Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Saarinen", "Lindholm", "Salo")  # fmt: skip
STAFF_TITLES = (("liikunnanohjaaja", "idrottsinstruktör", "exercise instructor"), ("ohjaaja", "handledare", "coordinator"),
                ("sosiaaliohjaaja", "socialhandledare", "social adviser"), ("vapaaehtoistoiminnan koordinaattori", "koordinator för frivilligverksamhet", "volunteer coordinator"),
                ("terveydenhoitaja", "hälsovårdare", "public health nurse"), ("diakoniatyöntekijä", "diakoniarbetare", "deacon"))  # fmt: skip
PRICES = {
    "swim_school": ("60", "kurssi"),
    "aqua": ("5", "kerta"),
    "community_lunch": ("3", "kerta"),
    "gym_group": ("40", "kausi"),
}
PRICE_UNITS = {"kurssi": ("euroa kurssilta", "euro per kurs", "euros per course"), "kerta": ("euroa kerralta", "euro per gång", "euros per session"),
               "kausi": ("euroa kaudelta", "euro per termin", "euros per term")}  # fmt: skip


def sentence_join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


class DemoBuilder:
    def __init__(self, seed: int = SEED):
        self.rng = Random(seed)
        self.rows: dict[type, list] = defaultdict(list)
        self.venues: dict[tuple[str, str], m.Location] = {}
        self.organizations: dict[str, m.Organization] = {}
        self.counter = 0

    # -- helpers -------------------------------------------------------------------------
    def uid(self, *parts) -> uuid.UUID:
        return uuid.uuid5(DEMO_NAMESPACE, ":".join(str(p) for p in parts))

    def add(self, obj):
        self.rows[type(obj)].append(obj)
        return obj

    def provenance(self, key: str) -> dict:
        self.counter += 1
        days = self.rng.choices((self.rng.randint(0, 180), self.rng.randint(181, 270),
                                 self.rng.randint(271, 365), self.rng.randint(366, 540)), (60, 25, 10, 5))[0]  # fmt: skip
        verified = REFERENCE_TIME - dt.timedelta(days=days, minutes=self.rng.randint(0, 600))
        return {"source_system": m.SourceSystem.DEMO, "source_id": f"demo:{key}",
                "fetched_at": REFERENCE_TIME - dt.timedelta(days=self.rng.randint(0, 3)), "last_verified_at": verified}  # fmt: skip

    def texts(self, fi: str, sv: str, en: str, sv_share: float, en_share: float) -> dict:
        out = {"fi": fi}
        if sv and self.rng.random() < sv_share:
            out["sv"] = sv
        if en and self.rng.random() < en_share:
            out["en"] = en
        return out

    # -- organizations -----------------------------------------------------------------
    def organization(self, spec: OrgSpec) -> m.Organization:
        org = self.add(m.Organization(
            id=self.uid("organization", spec.key), name=_all(spec.name), description=_all(spec.description),
            email=f"info@{spec.slug}.example", website=f"https://{spec.slug}.example/",
            organization_type=spec.organization_type, legal_status=_legal_status(spec.organization_type),
            parent_organization_id=self.uid("organization", spec.parent_key) if spec.parent_key else None,
            year_incorporated=self.rng.randint(1950, 2022) if spec.organization_type == "ngo" else None,
            **self.provenance(spec.key),
        ))  # fmt: skip
        self.add(m.Phone(id=self.uid("phone", spec.key), organization=org, number=self.phone_number(spec), type="voice",
                         description={"fi": "Yleinen neuvonta", "sv": "Allmän rådgivning", "en": "General enquiries"}))  # fmt: skip
        if spec.organization_type in {"ngo", "national", "parish"}:
            self.add(m.OrganizationIdentifier(id=self.uid("orgid", spec.key), organization=org, identifier_scheme="FI-PRO",
                                              identifier_type="Y-tunnus", identifier=self.business_id()))  # fmt: skip
        if spec.organization_type in {"ngo", "national"} and self.rng.random() < 0.6:
            self.add(m.Funding(id=self.uid("funding", spec.key), organization=org,
                               source={"fi": "Sosiaali- ja terveysjärjestöjen avustuskeskus STEA sekä kunnan avustus",
                                       "en": "Funding centre for social welfare and health organisations (STEA) and a municipal grant"}))  # fmt: skip
        self.organizations[spec.key] = org
        return org

    def phone_number(self, spec: OrgSpec) -> str:
        if spec.organization_type in {"county", "municipality"}:
            return f"09 {self.rng.randint(100, 899)} {self.rng.randint(1000, 9999)}"
        return f"+358 40 {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}"

    def business_id(self) -> str:
        while True:
            digits = [self.rng.randint(0, 9) for _ in range(7)]
            remainder = sum(d * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
            if remainder != 1:
                check = 0 if remainder == 0 else 11 - remainder
                return "".join(map(str, digits)) + f"-{check}"

    # -- places --------------------------------------------------------------------------
    def venue(self, place: Place, venue_key: str, owner: m.Organization) -> m.Location:
        key = (place.name_fi, venue_key)
        if key in self.venues:
            return self.venues[key]
        venue = VENUE_TYPES[venue_key]
        street_fi, street_sv = self.rng.choice(STREETS)
        number = self.rng.randint(1, 40)
        location = self.add(m.Location(
            id=self.uid("location", *key), location_type=m.LocationType.PHYSICAL, organization=owner,
            name={"fi": f"{place.genitive_fi} {venue.suffix_fi}", "sv": f"{place.name_sv} {venue.suffix_sv}", "en": f"{place.name_fi} {venue.suffix_en}"},
            transportation={"fi": venue.transport_fi},
            latitude=round(place.latitude + self.rng.uniform(-0.012, 0.012), 6),
            longitude=round(place.longitude + self.rng.uniform(-0.02, 0.02), 6),
            municipality_code=place.municipality_code, district={"fi": place.name_fi, "sv": place.name_sv},
            **self.provenance(f"location:{key}"),
        ))  # fmt: skip
        address_1 = {"fi": f"{street_fi} {number}"}
        city = {"fi": place.municipality_fi}
        if place.bilingual:
            address_1["sv"] = f"{street_sv} {number}"
            city["sv"] = place.municipality_sv
        self.add(m.Address(id=self.uid("address", *key), location=location, address_1=address_1, city=city,
                           state_province="Uusimaa", postal_code=place.postal_code, country="FI", address_type="physical"))  # fmt: skip
        self.accessibility(location, venue_key, key)
        self.venues[key] = location
        return location

    def accessibility(self, location: m.Location, venue_key: str, key) -> None:
        shortcomings = {"wheelchair": [], "rollator": [], "visual": [], "hearing": []}
        notes_fi = []
        if venue_key == "nature_trail":
            shortcomings["wheelchair"].append("Polulla on juurakkoa ja jyrkkiä kohtia.")
            shortcomings["visual"].append("Polun reunoja ei ole merkitty kontrastein.")
        elif self.rng.random() < 0.25:
            shortcomings["wheelchair"].append("Sisäänkäynnillä on kaksi porrasta eikä luiskaa.")
            shortcomings["rollator"].append("Sisäänkäynnillä on kaksi porrasta.")
        else:
            notes_fi.append("Esteetön sisäänkäynti ja invapysäköintipaikka pääoven vieressä.")
        if self.rng.random() < 0.5:
            shortcomings["hearing"].append("Tilassa ei ole induktiosilmukkaa.")
        else:
            notes_fi.append("Salissa on induktiosilmukka.")
        if self.rng.random() < 0.4:
            shortcomings["visual"].append("Opasteissa ei ole pistekirjoitusta.")
        description = (
            " ".join(notes_fi) or "Tilassa on esteettömyyspuutteita; katso tarkemmat tiedot."
        )
        self.add(m.Accessibility(id=self.uid("accessibility", *key), location=location, description={"fi": description},
                                 profile_shortcomings=shortcomings))  # fmt: skip

    # -- services ------------------------------------------------------------------------
    def activities_for(self, spec: OrgSpec) -> list[Activity]:
        if spec.activity_keys is not None:
            return [a for a in ACTIVITIES if a.key in spec.activity_keys]
        offered = [a for a in ACTIVITIES if spec.role in a.providers]
        if spec.organization_type == "ngo":
            return self.rng.sample(offered, min(len(offered), self.rng.randint(3, 6)))
        return offered

    def build(self) -> None:
        specs = all_specs(self.rng)
        for spec in specs:
            self.organization(spec)
        for spec in specs:
            activities = self.activities_for(spec)
            if spec.organization_type == "national":
                for activity in activities:
                    self.service(spec, activity, None, activity.targets[0], activity.targets)
                continue
            for place in spec.places:
                for activity in activities:
                    if (
                        spec.organization_type in {"municipality", "county"}
                        and self.rng.random() < 0.22
                    ):
                        continue  # not every unit runs everything everywhere
                    for target in self.variant_targets(activity):
                        self.service(spec, activity, place, target, activity.targets)

    def variant_targets(self, activity: Activity) -> list[str]:
        if len(activity.targets) == 1:
            return [activity.targets[0]]
        count = 2 if self.rng.random() < 0.45 else 1
        return self.rng.sample(list(activity.targets), count)

    def service(
        self, spec: OrgSpec, activity: Activity, place: Place | None, target: str, all_targets
    ) -> None:
        org = self.organizations[spec.key]
        key = f"{spec.key}:{activity.key}:{place.name_fi if place else 'national'}:{target}"
        suffix = (
            TARGET_TEXTS[target][:3]
            if len(all_targets) > 1 and target != "everyone"
            else ("", "", "")
        )
        sv_share, en_share = self.translation_shares(spec, place, activity)
        name = self.texts(
            *(f"{base} {s}".strip() for base, s in zip(activity.name, suffix, strict=True)),
            sv_share,
            en_share,
        )
        venue = self.venue(place, activity.venue, org) if place and activity.venue else None
        schedule = self.schedule_times(activity, target)
        description = self.description(activity, target, place, venue, schedule, name)
        service = self.add(m.Service(
            id=self.uid("service", key), organization=org, name=name, description=description,
            status=self.rng.choices(("active", "temporarily closed", "inactive"), (97, 2, 1))[0],
            publication_status=self.rng.choices(("published", "draft", "pending_review", "archived"), (96, 2, 1, 1))[0],
            url=f"https://{spec.slug}.example/{activity.key}", email=f"{activity.key.replace('_', '.')}@{spec.slug}.example",
            application_process={k: v for k, v in _all(SIGNUP_TEXTS[activity.signup]).items() if k in name},
            minimum_age=activity.ages[0], maximum_age=activity.ages[1],
            last_modified=REFERENCE_TIME - dt.timedelta(days=self.rng.randint(0, 400)),
            **self.provenance(key),
        ))  # fmt: skip
        service.assured_date = service.last_verified_at.date()
        service.capacity_status = self.capacity(activity, service.id)
        self.attributes(service, activity, target, all_targets, name)
        self.cost(service, activity, name)
        self.contact_details(service, spec, activity)
        self.languages(service, activity, place, name)
        self.area(service, place)
        if venue is not None:
            sal = self.add(
                m.ServiceAtLocation(id=self.uid("sal", key), service=service, location=venue)
            )
            self.add_schedule(service, sal, activity, schedule, key)
        elif activity.delivery == "remote" or place is None:
            self.add_schedule(service, None, activity, schedule, key)

    def capacity(self, activity: Activity, service_id) -> str:
        # A random stream of its own, so that adding this field left the rest of the demo as it was.
        if activity.signup not in {"signup", "drop_in"}:
            return "accepting"
        rng = Random(f"capacity:{service_id}")
        return rng.choices(("accepting", "waiting_list", "not_now", ""), (70, 15, 5, 10))[0]

    def translation_shares(
        self, spec: OrgSpec, place: Place | None, activity: Activity
    ) -> tuple[float, float]:
        if place is None:
            return 0.9, 0.6
        sv_share = (
            0.9
            if place.municipality_code in {"710", "638", "753", "257", "235"}
            else 0.45
            if place.bilingual
            else 0.15
        )
        en_share = 0.8 if "immigrants" in activity.targets else 0.25
        return sv_share, en_share

    def schedule_times(self, activity: Activity, target: str) -> dict:
        if activity.key in {"crisis_line"}:
            return {
                "byday": "MO,TU,WE,TH,FR,SA,SU",
                "opens_at": "00:00",
                "closes_at": "23:59",
                "freq": "WEEKLY",
            }
        if activity.signup in {"appointment", "referral", "call"} or activity.delivery == "remote":
            opens, closes = self.rng.choice(
                (("08:00", "16:00"), ("09:00", "15:00"), ("12:00", "20:00"))
            )
            return {
                "byday": "MO,TU,WE,TH,FR",
                "opens_at": opens,
                "closes_at": closes,
                "freq": "WEEKLY",
            }
        opens, closes = self.rng.choice(TIMES.get(target, DEFAULT_TIMES))
        if activity.key in {"grief_group", "nature_walk", "birdwatching", "memory_film"}:
            day = self.rng.choice(
                ("TU", "WE", "SA") if activity.key != "grief_group" else ("TU", "TH")
            )
            return {"byday": f"1{day}", "opens_at": opens, "closes_at": closes, "freq": "MONTHLY"}
        days = sorted(
            self.rng.sample(
                range(5 if target == "working_age" else 6), 2 if self.rng.random() < 0.25 else 1
            )
        )
        return {
            "byday": ",".join(WEEKDAYS[d][0] for d in days),
            "opens_at": opens,
            "closes_at": closes,
            "freq": "WEEKLY",
        }

    def description(self, activity, target, place, venue, schedule, name) -> dict:
        target_texts = TARGET_TEXTS[target][3:]
        when = _when(schedule)
        if venue is not None:
            locative = f"{place.genitive_fi} {VENUE_LOCATIVE[activity.venue][0]}"
            verb = (
                "Ryhmä kokoontuu"
                if activity.signup in {"drop_in", "signup"}
                else "Palvelua on tarjolla"
            )
            where = (f"{verb} {when[0]} {locative}.", f"Verksamheten finns {when[1]} i {place.name_sv} {VENUE_LOCATIVE[activity.venue][1]}.",
                     f"It takes place {when[2]} at {place.name_fi} {VENUE_TYPES[activity.venue].suffix_en}.")  # fmt: skip
            if activity.delivery == "hybrid":
                where = tuple(f"{w} {extra}" for w, extra in zip(where, ("Palvelua saa myös etänä puhelimitse tai videoyhteydellä.", "Tjänsten finns också på distans.", "It is also available remotely by phone or video."), strict=True))  # fmt: skip
        elif place is not None:
            where = (f"Toimintaa on {place.locative_fi} ja lähialueilla.", f"Verksamheten finns i {place.name_sv} med omnejd.",
                     f"Available in {place.name_fi} and nearby.")  # fmt: skip
        else:
            where = (f"Palvelu on auki {when[0]}, ja sitä voi käyttää kaikkialta Suomesta.",
                     f"Tjänsten är öppen {when[1]} och kan användas i hela Finland.", f"Open {when[2]}, anywhere in Finland.")  # fmt: skip
        cost = _cost_texts(activity)
        parts = [
            sentence_join(
                activity.intro[i],
                target_texts[i],
                where[i],
                cost[i],
                SIGNUP_TEXTS[activity.signup][i],
            )
            for i in range(3)
        ]
        return {
            lang: text for lang, text in zip(("fi", "sv", "en"), parts, strict=True) if lang in name
        }

    def attributes(self, service, activity, target, all_targets, name) -> None:
        terms = [("category", c) for c in activity.categories]
        targets = [target] if len(all_targets) > 1 and target != "everyone" else list(all_targets)
        terms += [("target_group", t) for t in targets]
        terms.append(("delivery", activity.delivery))
        terms += [
            ("cost", c)
            for c in {"free": ("free",), "paid": ("paid",), "discounts": ("paid", "discounts")}[
                activity.cost
            ]
        ]
        for taxonomy, code in terms:
            self.add(m.Attribute(id=self.uid("attribute", service.id, taxonomy, code), link_id=service.id, link_entity="service",
                                 link_type=taxonomy, taxonomy_term_id=term_id(taxonomy, code)))  # fmt: skip

    def cost(self, service, activity, name) -> None:
        if activity.cost == "free":
            return
        amount, unit = PRICES.get(activity.key, ("4", "kerta"))
        unit_texts = PRICE_UNITS[unit]
        self.add(m.CostOption(id=self.uid("cost", service.id), service=service, currency="EUR", amount=Decimal(amount),
                              option=_only(name, {"fi": "Normaalihinta", "sv": "Normalpris", "en": "Standard price"}),
                              amount_description=_only(name, {"fi": unit_texts[0], "sv": unit_texts[1], "en": unit_texts[2]}),
                              valid_from=dt.date(2026, 8, 1), valid_to=dt.date(2027, 7, 31)))  # fmt: skip
        if activity.cost == "discounts":
            self.add(m.CostOption(id=self.uid("cost-discount", service.id), service=service, currency="EUR", amount=Decimal(amount) / 2,
                                  option=_only(name, {"fi": "Eläkeläiset, opiskelijat ja työttömät", "sv": "Pensionärer, studerande och arbetslösa",
                                                      "en": "Pensioners, students and unemployed people"}),
                                  amount_description=_only(name, {"fi": unit_texts[0], "sv": unit_texts[1], "en": unit_texts[2]})))  # fmt: skip

    def contact_details(self, service, spec, activity) -> None:
        self.add(
            m.Phone(
                id=self.uid("phone", service.id),
                service=service,
                number=self.phone_number(spec),
                type="voice",
            )
        )
        if self.rng.random() < 0.4:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)
            title = self.rng.choice(STAFF_TITLES)
            contact = self.add(m.Contact(id=self.uid("contact", service.id), service=service, name=f"{first} {last}",
                                         title=_all(title), email=f"{first.lower()}.{last.lower()}@{spec.slug}.example"))  # fmt: skip
            self.add(m.Phone(id=self.uid("contact-phone", service.id), contact=contact, number=f"+358 50 {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}", type="cell"))  # fmt: skip

    def languages(self, service, activity, place, name) -> None:
        codes = ["fi"]
        if "sv" in name and (place is None or place.bilingual) and self.rng.random() < 0.7:
            codes.append("sv")
        if activity.key == "immigrant_advice":
            codes += ["en", "ar", "so", "ru", "uk"]
        elif "en" in name and self.rng.random() < 0.5:
            codes.append("en")
        names = {
            "fi": "suomi",
            "sv": "ruotsi",
            "en": "englanti",
            "ar": "arabia",
            "so": "somali",
            "ru": "venäjä",
            "uk": "ukraina",
        }
        for code in codes:
            self.add(
                m.Language(
                    id=self.uid("language", service.id, code),
                    service=service,
                    code=code,
                    name=names[code],
                )
            )

    def area(self, service, place) -> None:
        if place is None:
            self.add(m.ServiceArea(id=self.uid("area", service.id), service=service, extent_type="text",
                                   name={"fi": "Koko Suomi", "sv": "Hela Finland", "en": "All of Finland"}))  # fmt: skip
            return
        self.add(m.ServiceArea(id=self.uid("area", service.id), service=service, municipality_code=place.municipality_code, extent_type="text",
                               name={"fi": place.municipality_fi, "sv": place.municipality_sv}))  # fmt: skip

    def add_schedule(self, service, sal, activity, times, key) -> None:
        season = activity.signup == "signup" and activity.delivery != "remote"
        when = _when(times)
        self.add(m.Schedule(
            id=self.uid("schedule", key), service=service, service_at_location=sal, freq=times["freq"], byday=times["byday"],
            interval=1, opens_at=times["opens_at"], closes_at=times["closes_at"], wkst="MO",
            valid_from=dt.date(2026, 8, 17) if season else None, valid_to=dt.date(2026, 12, 13) if season else None,
            dtstart=dt.date(2026, 8, 17) if season else None,
            description={"fi": when[0][0].upper() + when[0][1:], "sv": when[1][0].upper() + when[1][1:], "en": when[2][0].upper() + when[2][1:]},
        ))  # fmt: skip

    # -- saving --------------------------------------------------------------------------
    SAVE_ORDER = (m.Organization, m.OrganizationIdentifier, m.Funding, m.Location, m.Address, m.Accessibility, m.Service,
                  m.ServiceAtLocation, m.Contact, m.Phone, m.Schedule, m.Language, m.CostOption, m.ServiceArea, m.Attribute)  # fmt: skip

    @transaction.atomic
    def save(self) -> dict[str, int]:
        counts = {}
        for model in self.SAVE_ORDER:
            for obj in self.rows[model]:
                obj.source_system = m.SourceSystem.DEMO
            model.objects.bulk_create(self.rows[model], batch_size=500)
            counts[model._meta.model_name] = len(self.rows[model])
        return counts


def _all(texts) -> dict:
    return {lang: text for lang, text in zip(("fi", "sv", "en"), texts, strict=True) if text}


def _only(name: dict, texts: dict) -> dict:
    """Translate small texts into the languages the service itself has."""
    return {lang: text for lang, text in texts.items() if lang in name}


def _legal_status(organization_type: str) -> str:
    return {"county": "Hyvinvointialue", "municipality": "Kunta", "ngo": "Rekisteröity yhdistys", "parish": "Seurakunta",
            "national": "Rekisteröity yhdistys"}.get(organization_type, "Muu")  # fmt: skip


def _when(times: dict) -> tuple[str, str, str]:
    opens, closes = times["opens_at"].lstrip("0") or "0", times["closes_at"]
    if times["closes_at"] == "23:59":
        return (
            "joka päivä ympäri vuorokauden",
            "dygnet runt alla dagar",
            "every day, around the clock",
        )
    days = times["byday"].split(",")
    if times["freq"] == "MONTHLY":
        index = [w[0] for w in WEEKDAYS].index(days[0][1:])
        fi_day = WEEKDAYS[index][4]
        return (f"kuukauden ensimmäisenä {fi_day} klo {_hours(opens, closes)}", f"första {WEEKDAYS[index][2][3:-2]}en i månaden kl. {_hours(opens, closes)}",
                f"on the first {WEEKDAYS[index][3][3:-1]} of the month, {_hours(opens, closes)}")  # fmt: skip
    if len(days) == 5:
        return (
            f"arkisin klo {_hours(opens, closes)}",
            f"vardagar kl. {_hours(opens, closes)}",
            f"on weekdays, {_hours(opens, closes)}",
        )
    labels = [next(w for w in WEEKDAYS if w[0] == d) for d in days]
    join = {0: " ja ", 1: " och ", 2: " and "}
    return tuple(join[i].join(label[i + 1] for label in labels) + (" klo " if i == 0 else " kl. " if i == 1 else ", ") + _hours(opens, closes)
                 for i in range(3))  # fmt: skip


def _hours(opens: str, closes: str) -> str:
    def short(t: str) -> str:
        hours, minutes = t.split(":")
        return str(int(hours)) if minutes == "00" else f"{int(hours)}.{minutes}"

    return f"{short(opens)}–{short(closes)}"


def _cost_texts(activity: Activity) -> tuple[str, str, str]:
    if activity.cost == "free":
        return (
            "Osallistuminen on maksutonta.",
            "Deltagandet är avgiftsfritt.",
            "Taking part is free.",
        )
    amount, unit = PRICES.get(activity.key, ("4", "kerta"))
    fi_unit, sv_unit, en_unit = PRICE_UNITS[unit]
    texts = (
        f"Hinta on {amount} {fi_unit}.",
        f"Priset är {amount} {sv_unit}.",
        f"The price is {amount} {en_unit}.",
    )
    if activity.cost == "discounts":
        extra = (" Eläkeläisille, opiskelijoille ja työttömille puoleen hintaan.", " Halva priset för pensionärer, studerande och arbetslösa.",
                 " Half price for pensioners, students and unemployed people.")  # fmt: skip
        texts = tuple(t + e for t, e in zip(texts, extra, strict=True))
    return texts


def load_demo() -> dict[str, int]:
    builder = DemoBuilder()
    builder.build()
    return builder.save()
