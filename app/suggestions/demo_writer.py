"""Writing a county's demo suggestions in bulk: the same rows the facade writes for each
step of a plan (app/suggestions/demo.py), one executemany per table, so 100,000 suggestions
take seconds. tests/app/suggestions/test_demo_suggestions.py compares the two, plan by plan."""

from __future__ import annotations

import json
import random
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.records import placeholders
from app.suggestions.deadlines import add_months, add_workdays
from app.suggestions.rules import (
    ACTION_BY_KEY,
    outcome_of_ratings,
)
from app.suggestions.search import grams
from app.suggestions.suggestions import number_text

if TYPE_CHECKING:
    from app.office import Office
    from app.suggestions.demo import Plan


class SessionLookup:
    def __init__(self, office: Office, township_id: int) -> None:
        self._office = office
        self._township_id = township_id
        self._cache: dict[str, int | None] = {}

    def get(self, received: str) -> int | None:
        if received not in self._cache:
            self._cache[received] = self._office.suggestions.session_for(
                received, self._township_id
            )
        return self._cache[received]


class BulkWriter:
    """Writes plans as rows directly, one executemany per table: the facade's effects of
    each step, without its per-step queries (100,000 suggestions in seconds)."""

    def __init__(self, office: Office, township_id: int) -> None:
        self.office = office
        self.township_id = township_id
        db = office.db
        term = office.terms.current(township_id)
        assert term is not None
        self.term_id = term.id
        self.names = dict(
            db.execute(
                "SELECT id, name FROM deputies WHERE township_id = ?", [township_id]
            ).fetchall()
        )
        self.unit_names = dict(
            db.execute(
                "SELECT id, name FROM handling_units WHERE township_id = ?", [township_id]
            ).fetchall()
        )
        self.class_labels = dict(office.suggestions.classes())
        # received day -> the session it was made at (one lookup per day, not per row)
        self.sessions = SessionLookup(office, township_id)
        self.next_id = {
            t: db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {t}").fetchone()[0]
            for t in ("suggestions", "suggestion_events")
        }
        self.seqs: dict[tuple[str, int], int] = {}
        self.prefix = {k: office.suggestions.number_prefix(k) for k in ("suggestion", "motion")}
        # Unique ids that grow, so that the uuid indexes are appended to, not reshuffled.
        h = f"{random.getrandbits(64):016x}"
        self.uuid_base = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[1:4]}-"
        self.uuid_count = 0
        settings = office.settings
        self.feedback_workdays = int(settings.get("suggestion_feedback_workdays"))
        self.months = int(settings.get("suggestion_reply_months"))
        self.complex_months = int(settings.get("suggestion_complex_months"))
        self.rehandle_months = int(settings.get("suggestion_rehandle_months"))
        self.rows: dict[str, list[tuple]] = {
            k: [] for k in ("suggestions", "signers", "units", "events", "replies", "ratings")
        }

    def _number(self, kind: str, year: int) -> tuple[int, str]:
        seq = self.seqs.get((kind, year), 0) + 1
        self.seqs[(kind, year)] = seq
        return seq, number_text(self.prefix[kind], kind, year, seq)

    def uuid(self) -> str:
        self.uuid_count += 1
        return f"{self.uuid_base}{self.uuid_count:012x}"

    def write(self, plans: list[Plan]) -> None:
        for plan in plans:
            self._plan(plan)
        db = self.office.db.conn
        columns = ", ".join(_SUGGESTION_COLUMNS)
        # FTS5 writes out its pending terms at every trigger's savepoint, which makes the
        # index trigger ten times slower than one batch: set it aside for the bulk insert
        # (inside this transaction) and index the rows in one go.
        trigger = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [INDEX_TRIGGER]
        ).fetchone()[0]
        db.execute(f"DROP TRIGGER {INDEX_TRIGGER}")
        db.executemany(
            f"INSERT INTO suggestions ({columns})"
            f" VALUES ({placeholders(len(_SUGGESTION_COLUMNS))})",
            self.rows["suggestions"],
        )
        db.executemany(
            "INSERT INTO suggestion_search (rowid, grams) VALUES (?, ?)",
            [(r[0], grams(*(r[i] for i in _TEXT_AT))) for r in self.rows["suggestions"]],
        )
        db.execute(trigger)
        db.executemany("INSERT INTO suggestion_signers VALUES (?, ?, ?, ?)", self.rows["signers"])
        db.executemany(
            "INSERT INTO suggestion_units (suggestion_id, unit_id, role) VALUES (?, ?, ?)",
            self.rows["units"],
        )
        db.executemany(
            "INSERT INTO suggestion_events (id, uuid, suggestion_id, action, from_status,"
            " to_status, date, operator, note, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.rows["events"],
        )
        db.executemany(
            "INSERT INTO suggestion_replies (uuid, suggestion_id, event_id, round, kind,"
            " deputy_id, unit_id, date, result_class, summary)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.rows["replies"],
        )
        db.executemany(
            "INSERT INTO suggestion_ratings (uuid, suggestion_id, event_id, round, deputy_id,"
            " process, result, comment, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.rows["ratings"],
        )

    def _event(
        self,
        sid: int,
        action: str,
        before: str,
        after: str,
        day: str,
        who: str,
        note: str,
        details: dict[str, Any],
    ) -> int:
        event_id = self.next_id["suggestion_events"]
        self.next_id["suggestion_events"] += 1
        self.rows["events"].append(
            (
                event_id,
                self.uuid(),
                sid,
                action,
                before,
                after,
                day,
                who,
                note,
                _JSON.encode(details),
            )
        )
        return event_id

    def _plan(self, plan: Plan) -> None:
        sid = self.next_id["suggestions"]
        self.next_id["suggestions"] += 1
        year = int(plan.received[:4])
        seq, number = self._number(plan.kind, year)
        r: dict[str, Any] = {
            "id": sid,
            "uuid": self.uuid(),
            "township_id": self.township_id,
            "term_id": self.term_id,
            "kind": plan.kind,
            "year": year,
            "seq": seq,
            "number": number,
            "motion_number": "",
            "motion_seq": 0,
            "title": plan.title,
            "content": plan.content,
            "proposal": plan.proposal,
            "category": plan.topic.category,
            "source": plan.source,
            "source_note": plan.source_note,
            "meeting_id": self.sessions.get(plan.received) if plan.source == "session" else None,
            "received_date": plan.received,
            "lead_deputy_id": plan.signers[0],
            "status": "registered",
            "round": 1,
            "is_complex": int(plan.is_complex),
            "is_key": 0,
            "lead_unit_id": None,
            "assigned_date": "",
            "reply_due": "",
            "deadline": "",
            "first_reply_date": "",
            "replied_on_time": None,
            "replied_date": "",
            "result_class": "",
            "consulted_date": "",
            "feedback_due": "",
            "closed_date": "",
        }
        names = [self.names[d] for d in plan.signers]
        self.rows["signers"].extend(
            (sid, d, "lead" if i == 0 else "co", i) for i, d in enumerate(plan.signers)
        )
        self._event(
            sid,
            "register",
            "",
            "registered",
            plan.received,
            plan.operator,
            "",
            {"lead": names[0], "co": names[1:], "source": plan.source},
        )
        units: list[tuple[int, str]] = []
        for action, day, inputs in plan.steps:
            before = r["status"]
            after = ACTION_BY_KEY[action].target(before)
            details: dict[str, Any] = {}
            unit_name = self.unit_names.get(r["lead_unit_id"], "")
            if action == "refuse":
                details = {"reason": inputs["reason"]}
            elif action == "convert":
                r["kind"], r["source"] = "suggestion", "motion"
                r["motion_number"], r["motion_seq"] = r["number"], r["seq"]
                r["seq"], r["number"] = self._number("suggestion", year)
                details = {"motion_number": r["motion_number"], "number": r["number"]}
            elif action in ("assign", "reassign"):
                lead, assist = inputs["lead_unit_id"], inputs["assist_unit_ids"]
                complex_ = bool(inputs["is_complex"])
                months = self.complex_months if complex_ else self.months
                due = dates.as_date(day)
                due_iso = add_months(due, months).isoformat()
                r.update(
                    lead_unit_id=lead,
                    assigned_date=day,
                    reply_due=due_iso,
                    deadline=due_iso,
                    is_complex=int(complex_),
                )
                units = [(lead, "lead")] + [(u, "assist") for u in assist]
                details = {
                    "lead_unit": self.unit_names[lead],
                    "assist_units": [self.unit_names[u] for u in assist],
                    "reply_due": due_iso,
                    "complex": complex_,
                }
            elif action == "give_back":
                details = {"unit": unit_name, "reason": inputs["reason"]}
                r.update(lead_unit_id=None, deadline="", reply_due="")
                units = []
            elif action == "start":
                details = {"unit": unit_name}
            elif action == "supervise":
                if inputs.get("new_deadline"):
                    r["deadline"] = inputs["new_deadline"]
                details = {
                    "reason": inputs["reason"],
                    "method": inputs["method"],
                    "new_deadline": inputs.get("new_deadline", ""),
                    "unit": unit_name,
                }
            elif action == "mark_key":
                r["is_key"] = 1
            elif action in ("reply", "follow_up"):
                code = inputs["result_class"]
                kind = "reply" if action == "reply" else "follow_up"
                details = {"class": code, "class_label": self.class_labels.get(code, code)}
                if action == "reply":
                    late = (dates.as_date(day) - dates.as_date(r["deadline"])).days
                    if r["round"] == 1 and not r["first_reply_date"]:
                        r["first_reply_date"] = day
                        r["replied_on_time"] = int(day <= r["reply_due"])
                    details |= {
                        "unit": unit_name,
                        "letters": len(plan.signers),
                        "round": r["round"],
                        "late_days": max(late, 0),
                    }
                else:
                    details |= {
                        "previous_class": r["result_class"] if r["result_class"] != code else "",
                        "unit": unit_name,
                        "letters": len(plan.signers),
                    }
                r.update(result_class=code, replied_date=day)
            elif action == "consult":
                due = add_workdays(dates.as_date(day), self.feedback_workdays).isoformat()
                r.update(consulted_date=day, feedback_due=due)
                details = {"feedback_due": due}
            elif action == "rate":
                ratings = inputs["ratings"]
                after = outcome_of_ratings([v[:2] for v in ratings.values()])
                details = {
                    aspect: {
                        c: sum(1 for v in ratings.values() if v[i] == c)
                        for c in ("satisfied", "basic", "unsatisfied")
                    }
                    for aspect, i in (("process", 0), ("result", 1))
                }
            elif action == "rehandle":
                due = add_months(dates.as_date(day), self.rehandle_months).isoformat()
                r.update(round=r["round"] + 1, deadline=due, reply_due=due)
                details = {"round": r["round"], "deadline": due, "unit": unit_name}
            elif action == "close":
                r["closed_date"] = day
            elif action == "withdraw":
                r["deadline"] = ""
            r["status"] = after
            event_id = self._event(
                sid, action, before, after, day, plan.operator, inputs.get("note", ""), details
            )
            if action in ("reply", "follow_up"):
                self.rows["replies"].extend(
                    (
                        self.uuid(),
                        sid,
                        event_id,
                        r["round"],
                        kind,
                        d,
                        r["lead_unit_id"],
                        day,
                        inputs["result_class"],
                        inputs.get("summary", ""),
                    )
                    for d in plan.signers
                )
            elif action == "rate":
                self.rows["ratings"].extend(
                    (
                        self.uuid(),
                        sid,
                        event_id,
                        r["round"],
                        d,
                        v[0],
                        v[1],
                        v[2] if len(v) > 2 else "",
                        day,
                    )
                    for d, v in inputs["ratings"].items()
                )
        self.rows["units"].extend((sid, u, role) for u, role in units)
        self.rows["suggestions"].append(tuple(r[c] for c in _SUGGESTION_COLUMNS))


_JSON = json.JSONEncoder(ensure_ascii=False)
INDEX_TRIGGER = "suggestions_search_insert"
_SUGGESTION_COLUMNS = (
    "id",
    "uuid",
    "township_id",
    "term_id",
    "kind",
    "year",
    "seq",
    "number",
    "motion_number",
    "motion_seq",
    "title",
    "content",
    "proposal",
    "category",
    "source",
    "source_note",
    "meeting_id",
    "received_date",
    "lead_deputy_id",
    "status",
    "round",
    "is_complex",
    "is_key",
    "lead_unit_id",
    "assigned_date",
    "reply_due",
    "deadline",
    "first_reply_date",
    "replied_on_time",
    "replied_date",
    "result_class",
    "consulted_date",
    "feedback_due",
    "closed_date",
)
_TEXT_AT = [_SUGGESTION_COLUMNS.index(c) for c in ("number", "title", "content", "proposal")]
