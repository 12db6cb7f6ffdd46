"""An indicator's result: a titled table that knows whether its counts concern people.

Every page, chart and export reads cells through ``shown_rows``, where small-cell suppression
happens: in a table about people (referrals, guide uses, feedback), any count from 1 to 4 is
shown as "<5". Figures derived from fewer than five people (a share, a median, a mean)
arrive here already as ``FEW_PEOPLE`` ("fewer than 5 people"), not "<5", which beside a
percentage or a number of days would read as "under 5 %" or "under 5 days" (UX audit M15).
Public figures about people (the statistics page, open data) are also rounded to the nearest
five (``rounded``), so that subtracting one published count from another cannot recover a
suppressed one.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SMALL = "<5"
FEW_PEOPLE = _("fewer than 5 people")
SUPPRESS_BELOW = 5
ROUND_TO = 5


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    people: bool = False
    chart: str = "bar"  # bar, or matrix (a table with coloured cells)
    thin_below: int = 0  # matrix cells under this are highlighted as thin (0 = gaps only)
    chart_columns: list[int] | None = None  # default: the first numeric column
    chart_rows: list[int] | None = None  # default: every row
    chart_max: float | None = None  # default: the largest value charted
    rounded: bool = False  # public: counts about people to the nearest ROUND_TO

    def shown_rows(self) -> list[list]:
        return [[self.shown(cell) for cell in row] for row in self.rows]

    def shown(self, cell):
        if isinstance(cell, Promise):
            return str(cell)
        if self.people and isinstance(cell, int) and not isinstance(cell, bool):
            if 0 < cell < SUPPRESS_BELOW:
                return SMALL
            if self.rounded:
                return ROUND_TO * round(cell / ROUND_TO)  # 7 -> 5, 8 -> 10
        return cell

    def as_json(self) -> dict:
        return {"key": self.key, "title": str(self.title),
                "columns": [str(c) for c in self.columns], "rows": self.shown_rows()}  # fmt: skip


def share(part: int, whole: int, people: bool = False):
    """A percentage with one decimal; suppressed when it rests on fewer than five people."""
    if whole == 0:
        return None
    if people and whole < SUPPRESS_BELOW:
        return FEW_PEOPLE
    return round(100 * part / whole, 1)
