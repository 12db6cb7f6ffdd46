"""What a search asks for: words, filters, place, time, order and page, as plain values.

Built from URL parameters by ``params.build_request`` (the API, the web pages, the
professionals' workbench) or directly (guides, front-page counts); read by ``engine.search``.
"""

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class SearchRequest:
    text: str = ""
    language: str = "fi"
    filters: dict[str, set[str]] = field(default_factory=dict)
    age: int | None = None
    residence: str | None = None
    open_at: dt.datetime | None = None
    point: tuple[float, float] | None = None
    radius_m: float | None = None
    bbox: tuple[float, float, float, float] | None = None  # south, west, north, east
    modified_after: dt.datetime | None = None
    sort: str = "relevance"  # or "distance", or "access" (suits access_profile first)
    access_profile: str | None = None  # wheelchair, rollator, visual or hearing
    offset: int = 0
    limit: int = 20
    explain: bool = False
    facets: bool = True
    only_ids: frozenset[str] | None = None  # e.g. the services that accept referrals
