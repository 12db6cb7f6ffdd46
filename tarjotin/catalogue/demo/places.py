"""Municipalities and districts of Uusimaa, with the inflected forms that Finnish text needs.

Coordinates are district centres (WGS84); postal codes are real codes of those areas.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    municipality_code: str
    municipality_fi: str
    municipality_sv: str
    name_fi: str  # district (or municipality when it has no districts here)
    name_sv: str
    genitive_fi: str  # "Kallion uimahalli"
    locative_fi: str  # "Kalliossa" / "Malmilla"
    latitude: float
    longitude: float
    postal_code: str
    county: str  # key of COUNTIES
    bilingual: bool = False


@dataclass(frozen=True)
class County:
    key: str
    name_fi: str
    name_sv: str
    name_en: str
    slug: str


COUNTIES = {
    "helsinki": County(
        "helsinki", "Helsingin kaupunki", "Helsingfors stad", "City of Helsinki", "hel"
    ),
    "lansi": County(
        "lansi",
        "Länsi-Uudenmaan hyvinvointialue",
        "Västra Nylands välfärdsområde",
        "Western Uusimaa Wellbeing Services County",
        "luvn",
    ),
    "vakehyva": County(
        "vakehyva",
        "Vantaan ja Keravan hyvinvointialue",
        "Vanda och Kervo välfärdsområde",
        "Vantaa and Kerava Wellbeing Services County",
        "vakehyva",
    ),
    "keski": County(
        "keski",
        "Keski-Uudenmaan hyvinvointialue",
        "Mellersta Nylands välfärdsområde",
        "Central Uusimaa Wellbeing Services County",
        "keusote",
    ),
    "ita": County(
        "ita",
        "Itä-Uudenmaan hyvinvointialue",
        "Östra Nylands välfärdsområde",
        "Eastern Uusimaa Wellbeing Services County",
        "itauusimaa",
    ),
}


def _p(code, mun_fi, mun_sv, fi, sv, gen, loc, lat, lon, postal, county, bilingual=False):
    return Place(code, mun_fi, mun_sv, fi, sv, gen, loc, lat, lon, postal, county, bilingual)


PLACES: tuple[Place, ...] = (
    _p("091", "Helsinki", "Helsingfors", "Kallio", "Berghäll", "Kallion", "Kalliossa", 60.1841, 24.9508, "00530", "helsinki", True),
    _p("091", "Helsinki", "Helsingfors", "Vuosaari", "Nordsjö", "Vuosaaren", "Vuosaaressa", 60.2090, 25.1440, "00980", "helsinki", True),
    _p("091", "Helsinki", "Helsingfors", "Malmi", "Malm", "Malmin", "Malmilla", 60.2510, 25.0110, "00700", "helsinki", True),
    _p("091", "Helsinki", "Helsingfors", "Itäkeskus", "Östra centrum", "Itäkeskuksen", "Itäkeskuksessa", 60.2100, 25.0810, "00930", "helsinki", True),
    _p("091", "Helsinki", "Helsingfors", "Kannelmäki", "Gamlas", "Kannelmäen", "Kannelmäessä", 60.2400, 24.8800, "00420", "helsinki", True),
    _p("091", "Helsinki", "Helsingfors", "Herttoniemi", "Hertonäs", "Herttoniemen", "Herttoniemessä", 60.1950, 25.0300, "00810", "helsinki", True),
    _p("091", "Helsinki", "Helsingfors", "Pasila", "Böle", "Pasilan", "Pasilassa", 60.1990, 24.9340, "00520", "helsinki", True),
    _p("091", "Helsinki", "Helsingfors", "Kontula", "Gårdsbacka", "Kontulan", "Kontulassa", 60.2360, 25.0820, "00940", "helsinki", True),
    _p("091", "Helsinki", "Helsingfors", "Lauttasaari", "Drumsö", "Lauttasaaren", "Lauttasaaressa", 60.1580, 24.8750, "00200", "helsinki", True),
    _p("091", "Helsinki", "Helsingfors", "Maunula", "Månsas", "Maunulan", "Maunulassa", 60.2290, 24.9260, "00630", "helsinki", True),
    _p("049", "Espoo", "Esbo", "Leppävaara", "Alberga", "Leppävaaran", "Leppävaarassa", 60.2190, 24.8130, "02600", "lansi", True),
    _p("049", "Espoo", "Esbo", "Tapiola", "Hagalund", "Tapiolan", "Tapiolassa", 60.1750, 24.8050, "02100", "lansi", True),
    _p("049", "Espoo", "Esbo", "Espoon keskus", "Esbo centrum", "Espoon keskuksen", "Espoon keskuksessa", 60.2050, 24.6560, "02770", "lansi", True),
    _p("049", "Espoo", "Esbo", "Matinkylä", "Mattby", "Matinkylän", "Matinkylässä", 60.1600, 24.7390, "02230", "lansi", True),
    _p("049", "Espoo", "Esbo", "Espoonlahti", "Esboviken", "Espoonlahden", "Espoonlahdessa", 60.1480, 24.6580, "02320", "lansi", True),
    _p("092", "Vantaa", "Vanda", "Tikkurila", "Dickursby", "Tikkurilan", "Tikkurilassa", 60.2920, 25.0440, "01300", "vakehyva", True),
    _p("092", "Vantaa", "Vanda", "Myyrmäki", "Myrbacka", "Myyrmäen", "Myyrmäessä", 60.2610, 24.8550, "01600", "vakehyva", True),
    _p("092", "Vantaa", "Vanda", "Hakunila", "Håkansböle", "Hakunilan", "Hakunilassa", 60.2770, 25.1070, "01200", "vakehyva", True),
    _p("092", "Vantaa", "Vanda", "Korso", "Korso", "Korson", "Korsossa", 60.3510, 25.0900, "01450", "vakehyva", True),
    _p("235", "Kauniainen", "Grankulla", "Kauniainen", "Grankulla", "Kauniaisten", "Kauniaisissa", 60.2110, 24.7290, "02700", "lansi", True),
    _p("257", "Kirkkonummi", "Kyrkslätt", "Kirkkonummi", "Kyrkslätt", "Kirkkonummen", "Kirkkonummella", 60.1230, 24.4390, "02400", "lansi", True),
    _p("444", "Lohja", "Lojo", "Lohja", "Lojo", "Lohjan", "Lohjalla", 60.2490, 24.0650, "08100", "lansi"),
    _p("927", "Vihti", "Vichtis", "Nummela", "Nummela", "Nummelan", "Nummelassa", 60.3330, 24.3250, "03100", "lansi"),
    _p("710", "Raasepori", "Raseborg", "Tammisaari", "Ekenäs", "Tammisaaren", "Tammisaaressa", 59.9740, 23.4360, "10600", "lansi", True),
    _p("245", "Kerava", "Kervo", "Kerava", "Kervo", "Keravan", "Keravalla", 60.4030, 25.1050, "04200", "vakehyva"),
    _p("186", "Järvenpää", "Träskända", "Järvenpää", "Träskända", "Järvenpään", "Järvenpäässä", 60.4740, 25.0900, "04400", "keski"),
    _p("858", "Tuusula", "Tusby", "Hyrylä", "Skavaböle", "Hyrylän", "Hyrylässä", 60.4030, 25.0240, "04300", "keski"),
    _p("543", "Nurmijärvi", "Nurmijärvi", "Klaukkala", "Klövskog", "Klaukkalan", "Klaukkalassa", 60.3820, 24.7550, "01800", "keski"),
    _p("106", "Hyvinkää", "Hyvinge", "Hyvinkää", "Hyvinge", "Hyvinkään", "Hyvinkäällä", 60.6310, 24.8610, "05800", "keski"),
    _p("505", "Mäntsälä", "Mäntsälä", "Mäntsälä", "Mäntsälä", "Mäntsälän", "Mäntsälässä", 60.6360, 25.3190, "04600", "keski"),
    _p("638", "Porvoo", "Borgå", "Porvoo", "Borgå", "Porvoon", "Porvoossa", 60.3930, 25.6650, "06100", "ita", True),
    _p("753", "Sipoo", "Sibbo", "Nikkilä", "Nickby", "Nikkilän", "Nikkilässä", 60.3770, 25.2680, "04130", "ita", True),
)  # fmt: skip

# Street names with their Swedish forms, for addresses in bilingual municipalities.
STREETS = (
    ("Koulutie", "Skolvägen"),
    ("Kirkkotie", "Kyrkvägen"),
    ("Asematie", "Stationsvägen"),
    ("Puistotie", "Parkvägen"),
    ("Urheilutie", "Idrottsvägen"),
    ("Kauppatie", "Handelsvägen"),
    ("Myllytie", "Kvarnvägen"),
    ("Rantatie", "Strandvägen"),
    ("Kirjastokatu", "Biblioteksgatan"),
    ("Torikatu", "Torggatan"),
    ("Metsätie", "Skogsvägen"),
    ("Koivukuja", "Björkgränden"),
    ("Kalliotie", "Bergsvägen"),
    ("Peltotie", "Åkervägen"),
)


@dataclass(frozen=True)
class VenueType:
    key: str
    suffix_fi: str  # after the genitive: "Kallion uimahalli"
    suffix_sv: str  # after the Swedish name: "Berghälls simhall" (we write "Berghäll simhall")
    suffix_en: str
    transport_fi: str


VENUE_TYPES = {
    v.key: v
    for v in (
        VenueType("sports_hall", "liikuntahalli", "idrottshall", "Sports Hall", "Bussipysäkki on hallin edessä."),
        VenueType("swimming_hall", "uimahalli", "simhall", "Swimming Hall", "Lähimmältä bussipysäkiltä on noin 200 metriä."),
        VenueType("gym", "kuntosali", "gym", "Gym", "Kuntosali on liikuntahallin toisessa kerroksessa; hissi on käytössä."),
        VenueType("library", "kirjasto", "bibliotek", "Library", "Kirjasto on ostoskeskuksen vieressä, lähellä bussi- ja junayhteyksiä."),
        VenueType("residents_house", "asukastalo", "invånarhus", "Residents' House", "Asukastalolle pääsee bussilla; pysäkki on kadun toisella puolella."),
        VenueType("health_centre", "terveysasema", "hälsostation", "Health Centre", "Terveysaseman edessä on pysäkki ja invapysäköintipaikat."),
        VenueType("youth_centre", "nuorisotalo", "ungdomsgård", "Youth Centre", "Nuorisotalo on koulun vieressä."),
        VenueType("church", "kirkko", "kyrka", "Church", "Kirkon pihassa on pysäköintitilaa, ja bussipysäkki on lähellä."),
        VenueType("service_centre", "palvelukeskus", "servicecentral", "Service Centre", "Palvelukeskukseen pääsee palvelulinjalla, joka pysähtyy oven edessä."),
        VenueType("culture_house", "kulttuuritalo", "kulturhus", "Cultural Centre", "Kulttuuritalolle on lyhyt kävelymatka asemalta."),
        VenueType("nature_trail", "luontopolku", "naturstig", "Nature Trail", "Luontopolun lähtöpiste on pysäköintialueen laidalla, lähellä bussipysäkkiä."),
        VenueType("family_centre", "perhekeskus", "familjecentral", "Family Centre", "Perhekeskuksessa on tilaa lastenvaunuille, ja pysäkki on aivan vieressä."),
    )
}  # fmt: skip
