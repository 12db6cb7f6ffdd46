"""Who runs the demo services: county and city units, parishes, associations, national actors.

Names follow the patterns real organizations use; the organizations themselves are invented
(county and municipality names are real).
"""

from dataclasses import dataclass, field

from .places import COUNTIES, PLACES, Place

MUNICIPALITIES = {
    # code: (genitive, Swedish name, is a city)
    "091": ("Helsingin", "Helsingfors", True),
    "049": ("Espoon", "Esbo", True),
    "092": ("Vantaan", "Vanda", True),
    "235": ("Kauniaisten", "Grankulla", True),
    "257": ("Kirkkonummen", "Kyrkslätt", False),
    "444": ("Lohjan", "Lojo", True),
    "927": ("Vihdin", "Vichtis", False),
    "710": ("Raaseporin", "Raseborg", True),
    "245": ("Keravan", "Kervo", True),
    "186": ("Järvenpään", "Träskända", True),
    "858": ("Tuusulan", "Tusby", False),
    "543": ("Nurmijärven", "Nurmijärvi", False),
    "106": ("Hyvinkään", "Hyvinge", True),
    "505": ("Mäntsälän", "Mäntsälä", False),
    "638": ("Porvoon", "Borgå", True),
    "753": ("Sipoon", "Sibbo", False),
}

COUNTY_UNITS = {
    "county_health": ("Terveyden edistämisen palvelut", "Tjänster för hälsofrämjande", "Health promotion services"),
    "county_mental": ("Mielenterveys- ja päihdepalvelut", "Mentalvårds- och missbrukartjänster", "Mental health and substance use services"),
    "county_social": ("Sosiaaliohjaus ja hyvinvointiohjaus", "Social handledning och välfärdshandledning", "Social and wellbeing guidance"),
    "county_elderly": ("Ikääntyneiden palvelut", "Tjänster för äldre", "Services for older people"),
    "county_family": ("Perhekeskuspalvelut", "Familjecentraltjänster", "Family centre services"),
}  # fmt: skip

MUNICIPAL_UNITS = {
    "sports": ("liikuntapalvelut", "idrottstjänster", "Sports Services"),
    "culture": ("kulttuuripalvelut", "kulturtjänster", "Cultural Services"),
    "library": ("kirjastopalvelut", "bibliotekstjänster", "Library Services"),
    "youth": ("nuorisopalvelut", "ungdomstjänster", "Youth Services"),
}

# role: ((Finnish name after the place genitive, Swedish after the Swedish place name, English), ...)
NGO_NAMES = {
    "ngo_sports": (("Urheilijat ry", "Idrottare rf", "Sports Club"), ("Latu ry", "Skidförening rf", "Outdoor Association")),
    "ngo_seniors": (("Eläkeläiset ry", "Pensionärer rf", "Pensioners' Association"), ("Senioriyhdistys ry", "Seniorförening rf", "Seniors' Association")),
    "ngo_mental": (("Mielenterveysseura ry", "Föreningen för psykisk hälsa rf", "Mental Health Society"),),
    "ngo_carers": (("Omaishoitajat ry", "Närståendevårdare rf", "Carers' Association"),),
    "ngo_health": (("Sydänyhdistys ry", "Hjärtförening rf", "Heart Association"), ("Diabetesyhdistys ry", "Diabetesförening rf", "Diabetes Association")),
    "ngo_martha": (("Martat ry", "Marthor rf", "Martha Association"),),
    "ngo_nature": (("Luonnonystävät ry", "Naturvänner rf", "Friends of Nature"),),
    "ngo_residents": (("asukasyhdistys ry", "invånarförening rf", "Residents' Association"),),
    "ngo_multicultural": (("Monikulttuurinen yhdistys ry", "Mångkulturella förening rf", "Multicultural Association"),),
    "ngo_volunteer": (("Naapuriapu ry", "Grannhjälp rf", "Neighbourhood Help"), ("Vapaaehtoiskeskus ry", "Frivilligcentral rf", "Volunteer Centre")),
    "ngo_red_cross": (("Auttajat ry", "Hjälpare rf", "Helpers' Association"),),
    "ngo_disability": (("Invalidiyhdistys ry", "Invalidförening rf", "Disability Association"), ("Näkövammaiset ry", "Synskadade rf", "Visually Impaired Association")),
    "ngo_families": (("Perheyhdistys ry", "Familjeförening rf", "Families' Association"),),
}  # fmt: skip

