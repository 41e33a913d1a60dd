"""Suggestions and motions (建议、议案): registering them, finding them, reading their
history. Handling them (审查, 交办, 答复 …) is in app/suggestions/handling.py; both are
`office.suggestions`.

Other areas register a suggestion with one call, e.g. a voter reception:

    office.suggestions.register(lead_deputy_id=…, title="关于……的建议", content=…,
                                category="饮水安全", source="reception", source_note=…)
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.chinese import clean_text
from app.core.errors import NotFound, ValidationError
from app.core.records import from_row, new_uuid, placeholders
from app.deputies.deputies import _clean_long
from app.suggestions import search as suggestion_search
from app.suggestions.handling import Handling
from app.suggestions.motions import MotionLinks
from app.suggestions.records import (
    Event,
    Rating,
    Reply,
    Signer,
    Suggestion,
    SuggestionId,
    SuggestionQuery,
    SuggestionRow,
    UnitRole,
)
from app.suggestions.rules import (
    DUE_STATUSES,
    FINAL_STATUSES,
    KINDS,
    MOTION_MIN_SIGNERS,
    SOURCES,
    Snapshot,
    parse_classes,
)

if TYPE_CHECKING:
    from app.office import Office

TITLE_MAX = 100

SORT_KEYS: dict[str, str] = {
    # The list's own order: the newest year first (a clerk who enters last year's items
    # late still sees this year's on top), within a year as registered. The year index
    # (year, id) serves it; a text search keeps the index's id order (see _query_sql).
    # Every order has an index that gives it without sorting (a prefecture's 500,000
    # suggestions): keys from other tables are copied into suggestion_order ("o") by the
    # triggers of the suggestions migration m003_list_order.
    "registered": "s.year {d}, s.id {d}",
    "received": "s.received_date {d}, s.id {d}",
    "number": "s.year {d}, s.seq {d}, s.id {d}",
    "title": "s.title {d}, s.id {d}",
    "lead": "o.lead {d}, o.suggestion_id {d}",
    "category": "s.category {d}, s.id {d}",
    "status": "o.status {d}, o.suggestion_id {d}",
    "unit": "o.unit {d}, o.suggestion_id {d}",
    "deadline": "s.deadline {d}, s.id {d}",
    "result": "o.result {d}, o.suggestion_id {d}",
    "township": "o.township {d}, o.suggestion_id {d}",
}
# Sorts whose key lives in suggestion_order.
ORDER_TABLE_SORTS = {"lead", "status", "unit", "result", "township"}


class Suggestions(Handling):
    def __init__(self, office: Office) -> None:
        self._office = office
        suggestion_search.register(office.db.conn)
        self.motions = MotionLinks(office)  # 议案 → 决议
        self._last_many: tuple[tuple[str, int, int], bool] | None = None

    # ---- settings the rules read ------------------------------------------------------

    def classes(self) -> list[tuple[str, str]]:
        """Result classes in order, (code, label); the first counts as solved."""
        return parse_classes(self._office.settings.get("suggestion_result_classes"))

    def class_label(self, code: str) -> str:
        return dict(self.classes()).get(code, code)

    def snapshot(self, s: Suggestion) -> Snapshot:
        return Snapshot(
            kind=s.kind,
            status=s.status,
            round=s.round,
            is_key=s.is_key,
            result_class=s.result_class,
            solved_class=self.classes()[0][0],
        )

    # ---- reading ----------------------------------------------------------------------

    def get(self, suggestion_id: int) -> Suggestion:
        db = self._office.db
        rows = list(db.query("SELECT * FROM suggestions WHERE id = ?", [suggestion_id]))
        if not rows:
            raise NotFound(f"找不到编号为 {suggestion_id} 的建议")
        signers = tuple(
            Signer(r[0], r[1], r[2])
            for r in db.execute(
                "SELECT d.id, d.name, ss.role FROM suggestion_signers ss"
                " JOIN deputies d ON d.id = ss.deputy_id WHERE ss.suggestion_id = ?"
                " ORDER BY ss.position",
                [suggestion_id],
            )
        )
        units = tuple(
            UnitRole(r[0], r[1], r[2])
            for r in db.execute(
                "SELECT u.id, u.name, su.role FROM suggestion_units su"
                " JOIN handling_units u ON u.id = su.unit_id WHERE su.suggestion_id = ?"
                " ORDER BY su.role DESC, u.position, u.id",
                [suggestion_id],
            )
        )
        record = from_row(Suggestion, rows[0])
        from dataclasses import replace

        return replace(record, signers=signers, units=units)

    def find(self, number: str, *, township_id: int | None = None) -> Suggestion:
        """By its number (2026-015, 议案2026-01) or record id."""
        text = clean_text(number)
        tid = township_id or self._office.home_township_id(required=False)
        sql = "SELECT id FROM suggestions WHERE number = ?"
        params: list[Any] = [text]
        if tid is not None:
            sql += " AND township_id = ?"
            params.append(tid)
        rows = self._office.db.execute(sql, params).fetchall()
        if not rows and text.isdigit():
            return self.get(int(text))
        if not rows:
            raise NotFound(f"找不到编号为“{text}”的建议或议案")
        if len(rows) > 1:
            raise NotFound(f"有 {len(rows)} 件建议的编号是“{text}”（不同乡镇），请用记录号指定")
        return self.get(rows[0][0])

    def events(self, suggestion_id: int) -> list[Event]:
        rows = self._office.db.query(
            "SELECT * FROM suggestion_events WHERE suggestion_id = ? ORDER BY id", [suggestion_id]
        )
        out = []
        for row in rows:
            row = dict(row)
            row["details"] = json.loads(row["details"] or "{}")
            out.append(from_row(Event, row))
        return out

    def replies(self, suggestion_id: int) -> list[Reply]:
        rows = self._office.db.query(
            "SELECT r.id, r.round, r.kind, r.deputy_id, d.name AS deputy_name,"
            " coalesce(u.name, '') AS unit_name, r.date, r.result_class, r.summary"
            " FROM suggestion_replies r JOIN deputies d ON d.id = r.deputy_id"
            " LEFT JOIN handling_units u ON u.id = r.unit_id"
            " WHERE r.suggestion_id = ? ORDER BY r.id",
            [suggestion_id],
        )
        return [from_row(Reply, row) for row in rows]

    def ratings(self, suggestion_id: int) -> list[Rating]:
        rows = self._office.db.query(
            "SELECT r.id, r.round, r.deputy_id, d.name AS deputy_name, r.process, r.result,"
            " r.comment, r.date FROM suggestion_ratings r JOIN deputies d ON d.id = r.deputy_id"
            " WHERE r.suggestion_id = ? ORDER BY r.round, r.id",
            [suggestion_id],
        )
        return [from_row(Rating, row) for row in rows]

    # ---- listing and search -----------------------------------------------------------

    def due_bounds(self, today: date | None) -> tuple[str, str]:
        day = today or dates.today()
        soon = day + timedelta(days=int(self._office.settings.get("suggestion_due_soon_days")))
        return day.isoformat(), soon.isoformat()

    def _filters(self, query: SuggestionQuery, today: date | None) -> tuple[list[str], list[Any]]:
        """The conditions of the filters other than the text."""
        clauses: list[str] = []
        params: list[Any] = []
        township_id = query.township_id
        if township_id is None and self._office.mode == "township":
            township_id = self._office.home_township_id(required=False)
        for column, value in (
            ("s.township_id", township_id),
            ("s.year", query.year),
            ("s.category", query.category),
            ("s.kind", query.kind),
            ("s.source", query.source),
            ("s.meeting_id", query.meeting_id),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if query.status == "open":
            clauses.append(f"s.status NOT IN ({placeholders(len(FINAL_STATUSES))})")
            params.extend(FINAL_STATUSES)
        elif query.status == "followed":
            clauses.append("s.status = 'closed' AND s.result_class NOT IN ('', ?)")
            params.append(self.classes()[0][0])
        elif query.status is not None:
            clauses.append("s.status = ?")
            params.append(query.status)
        if query.unit_id is not None:
            clauses.append("s.id IN (SELECT suggestion_id FROM suggestion_units WHERE unit_id = ?)")
            params.append(query.unit_id)
        if query.deputy_id is not None:
            clauses.append(
                "s.id IN (SELECT suggestion_id FROM suggestion_signers WHERE deputy_id = ?)"
            )
            params.append(query.deputy_id)
        if query.key_only:
            clauses.append("s.is_key = 1")
        if query.due is not None:
            today_iso, soon_iso = self.due_bounds(today)
            clauses.append(f"s.status IN ({placeholders(len(DUE_STATUSES))})")
            params.extend(DUE_STATUSES)
            if query.due == "overdue":
                clauses.append("s.deadline < ?")
                params.append(today_iso)
            elif query.due == "due_soon":
                clauses.append("s.deadline BETWEEN ? AND ?")
                params.extend([today_iso, soon_iso])
            else:
                clauses.append("s.deadline <= ?")
                params.append(soon_iso)
        return clauses, params

    def _name_matches(self, words: str) -> tuple[str, list[Any]]:
        """Suggestions whose signer or lead unit has `words` in their name, as a UNION
        to add to the text's matches ('' when no name holds it)."""
        # One character would match half the names (and every unit named after the
        # township): names are searched from two characters on.
        if " " in words or len(words) < 2:
            return "", []
        db = self._office.db
        deputies = [
            r[0] for r in db.execute("SELECT id FROM deputies WHERE instr(name, ?)", [words])
        ]
        units = [
            r[0] for r in db.execute("SELECT id FROM handling_units WHERE instr(name, ?)", [words])
        ]
        sql, params = "", []
        if deputies:
            sql += (
                " UNION ALL SELECT suggestion_id FROM suggestion_signers"
                f" WHERE deputy_id IN ({placeholders(len(deputies))})"
            )
            params.extend(deputies)
        if units:
            sql += (
                " UNION ALL SELECT id FROM suggestions"
                f" WHERE lead_unit_id IN ({placeholders(len(units))})"
            )
            params.extend(units)
        return sql, params

    # A text search in another order than the list's own: the candidates are sorted
    # (2.4-5 us each), unless they are a large share of all suggestions (村: 85 %); then
    # the order's index is walked and rows checked (2 us each, 200 / share rows for a
    # screenful). Walking for a rarer term can cost seconds when the order groups the
    # term's rows together (a title sort walks past 400,000 titles without 山塘, measured).
    DENSE_SHARE = 0.2

    def _many_matches(self, match: str) -> bool:
        db = self._office.db
        highest = db.execute("SELECT coalesce(max(id), 0) FROM suggestions").fetchone()[0]
        enough = max(int(highest * self.DENSE_SHARE), 1)
        # The last answer is kept: a screenful asks twice (村: 4 ms a count). It only
        # chooses the way, and every way gives the same list, so it cannot make one wrong.
        key = (match, highest, enough)
        if self._last_many is not None and self._last_many[0] == key:
            return self._last_many[1]
        found = db.execute(
            "SELECT count(*) FROM (SELECT rowid FROM suggestion_search"
            " WHERE suggestion_search MATCH ? LIMIT ?)",
            [match, enough],
        ).fetchone()[0]
        self._last_many = (key, found >= enough)
        return found >= enough

    # A screenful of a rarer term (山塘: 3.6 % of a prefecture's suggestions) in another
    # order than the list's own. Walking the order's covering index and testing each
    # entry against the index's matches costs 0.3 us an entry: a first WALK_PROBE
    # entries show whether the matches are spread along the order; if the walk promises
    # a screenful within WALK_CAP entries it goes on. Otherwise (the matches cluster at
    # the far end, as titles do) they are sorted by keys read from narrow indexes
    # (suggestion_order, suggestions_sort_keys), and only then are the rows read (a long
    # term's check, the filters), in order, until the screenful is full.
    WALK_PROBE = 4_000
    WALK_CAP = 60_000

    def _screenful_of_few(
        self, query: SuggestionQuery, today: date | None, *, limit: int, offset: int
    ) -> list[SuggestionId] | None:
        """The ids of a screenful of a text search for a rarer term in another order, or
        None when the query is not one (no text, the list's own order, a common term)."""
        words = clean_text(query.text)
        match = suggestion_search.match_expression(words)
        sort = query.sort if query.sort in SORT_KEYS else "registered"
        if not match or sort == "registered" or limit <= 0 or self._many_matches(match):
            return None  # common terms: the walk checking each row's text (_query_sql)
        db = self._office.db
        clauses, params = self._filters(query, today)
        long_segments = " ".join(suggestion_search.needs_check(words))
        check, checks = suggestion_search.contains_sql(long_segments) if long_segments else ("", [])
        names, name_params = self._name_matches(words)
        order = SORT_KEYS[sort].format(d="DESC" if query.descending else "ASC")
        matched = "SELECT rowid AS id FROM suggestion_search WHERE suggestion_search MATCH ?"
        if names:
            matched += names
        # Then the rows: the text of a long term (a name's match needs none), the filters.
        # The candidates' subquery ends in a LIMIT, so SQLite neither merges it into this
        # step nor pushes the conditions down: it yields the candidates in their order,
        # which this step keeps (it sorts nothing) while it reads rows up to the screenful.
        conditions = list(clauses)
        if check:
            named = f" OR c.id IN ({names.removeprefix(' UNION ALL ')})" if names else ""
            conditions.insert(0, f"({check}{named})")
        rows = " CROSS JOIN suggestions s ON s.id = c.id" if conditions else ""
        where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
        row_params = [*checks, *(name_params if check and names else []), *params]

        def screenful(candidates: str, candidate_params: list[Any], n: int) -> list[int]:
            sql = f"SELECT c.id FROM ({candidates}) c{rows}{where} LIMIT ? OFFSET ?"
            found = db.execute(
                f"SELECT json_group_array(id) FROM ({sql})",
                [*candidate_params, *row_params, n, 0],
            ).fetchone()[0]
            return json.loads(found)

        if sort in ORDER_TABLE_SORTS:
            walk = f"SELECT o.suggestion_id AS id FROM suggestion_order o ORDER BY {order}"
        else:
            walk = f"SELECT s.id AS id FROM suggestions s ORDER BY {order}"
        walk = f"SELECT w.id FROM ({walk} LIMIT ?) w WHERE w.id IN ({matched}) LIMIT -1"
        need = limit + offset
        entries = min(self.WALK_PROBE, self.WALK_CAP)
        highest = db.execute("SELECT coalesce(max(id), 0) FROM suggestions").fetchone()[0]
        while entries > 0:
            walked = screenful(walk, [entries, match, *name_params], need)
            if len(walked) == need or entries >= highest:
                return walked[offset:]  # full, or the walk met the end of the order
            # The entries a screenful needs at the share found so far, if within the cap.
            promised = entries * need // max(len(walked), 1)
            if entries >= self.WALK_CAP or promised > self.WALK_CAP:
                break
            entries = min(max(promised * 3 // 2, entries * 2), self.WALK_CAP)
        if sort in ORDER_TABLE_SORTS:
            keys = "suggestion_order o ON o.suggestion_id = m.id"
        else:
            keys = "suggestions s INDEXED BY suggestions_sort_keys ON s.id = m.id"
        # A name's matches may repeat the text's; the index's alone are distinct.
        distinct = f"(SELECT DISTINCT id FROM ({matched}))" if names else f"({matched})"
        sort_sql = f"SELECT m.id FROM {distinct} m CROSS JOIN {keys} ORDER BY {order}"
        if not conditions:  # SQLite's sorter then keeps only the screenful
            found = db.execute(
                f"SELECT json_group_array(id) FROM ({sort_sql} LIMIT ? OFFSET ?)",
                [match, *name_params, limit, offset],
            ).fetchone()[0]
            return json.loads(found)
        # Sorting every match by a text key costs more than reading their keys (山塘 by
        # title: 30 ms of 60): SQLite's sorter keeps only the first `first` of them, and
        # more are sorted only if the rows' conditions turned too many away.
        first = need * 2
        while True:
            found = screenful(f"{sort_sql} LIMIT ?", [match, *name_params, first], need)
            if len(found) == need or first >= highest:
                return found[offset:]
            first *= 4

    def _query_sql(
        self, query: SuggestionQuery, today: date | None, *, select: str, ordered: bool
    ) -> tuple[str, list[Any]]:
        """The SQL of a list query.

        A text search in the list's own order walks the full-text index in id order, so
        even 425,000 matches need no sorting. In another order (or with a name match),
        few candidates are sorted, many are checked along the order's index."""
        clauses, params = self._filters(query, today)
        direction = "DESC" if query.descending else "ASC"
        words = clean_text(query.text)
        match = suggestion_search.match_expression(words)
        # Segments longer than two characters: the index finds rows holding all their
        # pairs; each candidate is checked for the whole segment.
        long_segments = " ".join(suggestion_search.needs_check(words))
        check, checks = suggestion_search.contains_sql(long_segments) if long_segments else ("", [])
        check_sql = [check] if check else []
        names, name_params = self._name_matches(words) if match else ("", [])
        sort = query.sort if query.sort in SORT_KEYS else "registered"
        if match and not names and sort == "registered":
            where = " AND ".join(["f.suggestion_search MATCH ?", *check_sql, *clauses])
            sql = (
                f"SELECT {select} FROM suggestion_search f JOIN suggestions s ON s.id = f.rowid"
                f" WHERE {where}"
            )
            if ordered:
                sql += f" ORDER BY f.rowid {direction}"
            return sql, [match, *checks, *params]
        source = " FROM suggestions s"
        if ordered and sort in ORDER_TABLE_SORTS:
            # Walk the sort key's index, fetching each suggestion by its id.
            source = " FROM suggestion_order o JOIN suggestions s ON s.id = o.suggestion_id"
        source_params: list[Any] = []
        if match:
            found = "SELECT rowid AS id FROM suggestion_search WHERE suggestion_search MATCH ?"
            if checks:
                found = f"SELECT s.id FROM suggestions s WHERE s.id IN ({found}) AND " + check
            text_params = [match, *checks, *name_params]
            if not ordered:
                clauses.append(f"s.id IN ({found}{names})")
                params += text_params
            elif self._many_matches(match):
                # Many (村 is in 85 % of them): walk the order's index and check each row's
                # text, which stops at the first screenful. (Looking each row up in the
                # text index instead costs 0.3 ms a row, measured.)
                text, text_params = suggestion_search.contains_sql(words)
                if names:
                    text = f"({text} OR s.id IN ({names.removeprefix(' UNION ALL ')}))"
                clauses.append(f"({text})")
                params += [*text_params, *name_params]
            else:
                # Few: the candidates first (one pass over the text index), then sorted.
                candidates = f" FROM (SELECT DISTINCT id FROM ({found}{names})) m"
                if sort in ORDER_TABLE_SORTS and not clauses and select == "s.id":
                    # The order's keys alone: no visit to the suggestions' own rows.
                    select = "o.suggestion_id AS id"
                    source = candidates + " CROSS JOIN suggestion_order o ON o.suggestion_id = m.id"
                else:
                    source = candidates + " CROSS JOIN suggestions s ON s.id = m.id"
                    if sort in ORDER_TABLE_SORTS:
                        source += " JOIN suggestion_order o ON o.suggestion_id = s.id"
                source_params = text_params
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = f"SELECT {select}{source}{where}"
        if ordered:
            sql += " ORDER BY " + SORT_KEYS[sort].format(d=direction)
        return sql, [*source_params, *params]

    _FROM = (
        " FROM suggestions s"
        " JOIN deputies ld ON ld.id = s.lead_deputy_id"
        " LEFT JOIN handling_units u ON u.id = s.lead_unit_id"
        " LEFT JOIN townships t ON t.id = s.township_id"
    )

    def search(
        self,
        query: SuggestionQuery,
        *,
        today: date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[SuggestionId]:
        """Ids of the matching suggestions, in the asked order; with `limit`, only that
        many from `offset` on (the list shows its first screenful of a prefecture's
        500,000 without reading them all: every order walks an index and stops).

        All of them come back as one JSON array, twice as fast as 100,000 rows."""
        if limit is not None:
            few = self._screenful_of_few(query, today, limit=limit, offset=offset)
            if few is not None:
                return few
        sql, params = self._query_sql(query, today, select="s.id", ordered=True)
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, limit, offset]
        found = self._office.db.execute(f"SELECT json_group_array(id) FROM ({sql})", params)
        return json.loads(found.fetchone()[0])

    def count(self, query: SuggestionQuery, *, today: date | None = None) -> int:
        words = clean_text(query.text)
        match = suggestion_search.match_expression(words)
        if (
            match
            and not suggestion_search.needs_check(words)
            and not self._filters(query, today)[0]
            and not self._name_matches(words)[0]
        ):
            # Only the text: the index counts its matches alone (村: 425,000 in 40 ms).
            return self._office.db.execute(
                "SELECT count(*) FROM suggestion_search WHERE suggestion_search MATCH ?",
                [match],
            ).fetchone()[0]
        sql, params = self._query_sql(query, today, select="count(*)", ordered=False)
        return self._office.db.execute(sql, params).fetchone()[0]

    def rows(self, ids: list[int]) -> list[SuggestionRow]:
        """Display rows for these ids, in the same order."""
        found: dict[int, SuggestionRow] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            sql = (
                "SELECT s.id, s.number, s.kind, s.title, ld.name AS lead_name,"
                " (SELECT count(*) - 1 FROM suggestion_signers WHERE suggestion_id = s.id)"
                " AS co_count, s.category, s.source, s.status, s.is_key,"
                " coalesce(u.name, '') AS lead_unit_name, s.received_date, s.deadline,"
                " s.result_class, coalesce((SELECT CASE WHEN max(result = 'unsatisfied')"
                " THEN 'unsatisfied' WHEN max(result = 'basic') THEN 'basic'"
                " ELSE 'satisfied' END FROM suggestion_ratings r WHERE r.suggestion_id = s.id"
                " AND r.round = (SELECT max(round) FROM suggestion_ratings"
                " WHERE suggestion_id = s.id) HAVING count(*) > 0), '') AS satisfaction,"
                " coalesce(t.name, '') AS township_name, s.replied_on_time,"
                " coalesce((SELECT group_concat(name, '、') FROM (SELECT d.name FROM"
                " suggestion_signers g JOIN deputies d ON d.id = g.deputy_id"
                " WHERE g.suggestion_id = s.id AND g.role != 'lead' ORDER BY g.position)),"
                " '') AS co_signers, s.replied_date"
                + self._FROM
                + f" WHERE s.id IN ({placeholders(len(chunk))})"
            )
            for row in self._office.db.query(sql, chunk):
                found[row["id"]] = from_row(SuggestionRow, row)
        return [found[i] for i in ids if i in found]

    def years(self) -> list[int]:
        township_id = self._office.home_township_id(required=False)
        sql = "SELECT DISTINCT year FROM suggestions"
        params: list[Any] = []
        if self._office.mode == "township" and township_id is not None:
            sql += " WHERE township_id = ?"
            params.append(township_id)
        years = [r[0] for r in self._office.db.execute(sql + " ORDER BY year DESC", params)]
        this_year = dates.today().year
        return years if this_year in years else [this_year, *years]

    # ---- registering ------------------------------------------------------------------

    def _check_signers(
        self, lead_id: int | None, co_ids: list[int], township_id: int, errors: dict[str, str]
    ) -> list[int]:
        db = self._office.db
        if not lead_id:
            errors["lead_deputy_id"] = "请选择领衔代表"
            return []
        co = [int(c) for c in dict.fromkeys(co_ids) if int(c) != int(lead_id)]
        ids = [int(lead_id), *co]
        rows = {
            r[0]: r
            for r in db.execute(
                f"SELECT id, name, township_id, status FROM deputies"
                f" WHERE id IN ({placeholders(len(ids))})",
                ids,
            )
        }
        for deputy_id in ids:
            key = "lead_deputy_id" if deputy_id == lead_id else "co_signer_ids"
            row = rows.get(deputy_id)
            if row is None or row[2] != township_id:
                errors[key] = "所选代表不是本乡镇的代表，请重新选择"
            elif row[3] != "serving":
                state = "已暂停执行代表职务" if row[3] == "suspended" else "代表资格已终止"
                errors[key] = f"{row[1]}{state}，不能提出或附议建议"
        return ids

    def _checked_fields(
        self, values: dict[str, Any], township_id: int, today: date
    ) -> tuple[dict[str, Any], list[int], dict[str, str]]:
        errors: dict[str, str] = {}
        kind = values.get("kind") or "suggestion"
        if kind not in KINDS:
            errors["kind"] = "类型只能是建议或议案"
        noun = KINDS.get(kind, "建议")
        title = clean_text(values.get("title"))
        if not title:
            errors["title"] = f"请填写{'案由' if kind == 'motion' else '标题'}，如“关于……的{noun}”"
        elif len(title) > TITLE_MAX:
            errors["title"] = f"标题不能超过 {TITLE_MAX} 个字，现在是 {len(title)} 个字"
        content = _clean_long(values.get("content"))
        proposal = _clean_long(values.get("proposal"))
        if kind == "motion":
            if not content:
                errors["content"] = "议案须写明案据（理由和依据）"
            if not proposal:
                errors["proposal"] = "议案须写明方案（解决问题的办法）"
        category = clean_text(values.get("category"))
        if not category:
            errors["category"] = "请选择类别"
        elif not self._office.reference.contains("suggestion_categories", category):
            errors["category"] = f"“{category}”不在建议类别列表中，请从列表中选择"
        source = values.get("source") or "between"
        if source not in SOURCES:
            errors["source"] = "请选择来源：" + "、".join(SOURCES.values())
        try:
            received = dates.parse_date(values.get("received_date") or today.isoformat())
            if received > today.isoformat():
                errors["received_date"] = "收到日期不能晚于今天"
        except dates.DateError as exc:
            received = ""
            errors["received_date"] = str(exc)
        signer_ids = self._check_signers(
            values.get("lead_deputy_id"),
            list(values.get("co_signer_ids") or []),
            township_id,
            errors,
        )
        meeting_id = self._check_meeting(values.get("meeting_id"), source, township_id, errors)
        if kind == "motion" and signer_ids and len(signer_ids) < MOTION_MIN_SIGNERS:
            errors["co_signer_ids"] = (
                f"议案须由 {MOTION_MIN_SIGNERS} 名以上代表联名提出，现在只有 {len(signer_ids)} 名"
                "（含领衔代表）；人数不足的可作为建议提出"
            )
        clean = {
            "kind": kind,
            "title": title,
            "content": content,
            "proposal": proposal,
            "category": category,
            "source": source,
            "source_note": clean_text(values.get("source_note")),
            "received_date": received,
            "is_complex": bool(values.get("is_complex")),
            "meeting_id": meeting_id,
        }
        return clean, signer_ids, errors

    def _check_meeting(
        self, meeting_id: object, source: str, township_id: int, errors: dict[str, str]
    ) -> int | None:
        """The congress session a suggestion was made at: only for those made during a
        session (a motion handled as a suggestion keeps its session), and only a session of
        this township."""
        if meeting_id in (None, "", 0):
            return None
        if source not in ("session", "motion"):
            errors["meeting_id"] = "只有“大会期间提出”的建议才属于某次人代会，请改选来源或去掉会议"
            return None
        row = self._office.db.execute(
            "SELECT township_id, kind FROM meetings WHERE id = ?", [int(meeting_id)]
        ).fetchone()
        if row is None or row[0] != township_id or row[1] != "session":
            errors["meeting_id"] = "所选会议不是本乡镇的人民代表大会会议，请重新选择"
            return None
        return int(meeting_id)

    def sessions(self, township_id: int | None = None) -> list[tuple[int, str, str]]:
        """Congress sessions a suggestion can belong to, newest first: (id, name, date)."""
        tid = township_id or self._office.home_township_id()
        rows = self._office.db.execute(
            "SELECT id, title, start_date FROM meetings WHERE township_id = ?"
            " AND kind = 'session' ORDER BY start_date DESC",
            [tid],
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def session_for(self, received_date: str, township_id: int | None = None) -> int | None:
        """The session most likely meant for a suggestion received on this day: the last
        one that began on or before it."""
        for meeting_id, _title, start in self.sessions(township_id):
            if start <= received_date:
                return meeting_id
        return None

    def next_number(self, kind: str, year: int, township_id: int) -> tuple[int, str]:
        db = self._office.db
        seq = db.execute(
            "SELECT coalesce(max(seq), 0) + 1 FROM suggestions"
            " WHERE township_id = ? AND kind = ? AND year = ?",
            [township_id, kind, year],
        ).fetchone()[0]
        if kind == "motion":
            # A motion handled as a suggestion took a suggestion number but keeps its place
            # among the motions (motion_seq): a motion number is never given twice.
            converted = db.execute(
                "SELECT coalesce(max(motion_seq), 0) + 1 FROM suggestions"
                " WHERE township_id = ? AND year = ?",
                [township_id, year],
            ).fetchone()[0]
            seq = max(seq, converted)
        return seq, self.format_number(kind, year, seq)

    def number_prefix(self, kind: str) -> str:
        key = "motion_number_prefix" if kind == "motion" else "suggestion_number_prefix"
        return self._office.settings.get(key)

    def format_number(self, kind: str, year: int, seq: int) -> str:
        return number_text(self.number_prefix(kind), kind, year, seq)

    def register(
        self,
        *,
        lead_deputy_id: int,
        title: str,
        category: str,
        co_signer_ids: list[int] | tuple[int, ...] = (),
        content: str = "",
        proposal: str = "",
        source: str = "between",
        source_note: str = "",
        meeting_id: int | None = None,
        received_date: str = "",
        kind: str = "suggestion",
        is_complex: bool = False,
        operator: str = "",
        note: str = "",
        township_id: int | None = None,
        today: date | None = None,
    ) -> Suggestion:
        """Register a suggestion or motion (登记); it gets the next number of its year."""
        tid = township_id or self._office.home_township_id()
        day = today or dates.today()
        values = {
            "kind": kind,
            "title": title,
            "content": content,
            "proposal": proposal,
            "category": category,
            "source": source,
            "source_note": source_note,
            "received_date": received_date,
            "is_complex": is_complex,
            "lead_deputy_id": lead_deputy_id,
            "co_signer_ids": co_signer_ids,
            "meeting_id": meeting_id,
        }
        clean, signer_ids, errors = self._checked_fields(values, tid, day)
        who = self._operator(operator, errors)
        if errors:
            raise ValidationError(errors)
        term = self._office.terms.current(tid)
        if term is None:
            raise ValidationError({"received_date": "还没有设置本届，请先在“基础数据”中添加届次"})
        year = int(clean["received_date"][:4])
        with self._office.transaction() as db:
            seq, number = self.next_number(clean["kind"], year, tid)
            record = {
                **clean,
                "is_complex": int(clean["is_complex"]),
                "uuid": new_uuid(),
                "township_id": tid,
                "term_id": term.id,
                "year": year,
                "seq": seq,
                "number": number,
                "lead_deputy_id": signer_ids[0],
            }
            columns = list(record)
            cursor = db.execute(
                f"INSERT INTO suggestions ({', '.join(columns)})"
                f" VALUES ({placeholders(len(columns))})",
                [record[c] for c in columns],
            )
            suggestion_id = cursor.lastrowid
            self._write_signers(suggestion_id, signer_ids)
            names = self._names(signer_ids)
            self._record_event(
                suggestion_id,
                "register",
                "",
                "registered",
                clean["received_date"],
                who,
                _clean_long(note),
                {"lead": names[0], "co": names[1:], "source": clean["source"]},
            )
        return self.get(suggestion_id)

    def _names(self, deputy_ids: list[int]) -> list[str]:
        rows = dict(
            self._office.db.execute(
                f"SELECT id, name FROM deputies WHERE id IN ({placeholders(len(deputy_ids))})",
                deputy_ids,
            ).fetchall()
        )
        return [rows[i] for i in deputy_ids]

    def _write_signers(self, suggestion_id: int, signer_ids: list[int]) -> None:
        db = self._office.db
        db.execute("DELETE FROM suggestion_signers WHERE suggestion_id = ?", [suggestion_id])
        db.conn.executemany(
            "INSERT INTO suggestion_signers (suggestion_id, deputy_id, role, position)"
            " VALUES (?, ?, ?, ?)",
            [(suggestion_id, d, "lead" if i == 0 else "co", i) for i, d in enumerate(signer_ids)],
        )

    def rebuild_search_index(self) -> int:
        """Index every suggestion anew (after a change of how text is split)."""
        with self._office.transaction() as db:
            db.execute("INSERT INTO suggestion_search (suggestion_search) VALUES ('delete-all')")
            rows = db.execute(
                "SELECT id, number, title, content, proposal FROM suggestions"
            ).fetchall()
            db.conn.executemany(
                "INSERT INTO suggestion_search (rowid, grams) VALUES (?, ?)",
                [(r[0], search_grams(*r[1:])) for r in rows],
            )
        return len(rows)

    def edit(
        self,
        suggestion_id: int,
        *,
        operator: str = "",
        note: str = "",
        today: date | None = None,
        **values: Any,
    ) -> Suggestion:
        """Correct what was registered (before assignment); the correction is kept in the
        history with the fields it changed."""
        current = self.get(suggestion_id)
        self._refuse_unless_allowed(current, "edit")
        day = today or dates.today()
        merged = {
            "kind": current.kind,
            "title": current.title,
            "content": current.content,
            "proposal": current.proposal,
            "category": current.category,
            "source": current.source,
            "source_note": current.source_note,
            "received_date": current.received_date,
            "is_complex": current.is_complex,
            "lead_deputy_id": current.lead_deputy_id,
            "co_signer_ids": [s.deputy_id for s in current.co_signers],
            "meeting_id": current.meeting_id,
            **values,
        }
        clean, signer_ids, errors = self._checked_fields(merged, current.township_id, day)
        if clean["kind"] != current.kind:
            errors["kind"] = "登记后不能改变类型；议案转为建议请用“作为建议办理”"
        if (
            clean["received_date"][:4] != current.received_date[:4]
            and "received_date" not in errors
        ):
            errors["received_date"] = "收到日期不能改到另一年（编号按年编排）"
        who = self._operator(operator, errors)
        if errors:
            raise ValidationError(errors)
        labels = {
            "title": "标题",
            "content": "内容",
            "proposal": "方案",
            "category": "类别",
            "source": "来源",
            "source_note": "来源说明",
            "received_date": "收到日期",
            "is_complex": "复杂程度",
            "meeting_id": "提出时的会议",
        }
        changed = [labels[k] for k in labels if clean[k] != getattr(current, k)]
        if signer_ids != [s.deputy_id for s in current.signers]:
            changed.append("提出代表")
        if not changed:
            return current
        with self._office.transaction() as db:
            assignments = ", ".join(f"{k} = ?" for k in labels)
            db.execute(
                f"UPDATE suggestions SET {assignments}, lead_deputy_id = ?,"
                " updated_at = strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime') WHERE id = ?",
                [
                    *[int(clean[k]) if k == "is_complex" else clean[k] for k in labels],
                    signer_ids[0],
                    suggestion_id,
                ],
            )
            self._write_signers(suggestion_id, signer_ids)
            self._record_event(
                suggestion_id,
                "edit",
                current.status,
                current.status,
                day.isoformat(),
                who,
                _clean_long(note),
                {"fields": changed},
            )
        return self.get(suggestion_id)

    def usual_unit(self, category: str) -> int | None:
        """The unit that most often leads this category's suggestions (offered first at
        the 交办会), among units still in use."""
        row = self._office.db.execute(
            "SELECT s.lead_unit_id FROM suggestions s JOIN handling_units u"
            " ON u.id = s.lead_unit_id AND u.active = 1 WHERE s.township_id = ?"
            " AND s.category = ? GROUP BY s.lead_unit_id ORDER BY count(*) DESC LIMIT 1",
            [self._office.home_township_id(required=False), category],
        ).fetchone()
        return row[0] if row else None

    def unit_counts(self, *, today: date | None = None) -> dict[int, tuple[int, int, int]]:
        """Per lead unit: (reply owed, of which overdue, replied at least once), all years."""
        today_iso = (today or dates.today()).isoformat()
        rows = self._office.db.execute(
            f"SELECT lead_unit_id, sum(status IN ({placeholders(len(DUE_STATUSES))})),"
            f" sum(status IN ({placeholders(len(DUE_STATUSES))}) AND deadline < ?),"
            " sum(first_reply_date <> '') FROM suggestions"
            " WHERE lead_unit_id IS NOT NULL GROUP BY lead_unit_id",
            [*DUE_STATUSES, *DUE_STATUSES, today_iso],
        ).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def of_deputy(self, deputy_id: int) -> list[tuple[SuggestionRow, str]]:
        """A deputy's suggestions, newest first, each with their role (领衔 or 附议)."""
        roles = dict(
            self._office.db.execute(
                "SELECT suggestion_id, role FROM suggestion_signers WHERE deputy_id = ?",
                [deputy_id],
            ).fetchall()
        )
        rows = self.rows(self.search(SuggestionQuery(deputy_id=deputy_id)))
        return [(row, "领衔" if roles.get(row.id) == "lead" else "附议") for row in rows]


def number_text(prefix: str, kind: str, year: int, seq: int) -> str:
    """2026-015 (a suggestion), 议案2026-01 (a motion: a few a year)."""
    return f"{prefix}{year}-{seq:0{2 if kind == 'motion' else 3}d}"


def search_grams(number: str, title: str, content: str, proposal: str) -> str:
    return suggestion_search.grams(number, title, content, proposal)
