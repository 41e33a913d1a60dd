"""What the law, the settings and good order expect and is missing: shown on the home page
at start. Each area writes its sources (`(office, today) -> [Reminder]`) in its own
`reminders` module; `app.areas.reminder_sources()` lists them and `office.reminders()`
collects them. The kernel imports no area."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.core import dates

if TYPE_CHECKING:
    from app.office import Office

LEVELS = {"overdue": "逾期", "due": "待办", "info": "提示"}
LEVEL_ORDER = {"overdue": 0, "due": 1, "info": 2}


@dataclass(frozen=True)
class Reminder:
    area: str  # the heading it is listed under: 代表, 会议, 建议 …
    level: str  # overdue | due | info
    text: str
    # The page that deals with it: a key of ui.pages.page_specs, optionally with a view of
    # the page after a slash ("oversight/opinions"), or "file".
    page: str = ""
    record_id: int | None = None  # the record to show there (a deputy's id for "file")

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]


Source = Callable[["Office", date], list[Reminder]]


def collect(office: Office, sources: Iterable[Source], today: date | None = None) -> list[Reminder]:
    """Every source's reminders, overdue first."""
    if office.mode != "township" or not office.is_set_up:
        return []
    day = today or dates.today()
    found = [r for source in sources for r in source(office, day)]
    return sorted(found, key=lambda r: LEVEL_ORDER[r.level])
