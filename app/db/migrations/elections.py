"""Schema of elections at a session and of the officials' register (人大主席、副主席,
主席团成员, 镇长、副镇长: who held each post from when to when, how they came and went)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.db.migration_set import MigrationSet
from app.db.sql import run_script

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = MigrationSet("renda.elections")

_NOW = "(strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))"
_POSTS = "('chair', 'vice_chair', 'member', 'head', 'deputy_head')"


@migrations()
def m001_elections_and_officials(db: Database) -> None:
    run_script(
        db,
        f"""
        -- One election (选举 or 补选) at a session: one ballot with a section per post.
        CREATE TABLE elections (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('election', 'by_election')),
            title TEXT NOT NULL CHECK (title <> ''),
            status TEXT NOT NULL DEFAULT 'preparing'
                CHECK (status IN ('preparing', 'voting', 'done', 'closed')),
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT {_NOW},
            updated_at TEXT NOT NULL DEFAULT {_NOW}
        );
        CREATE INDEX elections_meeting ON elections (meeting_id);
        CREATE INDEX elections_township ON elections (township_id);

        CREATE TABLE election_posts (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            election_id INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            post TEXT NOT NULL CHECK (post IN {_POSTS}),
            seats INTEGER NOT NULL CHECK (seats > 0),
            UNIQUE (election_id, post)
        );

        -- A candidate of a post: a deputy, or a person who is not a deputy (a head of the
        -- government may come from outside the congress); write-ins (另选他人) who got
        -- votes are kept here too, nominated_by 'write_in'.
        CREATE TABLE election_candidates (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            election_id INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
            post_id INTEGER NOT NULL REFERENCES election_posts (id) ON DELETE CASCADE,
            deputy_id INTEGER REFERENCES deputies (id),
            name TEXT NOT NULL CHECK (name <> ''),
            gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'M', 'F')),
            birth_date TEXT NOT NULL DEFAULT '',
            political_status TEXT NOT NULL DEFAULT '',
            education TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            nominated_by TEXT NOT NULL
                CHECK (nominated_by IN ('presidium', 'deputies', 'write_in')),
            position INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT {_NOW}
        );
        CREATE INDEX election_candidates_election ON election_candidates (election_id, post_id);
        CREATE INDEX election_candidates_deputy ON election_candidates (deputy_id);

        -- The deputies who nominated a candidate jointly (代表十人以上联名).
        CREATE TABLE election_nominators (
            candidate_id INTEGER NOT NULL REFERENCES election_candidates (id) ON DELETE CASCADE,
            deputy_id INTEGER NOT NULL REFERENCES deputies (id),
            PRIMARY KEY (candidate_id, deputy_id)
        );
        CREATE INDEX election_nominators_deputy ON election_nominators (deputy_id);

        -- 监票人 (deputies who are not candidates) and 计票人 (deputies or staff).
        CREATE TABLE election_scrutineers (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            election_id INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('monitor', 'teller')),
            deputy_id INTEGER REFERENCES deputies (id),
            name TEXT NOT NULL CHECK (name <> ''),
            position INTEGER NOT NULL DEFAULT 0,
            CHECK (role = 'teller' OR deputy_id IS NOT NULL),
            UNIQUE (election_id, role, name)
        );

        -- Every vote of an election: the first, and any further one (再次投票, 另行选举).
        CREATE TABLE election_rounds (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            election_id INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
            number INTEGER NOT NULL CHECK (number > 0),
            ballots_issued INTEGER CHECK (ballots_issued IS NULL OR ballots_issued >= 0),
            ballots_returned INTEGER CHECK (ballots_returned IS NULL OR ballots_returned >= 0),
            votes_recorded INTEGER NOT NULL DEFAULT 0,
            -- 全体代表 when the votes were recorded: the majority is of this number.
            total_deputies INTEGER,
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (election_id, number)
        );

        -- One post's section of a round's ballot: seats still to fill, valid and invalid.
        CREATE TABLE election_sections (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            round_id INTEGER NOT NULL REFERENCES election_rounds (id) ON DELETE CASCADE,
            post_id INTEGER NOT NULL REFERENCES election_posts (id) ON DELETE CASCADE,
            seats INTEGER NOT NULL CHECK (seats > 0),
            ballots_valid INTEGER CHECK (ballots_valid IS NULL OR ballots_valid >= 0),
            ballots_invalid INTEGER CHECK (ballots_invalid IS NULL OR ballots_invalid >= 0),
            UNIQUE (round_id, post_id)
        );

        -- One person's line in a section: on the ballot (or written in), their votes.
        CREATE TABLE election_votes (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            section_id INTEGER NOT NULL REFERENCES election_sections (id) ON DELETE CASCADE,
            candidate_id INTEGER NOT NULL
                REFERENCES election_candidates (id) ON DELETE CASCADE,
            votes_for INTEGER CHECK (votes_for IS NULL OR votes_for >= 0),
            votes_against INTEGER CHECK (votes_against IS NULL OR votes_against >= 0),
            votes_abstain INTEGER CHECK (votes_abstain IS NULL OR votes_abstain >= 0),
            elected INTEGER NOT NULL DEFAULT 0,
            tied INTEGER NOT NULL DEFAULT 0,
            UNIQUE (section_id, candidate_id)
        );
        CREATE INDEX election_votes_candidate ON election_votes (candidate_id);

        -- The officials' register: one row per holding of a post.
        CREATE TABLE officials (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            term_id INTEGER NOT NULL REFERENCES terms (id),
            post TEXT NOT NULL CHECK (post IN {_POSTS}),
            deputy_id INTEGER REFERENCES deputies (id),
            name TEXT NOT NULL CHECK (name <> ''),
            gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'M', 'F')),
            unit TEXT NOT NULL DEFAULT '',
            start_date TEXT NOT NULL CHECK (start_date <> ''),
            start_how TEXT NOT NULL CHECK (start_how IN ('election', 'by_election')),
            start_meeting_id INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
            vote_id INTEGER REFERENCES election_votes (id) ON DELETE SET NULL,
            end_date TEXT NOT NULL DEFAULT '',
            end_how TEXT NOT NULL DEFAULT ''
                CHECK (end_how IN ('', 'resigned', 'recalled', 'transferred', 'term_end')),
            end_meeting_id INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
            end_note TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT {_NOW},
            updated_at TEXT NOT NULL DEFAULT {_NOW},
            CHECK ((end_date = '') = (end_how = '')),
            CHECK (end_date = '' OR end_date >= start_date)
        );
        CREATE INDEX officials_township_post ON officials (township_id, post, start_date);
        CREATE INDEX officials_deputy ON officials (deputy_id);
        CREATE INDEX officials_vote ON officials (vote_id);
        """,
    )


@migrations()
def m002_presidium_roles_into_the_register(db: Database) -> None:
    """A database from before the register: each deputy's presidium role (chair, vice-chair,
    member) becomes a holding from the start of their term, so that the register and the
    roster agree from the first day. A term already over ends it as 届满."""
    rows = db.execute(
        "SELECT d.id, d.township_id, d.term_id, d.presidium_role, d.name, d.gender, d.unit,"
        " t.start_date, t.end_date, t.is_current, d.elected_date"
        " FROM deputies d JOIN terms t ON t.id = d.term_id"
        " WHERE d.presidium_role <> '' ORDER BY d.id"
    ).fetchall()
    import uuid as uuid_module

    for (
        deputy_id,
        township_id,
        term_id,
        role,
        name,
        gender,
        unit,
        term_start,
        term_end,
        is_current,
        elected,
    ) in rows:
        start = max(term_start, elected or term_start)
        ended = not is_current and term_end and term_end >= start
        db.execute(
            "INSERT INTO officials (uuid, township_id, term_id, post, deputy_id, name, gender,"
            " unit, start_date, start_how, end_date, end_how, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'election', ?, ?, ?)",
            [
                str(uuid_module.uuid4()),
                township_id,
                term_id,
                role,
                deputy_id,
                name,
                gender,
                unit,
                start,
                term_end if ended else "",
                "term_end" if ended else "",
                "升级数据库时根据代表名册中的主席团职务登记，请核对任职日期",
            ],
        )


@migrations()
def m003_resignations_and_recalls(db: Database) -> None:
    """The congress's votes on who leaves: an official's resignation, a recall motion (by
    the presidium or deputies jointly, the movers kept), a deputy's own resignation. A
    vote that passes ends the holding (or the deputy's status) on the session's date."""
    run_script(
        db,
        f"""
        CREATE TABLE removals (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            kind TEXT NOT NULL
                CHECK (kind IN ('resignation', 'recall', 'deputy_resignation')),
            -- The holding an official's resignation or a recall is about.
            holding_id INTEGER REFERENCES officials (id),
            -- The deputy (a deputy's resignation; for the others, the holder if a deputy).
            deputy_id INTEGER REFERENCES deputies (id),
            name TEXT NOT NULL CHECK (name <> ''),
            moved_by TEXT NOT NULL CHECK (moved_by IN ('self', 'presidium', 'deputies')),
            submitted_date TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            votes_for INTEGER CHECK (votes_for IS NULL OR votes_for >= 0),
            votes_against INTEGER CHECK (votes_against IS NULL OR votes_against >= 0),
            votes_abstain INTEGER CHECK (votes_abstain IS NULL OR votes_abstain >= 0),
            -- 全体代表 when the vote was recorded: the majority is of this number.
            total_deputies INTEGER,
            passed INTEGER CHECK (passed IS NULL OR passed IN (0, 1)),
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT {_NOW},
            updated_at TEXT NOT NULL DEFAULT {_NOW},
            CHECK ((kind = 'deputy_resignation') = (holding_id IS NULL)),
            CHECK (kind <> 'deputy_resignation' OR deputy_id IS NOT NULL),
            CHECK ((votes_for IS NULL) = (passed IS NULL))
        );
        CREATE INDEX removals_meeting ON removals (meeting_id);
        CREATE INDEX removals_holding ON removals (holding_id);
        CREATE INDEX removals_deputy ON removals (deputy_id);

        -- The deputies who moved a recall jointly (五分之一以上代表联名).
        CREATE TABLE removal_movers (
            removal_id INTEGER NOT NULL REFERENCES removals (id) ON DELETE CASCADE,
            deputy_id INTEGER NOT NULL REFERENCES deputies (id),
            PRIMARY KEY (removal_id, deputy_id)
        );
        CREATE INDEX removal_movers_deputy ON removal_movers (deputy_id);
        """,
    )