NATIONAL = (
    (("Valtakunnallinen Kriisilinja ry", "Riksomfattande Krislinjen rf", "National Crisis Line Association"), "kriisilinja", ("crisis_line", "substance_advice")),
    (("Nuorten Tukichat ry", "Ungdomarnas Stödchatt rf", "Youth Support Chat Association"), "tukichat", ("youth_chat", "quit_smoking")),
    (("Suomen Etäliikuntaliitto ry", "Finlands Distansmotionsförbund rf", "Finnish Online Exercise Federation"), "etaliikunta", ("online_gym",)),
    (("Omaishoidon Neuvontalinja ry", "Rådgivningslinjen för närståendevård rf", "Carers' Helpline Association"), "omaislinja", ("carers_line",)),
    (("Talousapu-säätiö sr", "Stiftelsen Ekonomihjälp sr", "Money Help Foundation"), "talousapu", ("debt_advice",)),
    (("Päihdeapu Verkossa ry", "Missbrukshjälp på nätet rf", "Substance Help Online"), "paihdeapu", ("substance_advice",)),
    (("Ikäihmisten Etäkerhot ry", "Distansklubbar för äldre rf", "Online Clubs for Older People"), "etakerhot", ("online_gym",)),
    (("Kansallinen Mielenterveysverkko ry", "Nationella nätverket för psykisk hälsa rf", "National Mental Health Network"), "mielenverkko", ("crisis_line", "youth_chat")),
)  # fmt: skip


@dataclass
class OrgSpec:
    key: str
    role: str
    organization_type: str
    name: tuple[str, str, str]
    slug: str
    places: list[Place] = field(default_factory=list)
    parent_key: str | None = None
    description: tuple[str, str, str] = ("", "", "")
    activity_keys: tuple[str, ...] | None = None  # None: whatever its role provides


def municipality_name(code: str) -> tuple[str, str, str]:
    genitive, sv, is_city = MUNICIPALITIES[code]
    fi = f"{genitive} {'kaupunki' if is_city else 'kunta'}"
    sv_full = f"{sv} {'stad' if is_city else 'kommun'}"
    en_base = next(p.municipality_fi for p in PLACES if p.municipality_code == code)
    en = f"City of {en_base}" if is_city else f"Municipality of {en_base}"
    return fi, sv_full, en


def county_specs() -> list[OrgSpec]:
    specs = []
    for county in COUNTIES.values():
        places = [p for p in PLACES if p.county == county.key]
        root = f"county:{county.key}"
        kind = "municipality" if county.key == "helsinki" else "county"
        specs.append(OrgSpec(root, "root", kind, (county.name_fi, county.name_sv, county.name_en), county.slug, [],
                             description=_county_description(county)))  # fmt: skip
        for role, (fi, sv, en) in COUNTY_UNITS.items():
            name = (
                f"{county.name_fi}, {fi.lower()}",
                f"{county.name_sv}, {sv.lower()}",
                f"{county.name_en}: {en}",
            )
            specs.append(OrgSpec(f"{root}:{role}", role, kind, name, f"{county.slug}-{role}", places, root,
                                 description=_unit_description(fi, sv, en)))  # fmt: skip
    return specs


def _county_description(county) -> tuple[str, str, str]:
    return (
        f"{county.name_fi} järjestää alueensa asukkaiden sosiaali- ja terveyspalvelut sekä tukee hyvinvoinnin ja terveyden edistämistä.",
        f"{county.name_sv} ordnar social- och hälsovårdstjänster för invånarna i området.",
        f"{county.name_en} provides social and health services for the residents of its area.",
    )  # fmt: skip


def _unit_description(fi, sv, en) -> tuple[str, str, str]:
    return (
        f"{fi} tarjoavat neuvontaa, ohjausta ja ryhmiä hyvinvoinnin tueksi.",
        f"{sv} erbjuder rådgivning, handledning och grupper som stöder välbefinnandet.",
        f"{en} offer advice, guidance and groups that support wellbeing.",
    )


