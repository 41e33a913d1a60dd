"""What every page gets: the open Office, the task runner, change signals, navigation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.office import Office
from ui.tasks import TaskRunner


class AppContext(QObject):
    # A write happened; pages showing these records refresh them.
    deputies_changed = Signal(list)  # deputy ids; [] means "many, reload"
    structure_changed = Signal()  # terms, groups, constituencies, stations, lists, settings
    changed = Signal(str, list)  # another area's records: (area, ids), e.g. ("meetings", [3])

    def __init__(
        self,
        office: Office,
        runner: TaskRunner,
        open_deputy: Callable[[int], None],
        go: Callable[[str], None],
        open_record: Callable[[str, int | None], None],
        page: Callable[[str], QWidget],
    ) -> None:
        super().__init__()
        self.office = office
        self.runner = runner
        self.open_deputy = open_deputy
        self.go = go
        # Show a page and, if given, one of its records (the page's show_record(id)).
        self.open_record = open_record
        # A page by its key (built if not yet), for one page to start another's action.
        self.page = page
