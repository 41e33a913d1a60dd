"""Schema of the office's year: the year's work plan (年度工作要点) and its items, each
item linked to the meeting or activity it became."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.db.migration_set import MigrationSet
from app.db.sql import run_script

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = MigrationSet("renda.plans")

_NOW = "(strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))"


@migrations()
def m001_work_plans(db: Database) -> None:
    run_script(
        db,
        f"""
        CREATE TABLE work_plans (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            township_id INTEGER NOT NULL REFERENCES townships (id),
            year INTEGER NOT NULL CHECK (year BETWEEN 1950 AND 2200),
            title TEXT NOT NULL DEFAULT '',
            adopted_meeting_id INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT {_NOW},
            updated_at TEXT NOT NULL DEFAULT {_NOW},
            UNIQUE (township_id, year)
        );

        CREATE TABLE plan_items (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            plan_id INTEGER NOT NULL REFERENCES work_plans (id) ON DELETE CASCADE,
            month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
            date TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (kind <> ''),
            subject TEXT NOT NULL CHECK (subject <> ''),
            lead TEXT NOT NULL DEFAULT '',
            meeting_id INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
            activity_id INTEGER REFERENCES activities (id) ON DELETE SET NULL,
            done_date TEXT NOT NULL DEFAULT '',
            done_note TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT {_NOW},
            updated_at TEXT NOT NULL DEFAULT {_NOW}
        );
        CREATE INDEX plan_items_plan ON plan_items (plan_id, month);
        CREATE INDEX plan_items_meeting ON plan_items (meeting_id);
        CREATE INDEX plan_items_activity ON plan_items (activity_id);
        """,
    )


@migrations()
def m002_duty_roster(db: Database) -> None:
    run_script(
        db,
        f"""
        CREATE TABLE duty_cycles (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            station_id INTEGER NOT NULL UNIQUE
                REFERENCES liaison_stations (id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('market', 'weekday')),
            calendar TEXT NOT NULL DEFAULT 'solar' CHECK (calendar IN ('solar', 'lunar')),
            days TEXT NOT NULL CHECK (days <> ''),
            workdays_only INTEGER NOT NULL DEFAULT 1,
            per_day INTEGER NOT NULL DEFAULT 2 CHECK (per_day BETWEEN 1 AND 9),
            start_time TEXT NOT NULL DEFAULT '',
            end_time TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL DEFAULT {_NOW}
        );

        CREATE TABLE duty_days (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            station_id INTEGER NOT NULL REFERENCES liaison_stations (id) ON DELETE CASCADE,
            date TEXT NOT NULL CHECK (date <> ''),
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT {_NOW},
            UNIQUE (station_id, date)
        );
        CREATE INDEX duty_days_date ON duty_days (date);

        CREATE TABLE duty_day_deputies (
            duty_day_id INTEGER NOT NULL REFERENCES duty_days (id) ON DELETE CASCADE,
            deputy_id INTEGER NOT NULL REFERENCES deputies (id) ON DELETE CASCADE,
            PRIMARY KEY (duty_day_id, deputy_id)
        );
        CREATE INDEX duty_day_deputies_deputy ON duty_day_deputies (deputy_id);
        """,
    )


@migrations()
def m003_group_plans(db: Database) -> None:
    """Deputy groups' yearly plan and summary. (为民办实事, good deeds for voters, is a kind
    of activity seeded with the list in data/reference/activity_kinds.json; a database made
    before keeps its list as the clerk edited it and adds the kind in 基础数据.)"""
    run_script(
        db,
        f"""
        CREATE TABLE group_year_plans (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            group_id INTEGER NOT NULL REFERENCES deputy_groups (id) ON DELETE CASCADE,
            year INTEGER NOT NULL CHECK (year BETWEEN 1950 AND 2200),
            plan TEXT NOT NULL DEFAULT '',
            plan_date TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            summary_date TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL DEFAULT {_NOW},
            UNIQUE (group_id, year)
        );
        """,
    )


@migrations()
def m004_term_links(db: Database) -> None:
    """A re-elected deputy's record of the new term names their record of the term before
    (换届), so their files of earlier terms stay one click away."""
    run_script(
        db,
        """
        CREATE TABLE deputy_term_links (
            deputy_id INTEGER PRIMARY KEY REFERENCES deputies (id) ON DELETE CASCADE,
            previous_id INTEGER NOT NULL REFERENCES deputies (id) ON DELETE CASCADE
        );
        CREATE INDEX deputy_term_links_previous ON deputy_term_links (previous_id);
        """,
    )


@migrations()
def m005_training_details(db: Database) -> None:
    """A training's mode, hours and organiser (培训方式、学时、组织单位), beside its activity."""
    run_script(
        db,
        f"""
        CREATE TABLE training_details (
            activity_id INTEGER PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
            mode TEXT NOT NULL DEFAULT '集中培训',
            hours REAL NOT NULL DEFAULT 0 CHECK (hours >= 0),
            organiser_level TEXT NOT NULL DEFAULT 'township'
                CHECK (organiser_level IN ('county', 'township', 'other')),
            updated_at TEXT NOT NULL DEFAULT {_NOW}
        );
        """,
    )
