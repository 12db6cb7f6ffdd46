"""Mock servers that answer as the real interfaces' own code does (contract tests).

Each mock is a ``responses`` callback written from the upstream source, cited per rule, so a
harvester that sends what the real service refuses or ignores fails here as it would live. The
fixtures hold records; the rules of selecting, refusing and paging them live here.

- LinkedEvents: City-of-Helsinki/linkedevents @69e3f1b — ``events/api.py`` (``event_type``,
  ``show_deleted``/``deleted``, ``last_modified_since``), ``events/filters.py`` (``filter_start``,
  ``filter_end``), ``events/utils.py`` (``parse_time``, ``parse_end_time``),
  ``events/api_pagination.py`` (``max_page_size = 100``, ``meta.next``),
  ``events/serializers.py`` (a deleted event keeps only id, name, last_modified_time, deleted).
- LIPAS: lipas-liikuntapaikat/lipas @35ec264 — ``webapp/src/cljc/lipas/schema/api/v1.cljc``
  (``legacy-fields``, ``search-params``), ``webapp/src/clj/lipas/backend/handler.clj`` (request
  coercion errors on ``/v1`` become 400 ``{"errors": {...}}``), ``…/api/v1/core.clj`` (only the
  asked fields and ``sportsPlaceId``), ``…/api/v1/http.clj`` (206 with a host-relative
  ``Link: rel="next"`` while pages follow, 200 on the last).
- PTV: vrk-kpa/ptv-releases (see the PTV section).
- TPR: City-of-Helsinki/smbackend ``services/management/commands/services_import/units.py``
  (``unit`` with ``official``/``newfeatures``, ``connection``, ``department``, each one bare
  array) and City-of-Helsinki/drupal-tpr-aggregator ``src/Http/ServiceClient.php`` (register
  ``{endpoint}/`` lists, ``{endpoint}/{id}?language=`` per language, 404 for a language
  without text).
"""

import copy
import datetime as dt
import json
import math
import re
from urllib.parse import parse_qs, urlencode, urlsplit
from zoneinfo import ZoneInfo

import responses
from dateutil.parser import parse as parse_date

HELSINKI = ZoneInfo("Europe/Helsinki")


# -- LinkedEvents ---------------------------------------------------------------------------
EVENT_TYPES = {"general": "General", "course": "Course", "volunteering": "Volunteering"}
DELETED_KEYS = {"id", "name", "last_modified_time", "deleted", "replaced_by"}


def _le_time(text: str, now: dt.datetime) -> tuple[dt.datetime, bool]:
    """events/utils.py parse_time: "today", "now", a date (local midnight) or ISO; naive = UTC."""
    text = text.strip()
    if text.lower() == "today":
        return now.astimezone(HELSINKI).replace(hour=0, minute=0, second=0, microsecond=0), True
    if text.lower() == "now":
        return now, False
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=HELSINKI), True
    except ValueError:
        moment = parse_date(text)
        return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)), False


def _le_end_time(text: str, now: dt.datetime) -> dt.datetime:
    moment, is_date = _le_time(text, now)
    return moment + dt.timedelta(days=1) if is_date else moment


def _moment(event: dict, key: str) -> dt.datetime | None:
    """The stored time; a date-only one (has_start_time false) is stored as local midnight."""
    if not event.get(key):
        return None
    moment = parse_date(event[key])
    return moment if moment.tzinfo else moment.replace(tzinfo=HELSINKI)


def _le_selected(event: dict, query: dict, now: dt.datetime) -> bool:
    types = query.get("event_type", "").lower()
    wanted = {EVENT_TYPES[t] for t in types.split(",")} if types else {"General"}
    if event.get("type_id", "General") not in wanted:
        return False
    shown = query.get("show_deleted") or query.get("deleted")
    if event.get("deleted") and not shown or query.get("deleted") and not event.get("deleted"):
        return False
    starts, ends = _moment(event, "start_time"), _moment(event, "end_time")
    if "start" in query:  # filter_start; has_end_time / has_start_time assumed true
        moment = _le_time(query["start"], now)[0]
        postponed = "end" not in query and event.get("event_status") == "EventPostponed"
        if not (postponed or (ends and ends > moment) or (starts and starts >= moment)):
            return False
    if "end" in query:  # filter_end: Q(end_time__lt=dt) | Q(start_time__lte=dt)
        moment = _le_end_time(query["end"], now)
        if not ((ends and ends < moment) or (starts and starts <= moment)):
            return False
    if "ids" in query and event["id"] not in query["ids"].strip("/").split(","):  # api.py "ids"
        return False
    if "super_event" in query:  # filters.py super_event: the sub-events of these ids
        parent = (event.get("super_event") or {}).get("@id", "").rstrip("/").rsplit("/", 1)[-1]
        if parent not in query["super_event"].split(","):
            return False
    if "last_modified_since" in query:
        since = _le_end_time(query["last_modified_since"], now)
        return _moment(event, "last_modified_time") >= since
    return True


