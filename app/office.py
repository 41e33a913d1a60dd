"""The facade: one open office database and its areas.

    office = Office.open(path)
    office.deputies.search(DeputyQuery(text="zs"))

The UI holds one Office on its thread; a background worker opens its own (SQLite
connections belong to the thread that opened them)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.errors import RendaError, ValidationError
from app.core.settings import Settings
from app.core.workspace import clean_stale
from app.db import connect, migrate, transaction

if TYPE_CHECKING:
    from sqlite_utils import Database

    from app.access.audit import AuditTrail
    from app.access.users import Access
    from app.core.attachments import Attachments
    from app.core.ids import TermId, TownshipId
    from app.core.reference import ReferenceLists
    from app.core.reminders import Reminder
    from app.db.connection import LockWait
    from app.deputies.careers import Careers
    from app.deputies.deputies import Deputies
    from app.deputies.structure import Constituencies, Groups, Stations
    from app.deputies.township import Term, Terms, Township, Townships
    from app.duties.activities import Activities
    from app.duties.receptions import Receptions
    from app.duties.scoring import Scores
    from app.duties.voter_reports import VoterReports
    from app.elections.elections import Elections
    from app.elections.officials import Officials
    from app.meetings.meetings import Meetings
    from app.oversight.appraisals import Appraisals
    from app.oversight.opinions import Opinions
    from app.plans.calendar import Calendar
    from app.plans.groups import GroupPlans
    from app.plans.new_term import NewTerm
    from app.plans.plans import Plans
    from app.plans.roster import DutyRoster
    from app.plans.training import Trainings
    from app.suggestions.suggestions import Suggestions
    from app.suggestions.units import HandlingUnits

MODES = {"township": "乡镇", "county": "县（汇总各乡镇）"}


class NotSetUp(RendaError):
    pass


class _Area:
    """An area of the facade, imported and built the first time it is used: the start
    imports only what the first page reads, not some thirty area modules (a good part of
    the time to the first window). Afterwards the area is a plain attribute of the office.

    `built_with`: areas built at the same time, because one hooks into the other when it is
    built (elections check meetings' attendance changes); the hooking one names the other
    in `after`, built first. Whichever is asked for first, the hook is in place before
    either is used, and each is built once. No lock: an Office belongs to one thread."""

    def __init__(
        self,
        module: str,
        name: str,
        *,
        built_with: tuple[str, ...] = (),
        after: tuple[str, ...] = (),
        prepare: Callable[[], None] | None = None,
    ) -> None:
        self.module = module
        self.name = name
        self.built_with = built_with
        self.after = after
        self.prepare = prepare

    def __set_name__(self, owner: type, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, office: Office | None, owner: type | None = None) -> Any:
        if office is None:
            return self
        for first in self.after:
            getattr(office, first)
        if self.attribute in office.__dict__:  # built meanwhile, with the one just built
            return office.__dict__[self.attribute]
        if self.prepare is not None:
            self.prepare()
        area = getattr(import_module(self.module), self.name)(office)
        office.__dict__[self.attribute] = area  # from now on found before this descriptor
        for other in self.built_with:
            getattr(office, other)
        return area


def _register_score_sources() -> None:
    from app.areas import register_score_sources

    register_score_sources()  # training hours, from an area above the duties'


class Office:
    # The areas (see _Area); the annotations give each its type.
    access: Access = _Area("app.access.users", "Access")
    audit: AuditTrail = _Area("app.access.audit", "AuditTrail")
    reference: ReferenceLists = _Area("app.core.reference", "ReferenceLists")
    townships: Townships = _Area("app.deputies.township", "Townships")
    terms: Terms = _Area("app.deputies.township", "Terms")
    constituencies: Constituencies = _Area("app.deputies.structure", "Constituencies")
    stations: Stations = _Area("app.deputies.structure", "Stations")
    groups: Groups = _Area("app.deputies.structure", "Groups")
    deputies: Deputies = _Area("app.deputies.deputies", "Deputies")
    attachments: Attachments = _Area("app.core.attachments", "Attachments")
    # Elections add their checks to meetings' attendance when built (Elections.__init__).
    meetings: Meetings = _Area("app.meetings.meetings", "Meetings", built_with=("elections",))
    handling_units: HandlingUnits = _Area("app.suggestions.units", "HandlingUnits")
    suggestions: Suggestions = _Area("app.suggestions.suggestions", "Suggestions")
    activities: Activities = _Area("app.duties.activities", "Activities")
    receptions: Receptions = _Area("app.duties.receptions", "Receptions")
    voter_reports: VoterReports = _Area("app.duties.voter_reports", "VoterReports")
    careers: Careers = _Area("app.deputies.careers", "Careers")
    scores: Scores = _Area("app.duties.scoring", "Scores", prepare=_register_score_sources)
    officials: Officials = _Area("app.elections.officials", "Officials")
    elections: Elections = _Area("app.elections.elections", "Elections", after=("meetings",))
    plans: Plans = _Area("app.plans.plans", "Plans")
    calendar: Calendar = _Area("app.plans.calendar", "Calendar")
    duty_roster: DutyRoster = _Area("app.plans.roster", "DutyRoster")
    group_plans: GroupPlans = _Area("app.plans.groups", "GroupPlans")
    new_term: NewTerm = _Area("app.plans.new_term", "NewTerm")
    trainings: Trainings = _Area("app.plans.training", "Trainings")
    opinions: Opinions = _Area("app.oversight.opinions", "Opinions")
    appraisals: Appraisals = _Area("app.oversight.appraisals", "Appraisals")

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.closed = False  # after close(): what runs late (a page's fill) leaves it alone
        # Told while another connection holds the write lock (the GUI shows that it waits);
        # None: wait the busy timeout, then refuse with app.core.faults.locked.
        self.lock_wait: LockWait | None = None
        self.settings = Settings(self)
        # The areas above the duties' register their parts of the yearly file (app.areas)
        # before any area of this office is used (their score sources: with `scores`).
        import app.areas  # noqa: F401
        from app.suggestions.search import register as register_search_functions

        # The suggestions' search index is kept by triggers that call SQL functions of the
        # connection: registered now, whichever area writes first (a county merge, the demo).
        register_search_functions(db.conn)

    @classmethod
    def load_areas(cls) -> None:
        """Import every area's module (what their first use would), without building any:
        safe on another thread than the office's, which it does not touch."""
        for area in vars(cls).values():
            if isinstance(area, _Area):
                import_module(area.module)

    @classmethod
    def open(cls, path: Path | str, *, read_only_copy: bool = False) -> Office:
        """Open or create the office database at `path` and bring its schema up to date.

        `read_only_copy`: a copy that is read, then deleted (a package's database being
        merged): its schema is brought up to date, without the triggers of writes."""
        import sqlite3

        from app.core.faults import storage_error

        target = Path(path)
        if str(path) != ":memory:":
            clean_stale(target)  # plaintext work files left by a crash (app/core/workspace.py)
        db = connect(target)
        try:
            migrate(db, triggers=not read_only_copy)
        except BaseException as exc:
            db.close()
            if isinstance(exc, (sqlite3.Error, OSError)):
                mapped = storage_error(exc, target.resolve(), opening=True)
                if mapped is not None:
                    raise mapped from exc
            raise
        return cls(db, target)

    def close(self) -> None:
        self.closed = True
        self.db.close()

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """Every write of every area runs in one of these: the signed-in user's role is
        checked here (a 查看 user's write is refused in Chinese), and the audit triggers
        record the changes in the same transaction."""
        if not self.db.conn.in_transaction:
            self.access.check_write()
        with transaction(self.db, wait=self.lock_wait, path=self.path.resolve()) as db:
            yield db

    # ---- setup and context ------------------------------------------------------------

    @property
    def mode(self) -> str:
        return self.settings.get("office_mode")

    @property
    def editable(self) -> bool:
        """Records may be changed here: a township's own database (a county's holds what
        the townships sent) and a signed-in user whose role may write (not 查看). The pages
        grey their write buttons by it; the transaction checks again."""
        from app.access.roles import WRITE

        return self.mode == "township" and self.access.may(WRITE)

    @property
    def is_set_up(self) -> bool:
        if self.mode == "county":
            return True
        return self.townships.home() is not None and self.terms.current() is not None

    def setup(
        self,
        *,
        township: str,
        county: str,
        term_number: int | str,
        term_start: str,
        code: str = "",
    ) -> Township:
        """First start of a township office: its township and current term, in one go."""
        if self.townships.home() is not None:
            raise ValidationError({"name": "本数据库已经设置过乡镇"})
        # Every problem of the form at once, not the township's first and the term's after.
        errors: dict[str, str] = {}
        for check in (
            lambda: self.townships.check(name=township, county=county, code=code),
            lambda: self.terms.check(number=term_number, start_date=term_start),
        ):
            try:
                check()
            except ValidationError as exc:
                errors.update(exc.fields)
        if errors:
            raise ValidationError(errors)
        with self.transaction():
            home = self.townships.add(name=township, county=county, code=code, is_home=True)
            self.terms.add(number=term_number, start_date=term_start, township_id=home.id)
            from app.exchange.signing import ensure_key

            ensure_key(self)  # the key that signs this township's county packages
        return home

    def setup_county(self, *, county: str) -> None:
        """A county database: it holds the townships whose packages it imports."""
        from app.core.chinese import clean_text

        name = clean_text(county)
        if not name:
            raise ValidationError({"county": "请填写县（市、区）名称"})
        with self.transaction():
            self.settings.set("office_mode", "county")
            self.settings.set("county_name", name)

    @property
    def township(self) -> Township | None:
        return self.townships.home()

    @property
    def current_term(self) -> Term | None:
        return self.terms.current()

    def home_township_id(self, *, required: bool = True) -> TownshipId | None:
        home = self.townships.home()
        if home is None:
            if required:
                raise NotSetUp("还没有设置本乡镇，请先完成初始设置")
            return None
        return home.id

    def current_term_id(self, *, required: bool = True) -> TermId | None:
        if self.townships.home() is None:
            if required:
                raise NotSetUp("还没有设置本乡镇，请先完成初始设置")
            return None
        term = self.terms.current()
        if term is None:
            if required:
                raise NotSetUp("还没有设置本届，请在“基础数据”中添加届次")
            return None
        return term.id

    @property
    def title(self) -> str:
        """What the status bar and window title show: '清溪镇 · 第十七届'."""
        if self.mode == "county":
            return self.settings.get("county_name") + "人大常委会（汇总）"
        home = self.township
        if home is None:
            return "未设置"
        term = self.current_term
        return f"{home.name} · {term.name}" if term else home.name

    def reminders(self, today: date | None = None) -> list[Reminder]:
        """What is due or missing, from every area (app.areas), overdue first; none in a
        county database or before setup."""
        if self.mode != "township" or not self.is_set_up:
            return []  # the areas' reminder modules are not even imported
        from app.areas import reminder_sources
        from app.core.reminders import collect

        return collect(self, reminder_sources(self), today)
