"""Reading the values real sources send: language arrays, HTML, projected coordinates, dates."""

import datetime as dt
import html
import re
from functools import lru_cache

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import strip_tags

from tarjotin.sources.harvest.records import RecordError

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
# Finland with a margin: a point outside is a broken coordinate, not a place in the tray.
FINLAND = {"lat": (59.0, 70.5), "lon": (19.0, 32.0)}


def language(code) -> str:
    """A BCP 47 language tag as sources write it ("fi", "sms", "fi-x-selko"); else an error."""
    if not isinstance(code, str) or not LANGUAGE_TAG.match(code.strip()):
        raise RecordError(f"unknown language code {code!r}")
    return code.strip()


def by_language(items, kind: str | None = None, key: str = "value") -> dict:
    """PTV's ``[{"language": "fi", "value": "...", "type": "Name"}]`` -> ``{"fi": "..."}``.

    Items of another ``type`` and empty values are skipped; ``[]`` or None give ``{}``.
    """
    out = {}
    for item in items or []:
        if not isinstance(item, dict) or (kind is not None and item.get("type") != kind):
            continue
        text = plain(item.get(key))
        if text:
            out.setdefault(language(item.get("language")), text)
    return out


def keyed(value) -> dict:
    """LinkedEvents' ``{"fi": "...", "sv": "..."}`` (HTML allowed) -> plain texts; else ``{}``."""
    if not isinstance(value, dict):
        return {}
    out = {}
    for code, text in value.items():
        cleaned = plain(text)
        if cleaned:
            out[language(code)] = cleaned
    return out


def plain(value) -> str:
    """Text without HTML tags or entities, with paragraphs kept as line breaks."""
    if value is None:
        return ""
    if isinstance(value, list | dict | tuple):  # str() would publish "['a', 'b']" as the text
        raise RecordError("a list or an object where text is expected")
    if not isinstance(value, str):
        value = str(value)
    if "<" in value or "&" in value:
        value = re.sub(r"(?i)<\s*(br|/p|/li|/h\d)\s*/?>", "\n", value)
        value = html.unescape(strip_tags(value))
    lines = [" ".join(line.split()) for line in value.splitlines()]
    return "\n".join(line for line in lines if line).strip()


@lru_cache(maxsize=1)
def _tm35fin_to_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs(3067, 4326, always_xy=True)


def point(latitude, longitude) -> tuple[float | None, float | None]:
    """WGS84 degrees from what a source calls latitude/longitude: degrees, or ETRS-TM35FIN
    metres (PTV sends northing/easting in fields named latitude/longitude, as strings)."""
    if latitude in (None, "") or longitude in (None, ""):
        return None, None
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        raise RecordError(f"broken coordinate {latitude!r}, {longitude!r}") from None
    if lat == 0 and lon == 0:  # PTV's "NotReceived": no coordinate, not a place at sea
        return None, None
    if abs(lat) > 90 or abs(lon) > 180:  # metres: northing, easting
        lon, lat = _tm35fin_to_wgs84().transform(lon, lat)
    if not (FINLAND["lat"][0] <= lat <= FINLAND["lat"][1]
            and FINLAND["lon"][0] <= lon <= FINLAND["lon"][1]):  # fmt: skip
        raise RecordError(f"coordinate outside Finland ({lat:.4f}, {lon:.4f})")
    return round(lat, 6), round(lon, 6)


def moment(value, naive: str = "local") -> dt.datetime | None:
    """A date-time from ISO 8601 or the near-ISO forms sources use ("2019-08-29 15:55:30.259",
    a date alone); aware. Without a zone it is Finnish time, or UTC for ``naive="UTC"`` (PTV)."""
    if not value:
        return None
    if not isinstance(value, str):
        raise RecordError(f"not a date {value!r}")
    parsed = parse_datetime(value.strip().replace(" ", "T", 1))
    if parsed is None and (day := parse_date(value.strip()[:10])) is not None:
        parsed = dt.datetime.combine(day, dt.time.min)
    if parsed is None:
        raise RecordError(f"not a date {value!r}")
    if timezone.is_naive(parsed):
        return parsed.replace(tzinfo=dt.UTC) if naive == "UTC" else timezone.make_aware(parsed)
    return parsed


def day(value) -> dt.date | None:
    parsed = moment(value)
    return timezone.localtime(parsed).date() if parsed else None