def _le_shown(event: dict) -> dict:
    if event.get("deleted"):
        return {k: v for k, v in event.items() if k in DELETED_KEYS} | {"name": {"fi": "POISTETTU"}}
    return event


def linkedevents_api(base: str, events: list[dict], now: dt.datetime) -> list[dict]:
    """Serve ``events`` at ``{base}/event/``; returns the list of queries the harvester sent."""
    sent: list[dict] = []

    def answer(request):
        query = {k: v[-1] for k, v in parse_qs(urlsplit(request.url).query).items()}
        sent.append(query)
        types = query.get("event_type", "").lower()
        if types and any(t not in EVENT_TYPES for t in types.split(",")):  # ParseError
            return 400, {}, json.dumps({"detail": "Event type can be of the following values"})
        chosen = [e for e in events if _le_selected(e, query, now)]
        size = min(int(query.get("page_size", 20)), 100)
        page = int(query.get("page", 1))
        rows = chosen[(page - 1) * size : page * size]
        following = {**query, "page": page + 1}
        more = page * size < len(chosen)
        body = {
            "meta": {
                "count": len(chosen),
                "next": f"{base}/event/?{urlencode(following)}" if more else None,
                "previous": None,
            },
            "data": [_le_shown(e) for e in rows],
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    responses.add_callback(responses.GET, f"{base}/event/", callback=answer)
    return sent


# -- LIPAS ----------------------------------------------------------------------------------
LIPAS_LEGACY_FIELDS = {
    "name", "marketingName", "lastModified", "constructionYear", "renovationYears", "freeUse",
    "schoolUse", "type.typeCode", "type.name", "www", "email", "phoneNumber", "reservationsLink",
    "owner", "admin", "location.geometries", "location.coordinates.wgs84",
    "location.coordinates.tm35fin", "location.address", "location.postalCode",
    "location.postalOffice", "location.neighborhood", "location.city.name",
    "location.city.cityCode", "location.locationId", "location.sportsPlaces", "properties",
}  # fmt: skip


def _select(place: dict, fields: list[str]) -> dict:
    """core.clj: only the asked (dotted) fields, and sportsPlaceId always."""
    out: dict = {"sportsPlaceId": place["sportsPlaceId"]}
    for field in fields:
        source, target, parts = place, out, field.split(".")
        for part in parts[:-1]:
            source = source.get(part) if isinstance(source, dict) else None
            target = target.setdefault(part, {})
        if isinstance(source, dict) and parts[-1] in source:
            target[parts[-1]] = source[parts[-1]]
    return out


def lipas_api(base: str, places: list[dict]) -> list[dict]:
    """Serve ``places`` at ``{base}/sports-places``; returns the queries the harvester sent."""
    sent: list[dict] = []

    def answer(request):
        query = parse_qs(urlsplit(request.url).query)
        sent.append(query)
        fields = query.get("fields", [])
        if (
            len(fields) > 1
            and any(f not in LIPAS_LEGACY_FIELDS for f in fields)
            or (len(fields) == 1 and not fields[0])
        ):
            errors = {"errors": {"fields": ["should be one of the legacy fields"]}}
            return 400, {"Content-Type": "application/json"}, json.dumps(errors)
        if len(fields) == 1 and "," in fields[0]:  # the [:string] branch: a comma list
            fields = fields[0].split(",")
        cities = {int(c) for c in query.get("cityCodes", [])}
        chosen = [
            p
            for p in places
            if not cities or p.get("location", {}).get("city", {}).get("cityCode") in cities
        ]
        size, page = int(query.get("pageSize", ["50"])[0]), int(query.get("page", ["1"])[0])
        rows = [_select(p, fields) for p in chosen[(page - 1) * size : page * size]]
        headers = {"Content-Type": "application/json", "X-total-count": str(len(chosen))}
        if page < math.ceil(len(chosen) / size):
            following = urlencode({**{k: v[-1] for k, v in query.items()}, "page": page + 1})
            headers["Link"] = f'</v1/sports-places/?{following}>; rel="next"'
            return 206, headers, json.dumps(rows)
        return 200, headers, json.dumps(rows)

    responses.add_callback(responses.GET, f"{base}/sports-places", callback=answer)
    return sent


# -- PTV Open API v11 -----------------------------------------------------------------------
# vrk-kpa/ptv-releases, branch ptv-release-3_4 (as read for the harvesting audit 2026-12):
# src/PTV.Application.OpenApi/Controllers/V11ServiceController.cs GetAllDataByArea(area, code,
# includeWholeCountry = false, serviceWithGD, page, showHeader) takes no date (l. 338-346;
# ServiceBaseController.cs l. 232-243), V11ServiceChannelController.cs l. 268-276 the same;
# pages of {pageNumber, pageSize, pageCount, itemList}, counted from 1. The id-list endpoints
# ``{Service,ServiceChannel}/area/{area}/code/{code}`` (l. 483-505; channels l. 494-504) and
# ``Service?status=&date=`` (l. 113-122) honour ``date`` ("yyyy-MM-ddTHH:mm:ss" UTC) and answer
# V3VmOpenApiGuidPage ({id, name} items). ``…/list?guids=`` (at most 100) answers a bare array;
# ``Service/serviceWithGD/list`` attaches the general description.
# General descriptions (src/PTV.Database.DataAccess/Services/ServiceService.cs l. 1576-1593 and
# 1745-1790): without serviceWithGD a GD's charge type nulls the service's own and the classes
# the GD has are left out of the service's; with it the classes are united, the GD's charge type
# wins, its descriptions are added with the prefix "GD_" and its requirements fill the service's.
NATIONWIDE = {"Nationwide", "NationwideExceptAlandIslands"}
MAX_GUIDS = 100


def _ptv_serves(item: dict, code: str, whole_country: bool) -> bool:
    if item.get("areaType") in NATIONWIDE:
        return whole_country
    return any(
        m.get("code") == code
        for area in item.get("areas") or []
        for m in area.get("municipalities") or []
    )


def _with_general_description(service: dict, descriptions: dict, attach: bool) -> dict:
    general = descriptions.get(service.get("generalDescriptionId"))
    if not general:
        return service
    out = copy.deepcopy(service)
    gd_classes = general.get("serviceClasses") or []
    gd_codes = {c["code"] for c in gd_classes}
    own = [c for c in out.get("serviceClasses") or [] if c["code"] not in gd_codes]
    if not attach:
        out["serviceClasses"] = own
        if general.get("serviceChargeType"):
            out["serviceChargeType"] = None
        return out
    out["serviceClasses"] = gd_classes + own
    out["serviceChargeType"] = general.get("serviceChargeType") or out.get("serviceChargeType")
    out["serviceDescriptions"] = (out.get("serviceDescriptions") or []) + [
        {**d, "type": f"GD_{d['type']}"} for d in general.get("descriptions") or []
    ]
    if not any(r.get("value") for r in out.get("requirements") or []):
        out["requirements"] = general.get("requirements") or []
    return out


def _modified_since(item: dict, query: dict) -> bool:
    if "date" not in query:
        return True
    since = dt.datetime.strptime(query["date"], "%Y-%m-%dT%H:%M:%S")
    return dt.datetime.fromisoformat(item["modified"][:19]) >= since


def ptv_api(base: str, services: list[dict], channels: list[dict], page_size: int = 2,
            organizations=(), general_descriptions=(), archived=()) -> list:  # fmt: skip
    """Serve PTV's list, id-list and by-ids endpoints; returns the queries sent."""
    sent: list[dict] = []
    descriptions = {g["id"]: g for g in general_descriptions}
    objects = {"Service": services, "ServiceChannel": channels, "Organization": organizations}

    def shown(kind, item, query, path):
        if kind != "Service":
            return item
        attach = "serviceWithGD" in path or query.get("serviceWithGD", "").lower() == "true"
        return _with_general_description(item, descriptions, attach)

    def paged(items, query):
        page = int(query.get("page", 1))
        body = {"pageNumber": page, "pageSize": page_size,
                "pageCount": max(1, math.ceil(len(items) / page_size)),
                "itemList": items[(page - 1) * page_size : page * page_size]}  # fmt: skip
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def answer(request):
        path = urlsplit(request.url).path
        query = {k: v[-1] for k, v in parse_qs(urlsplit(request.url).query).items()}
        sent.append({"path": path, **query})
        parts = path[len(urlsplit(base).path) :].strip("/").split("/")
        kind = parts[0]
        whole = query.get("includeWholeCountry", "false").lower() == "true"
        if parts[-1] == "list" and kind in objects:  # by ids
            guids = [g for g in query.get("guids", "").split(",") if g]
            if len(guids) > MAX_GUIDS:
                return 400, {}, json.dumps({"guids": ["Max 100 guids"]})
            found = [shown(kind, i, query, path) for i in objects[kind] if i["id"] in guids]
            return 200, {"Content-Type": "application/json"}, json.dumps(found)
        if parts[1:3] == ["list", "area"]:  # all data by area: "date" is not read
            code = parts[-1]
            chosen = [shown(kind, i, query, path) for i in objects[kind]
                      if _ptv_serves(i, code, whole)]  # fmt: skip
            return paged(chosen, query)
        if parts[1:2] == ["area"]:  # ids by area, modified since "date"
            code = parts[-1]
            chosen = [{"id": i["id"], "name": "x"} for i in objects[kind]
                      if _ptv_serves(i, code, whole) and _modified_since(i, query)]  # fmt: skip
            return paged(chosen, query)
        if kind == "Service" and len(parts) == 1:  # ids by status since "date"
            wanted = query.get("status", "Published")
            chosen = [
                {"id": i["id"], "name": "x"}
                for i in archived
                if i.get("publishingStatus") == wanted and _modified_since(i, query)
            ]
            return paged(chosen, query)
        return 404, {}, json.dumps({"error": "no such endpoint in the mock"})

    responses.add_callback(responses.GET, re.compile(re.escape(base) + r"/.*"), callback=answer)
    return sent


# -- TPR --------------------------------------------------------------------------------------
NEW_FEATURES = {"connections", "accessibility_sentences", "provided_languages",
                "displayed_service_owner_fi", "accessibility_www"}  # fmt: skip


def tpr_api(base: str, register: str, data: dict) -> list:
    """Serve the unit register and the service register; returns the queries sent.

    ``unit/`` without ``newfeatures=yes`` leaves out the newer fields (as the single-unit files
    with and without it differ; what the list leaves out exactly is unconfirmed upstream)."""
    sent: list[dict] = []

    def units(request):
        query = {k: v[-1] for k, v in parse_qs(urlsplit(request.url).query).items()}
        sent.append({"path": "unit/", **query})
        rows = data["units"]
        if query.get("newfeatures") != "yes":
            rows = [{k: v for k, v in u.items() if k not in NEW_FEATURES} for u in rows]
        return 200, {"Content-Type": "application/json"}, json.dumps(rows)

    def listing(rows):
        return lambda request: (200, {"Content-Type": "application/json"}, json.dumps(rows))

    def described(request):
        path = urlsplit(request.url).path.rstrip("/").split("/")
        endpoint, number = path[-2], int(path[-1])
        language = parse_qs(urlsplit(request.url).query).get("language", ["fi"])[-1]
        sent.append({"path": f"{endpoint}/{number}", "language": language})
        group = next((g for g in data["register"][endpoint] if g["id"] == number), {})
        if not group.get(language):
            return 404, {}, json.dumps({"detail": "Not found"})
        return 200, {"Content-Type": "application/json"}, json.dumps(group[language])

    responses.add_callback(responses.GET, f"{base}/unit/", callback=units)
    responses.add_callback(responses.GET, f"{base}/connection/", listing(data["connections"]))
    responses.add_callback(responses.GET, f"{base}/department/", listing(data["departments"]))
    for endpoint, groups in data["register"].items():
        ids = [{"id": g["id"]} for g in groups]
        responses.add_callback(responses.GET, f"{register}/{endpoint}/", listing(ids))
        url = re.compile(re.escape(f"{register}/{endpoint}/") + r"\d+")
        responses.add_callback(responses.GET, url, callback=described)
    return sent
