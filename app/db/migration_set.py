"""An area's migration set: its schema steps, in order, with the decorator API of
sqlite-utils' `Migrations`:

    migrations = MigrationSet("renda.deputies")

    @migrations()
    def m001_deputies(db): ...

Declaring the steps imports nothing: every start reads which steps a database has had
(app/db/migrate.py), but only a new or older database needs sqlite-utils, which applies
the pending steps and records them in its `_sqlite_migrations` table exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sqlite_utils import Database

# The table sqlite-utils records applied steps in (sqlite_utils.migrations.Migrations).
MIGRATIONS_TABLE = "_sqlite_migrations"

Step = Callable[["Database"], None]
StepT = TypeVar("StepT", bound=Step)


@dataclass(frozen=True)
class MigrationStep:
    name: str
    fn: Step
    transactional: bool = True


class MigrationSet:
    """The steps of one set, in the order they were declared (append-only)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[MigrationStep] = []

    def __call__(
        self, *, name: str | None = None, transactional: bool = True
    ) -> Callable[[StepT], StepT]:
        """Register the decorated function as the next step (named after it, or `name`);
        `transactional=False` for a step that cannot run in a transaction (VACUUM)."""

        def register(fn: StepT) -> StepT:
            step_name = name or fn.__name__
            if any(step.name == step_name for step in self._migrations):
                raise ValueError(
                    f"Migration '{step_name}' is already registered in set '{self.name}'"
                )
            self._migrations.append(MigrationStep(step_name, fn, transactional))
            return fn

        return register

    @property
    def steps(self) -> list[MigrationStep]:
        return list(self._migrations)

    def apply(self, db: Database) -> None:
        """Apply the steps `db` has not had, each in one transaction with the record of it,
        through sqlite-utils (the same rows in `_sqlite_migrations` as ever)."""
        from sqlite_utils.migrations import Migrations

        applier = Migrations(self.name)
        for step in self._migrations:
            applier(name=step.name, transactional=step.transactional)(step.fn)
        applier.apply(db)

    def __repr__(self) -> str:
        return f"<MigrationSet '{self.name}': [{', '.join(s.name for s in self._migrations)}]>"
