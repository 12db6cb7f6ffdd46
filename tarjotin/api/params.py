"""Parsing and checking the HSDA query parameters; a bad one is a 400 that names it."""

import datetime as dt
import uuid

from django.conf import settings
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation.trans_real import parse_accept_lang_header

from tarjotin.api.errors import BadParameter

MAX_PER_PAGE = 500
MAX_PAGE = 100_000  # larger numbers overflow the database's integers
DEFAULT_PER_PAGE = 50
TRUE_VALUES = {"true", "1", "yes"}
FALSE_VALUES = {"false", "0", "no"}


class QueryParameters:
    """The API's query parameters (strict: an unknown one is an error).

    Web pages pass ``strict=False`` and their interface language: links from elsewhere may
    carry parameters of their own (utm_source, ...).
    """

    def __init__(self, request, allowed: set[str], strict: bool = True, language=None):
        self.values = _query(request)
        unknown = sorted(set(self.values) - allowed - {"lang"})
        if unknown and strict:
            names = ", ".join(sorted(allowed | {"lang"}))
            raise BadParameter(unknown[0], f"unknown parameter; this endpoint takes: {names}")
        self.language = language or response_language(request)

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return value.strip() if value and value.strip() else None

    def boolean(self, name: str) -> bool:
        value = self.values.get(name)
        if value is None or value == "":
            return False
        if value.lower() in TRUE_VALUES:
            return True
        if value.lower() in FALSE_VALUES:
            return False
        raise BadParameter(name, f"must be true or false, not {value!r}")

    def positive_int(self, name: str, default: int, maximum: int | None = None) -> int:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise BadParameter(name, f"must be a whole number, not {value!r}") from None
        if number < 1:
            raise BadParameter(name, f"must be 1 or more, not {number}")
        if maximum is not None and number > maximum:
            raise BadParameter(name, f"must be at most {maximum}, not {number}")
        return number

    def uuid(self, name: str) -> uuid.UUID | None:
        value = self.values.get(name)
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            raise BadParameter(name, f"must be a UUID, not {value!r}") from None

    def datetime(self, name: str) -> dt.datetime | None:
        value = self.values.get(name)
        if not value:
            return None
        try:  # a well-formed but impossible date (2026-02-30) raises rather than returning None
            parsed = parse_datetime(value)
            if parsed is None and (day := parse_date(value)) is not None:
                parsed = dt.datetime.combine(day, dt.time.min)
        except ValueError:
            parsed = None
        if parsed is None:
            raise BadParameter(name, f"must be an ISO 8601 date or date-time, not {value!r}")
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.values.get(name) or default
        if value not in choices:
            raise BadParameter(name, f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def page(self) -> tuple[int, int]:
        return (
            self.positive_int("page", 1, MAX_PAGE),
            self.positive_int("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
        )


def _query(request) -> dict:
    """DRF's query_params, or a plain Django request's GET; a POST query adds its body's."""
    if not hasattr(request, "query_params"):
        return request.GET
    if getattr(request, "method", "GET") != "POST":  # web pages pass a stand-in request
        return request.query_params
    body = request.data
    if not isinstance(body, dict):
        raise BadParameter("body", "must be a JSON object of query parameters")
    return {**request.query_params.dict(), **{k: _as_text(v) for k, v in body.items()}}


def _as_text(value) -> str:
    """A JSON body's value as the text a query string would carry (true, 5, ...)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list | dict):
        raise BadParameter("body", "parameter values are single texts, numbers or booleans")
    return str(value)


def response_language(request) -> str:
    """``lang`` wins, then Accept-Language, then the first fallback language (Finnish)."""
    requested = _query(request).get("lang")
    if requested:
        if requested not in settings.CONTENT_LANGUAGES:
            supported = ", ".join(settings.CONTENT_LANGUAGES)
            raise BadParameter(
                "lang", f"unsupported language {requested!r}; use one of {supported}"
            )
        return requested
    for tag, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        for candidate in (tag, tag.split("-")[0]):
            if candidate in settings.CONTENT_LANGUAGES:
                return candidate
    return settings.CONTENT_FALLBACK[0]