def municipal_specs() -> list[OrgSpec]:
    specs = []
    for code in MUNICIPALITIES:
        places = [p for p in PLACES if p.municipality_code == code]
        fi, sv, en = municipality_name(code)
        root = f"municipality:{code}"
        if code != "091":  # Helsinki is a city and a county at once: its root is in county_specs
            specs.append(OrgSpec(root, "root", "municipality", (fi, sv, en), f"kunta{code}", [],
                                 description=(f"{fi} edistää asukkaidensa hyvinvointia liikunta-, kulttuuri-, kirjasto- ja nuorisopalveluilla.",
                                              f"{sv} främjar invånarnas välfärd med idrotts-, kultur-, biblioteks- och ungdomstjänster.",
                                              f"The {en} promotes residents' wellbeing with sports, culture, library and youth services.")))  # fmt: skip
        parent = "county:helsinki" if code == "091" else root
        for role, (unit_fi, unit_sv, unit_en) in MUNICIPAL_UNITS.items():
            specs.append(OrgSpec(f"{root}:{role}", role, "municipality", (f"{fi}, {unit_fi}", f"{sv}, {unit_sv}", f"{en}: {unit_en}"),
                                 f"kunta{code}-{role}", places, parent,
                                 description=(f"{fi.split()[0]} {unit_fi} järjestää toimintaa kaikenikäisille.",
                                              f"{sv} {unit_sv} ordnar verksamhet för alla åldrar.",
                                              f"{en} {unit_en} organises activities for all ages.")))  # fmt: skip
    return specs


def parish_specs() -> list[OrgSpec]:
    return [
        OrgSpec(f"parish:{p.name_fi}", "parish", "parish", (f"{p.genitive_fi} seurakunta", f"{p.name_sv} församling", f"{p.name_fi} Parish"),
                f"srk-{_slug(p.name_fi)}", [p],
                description=(f"{p.genitive_fi} seurakunta järjestää diakoniatyötä, perhetoimintaa, vertaistukea ja kohtaamispaikkoja kaikille alueen asukkaille.",
                             f"{p.name_sv} församling ordnar diakoni, familjeverksamhet och mötesplatser.",
                             f"{p.name_fi} Parish runs diaconal work, family activities, peer support and meeting places for everyone in the area."))
        for p in PLACES
    ]  # fmt: skip


def ngo_specs(rng) -> list[OrgSpec]:
    specs = []
    roles = list(NGO_NAMES)
    for place in PLACES:
        count = 4 if place.municipality_code in {"091", "049", "092"} else 6
        for role in rng.sample(roles, count):
            fi_suffix, sv_suffix, en_suffix = rng.choice(NGO_NAMES[role])
            name = (
                f"{place.genitive_fi} {fi_suffix}",
                f"{place.name_sv}s {sv_suffix}",
                f"{place.name_fi} {en_suffix}",
            )
            description = (
                f"{name[0]} on paikallinen yhdistys, jonka vapaaehtoiset järjestävät toimintaa {place.locative_fi} ja lähialueilla.",
                f"{name[1]} är en lokal förening vars frivilliga ordnar verksamhet i {place.name_sv} med omnejd.",
                f"{name[2]} is a local association whose volunteers run activities in {place.name_fi} and nearby.",
            )  # fmt: skip
            specs.append(OrgSpec(f"ngo:{role}:{place.name_fi}", role, "ngo", name, f"{_slug(place.name_fi)}-{role[4:]}", [place],
                                 description=description))  # fmt: skip
    return specs


def national_specs() -> list[OrgSpec]:
    return [
        OrgSpec(f"national:{slug}", "national", "national", name, slug, [], activity_keys=activities,
                description=(f"{name[0]} on valtakunnallinen toimija, jonka palveluja voi käyttää etänä koko Suomessa.",
                             f"{name[1]} är en riksomfattande aktör vars tjänster kan användas på distans i hela Finland.",
                             f"{name[2]} is a national organisation whose services can be used remotely anywhere in Finland."))
        for name, slug, activities in NATIONAL
    ]  # fmt: skip


def all_specs(rng) -> list[OrgSpec]:
    return [
        *county_specs(),
        *municipal_specs(),
        *parish_specs(),
        *ngo_specs(rng),
        *national_specs(),
    ]


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "a", "ö": "o", "å": "a", " ": "-"})
    return text.lower().translate(table)
