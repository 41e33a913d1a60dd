"""The office's users and who is signed in (`office.access`).

Login is on when the setting `login_required` is on and at least one user exists (a new
office database asks for its first user, a 管理员, right after the township setup; the demo
turns it off). While it is off, every write is the office's own (`Session.name` is '') and
every permission is granted, as before users existed.

The signed-in user's name goes to the connection's audit state (app/db/connection.py), so
every change the triggers record names who made it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.access import roles
from app.access.passwords import (
    hash_secret,
    new_recovery_code,
    normalise_code,
    password_problem,
    verify_secret,
)
from app.core.chinese import clean_text
from app.core.errors import NotFound, ValidationError
from app.core.records import new_uuid
from app.db.connection import audit_state

if TYPE_CHECKING:
    from app.office import Office

OFFICE_NAME = ""  # the audit trail's name for writes made while login is off
NOT_SIGNED_IN = "（未启用登录）"


class AccessRefused(ValidationError):
    """The signed-in user's role may not do this. A refusal like bad input: the dialogs
    that show a refused save show it, the command line prints it."""

    def __init__(self, message: str) -> None:
        super().__init__({"access": message}, message)


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    active: bool
    created_at: str

    @property
    def role_label(self) -> str:
        return roles.ROLE_LABELS[self.role]


@dataclass(frozen=True)
class Session:
    """Who acts on this office: a signed-in user, or the office itself while login is off."""

    user_id: int | None
    name: str
    role: str

    @property
    def label(self) -> str:
        if self.user_id is None:
            return NOT_SIGNED_IN
        return f"{self.name}（{roles.ROLE_LABELS[self.role]}）"


OPEN_SESSION = Session(None, OFFICE_NAME, roles.ADMIN)


@dataclass(frozen=True)
class NewUser:
    user: User
    recovery_code: str  # shown once (a 管理员's); '' for other roles


def _user(row: tuple) -> User:
    return User(row[0], row[1], row[2], bool(row[3]), row[4])


_USER_COLUMNS = "id, name, role, active, created_at"


class Access:
    def __init__(self, office: Office) -> None:
        self._office = office
        self._session: Session | None = None

    # ---- state ------------------------------------------------------------------------

    def has_users(self) -> bool:
        row = self._office.db.execute("SELECT 1 FROM users WHERE active = 1 LIMIT 1").fetchone()
        return row is not None

    @property
    def enabled(self) -> bool:
        """Login is on: the setting is on and there is someone to sign in as."""
        return bool(self._office.settings.get("login_required")) and self.has_users()

    @property
    def needs_first_user(self) -> bool:
        """A township office with login on but no user yet: ask for the first 管理员."""
        return (
            self._office.mode == "township"
            and bool(self._office.settings.get("login_required"))
            and not self.has_users()
        )

    @property
    def session(self) -> Session | None:
        """Who acts now; None when login is on and nobody is signed in."""
        if self._session is not None:
            return self._session
        return None if self.enabled else OPEN_SESSION

    @property
    def signed_in(self) -> Session | None:
        """The user signed in on this Office, if any; reads no database (safe to call from
        another thread, as the UI's worker does to act as the same user)."""
        return self._session

    @property
    def role(self) -> str | None:
        session = self.session
        return session.role if session else None

    def may(self, permission: str) -> bool:
        session = self.session
        return session is not None and roles.may(session.role, permission)

    def require(self, permission: str) -> None:
        """Raise AccessRefused (Chinese) unless the current user may do this."""
        session = self.session
        if session is None:
            raise AccessRefused("请先登录")
        if not roles.may(session.role, permission):
            raise AccessRefused(
                f"当前用户“{session.name}”的角色是“{roles.ROLE_LABELS[session.role]}”，"
                f"不能{roles.PERMISSION_LABELS[permission]}。请换有权限的用户登录。"
            )

    def permit(self, permission: str, *, what: str, record: str = "", note: str = "") -> None:
        """Require a permission and record the act in the audit trail (a county package,
        a restore …)."""
        self.require(permission)
        self.record(permission, what, record=record, note=note)

    def check_write(self) -> None:
        """Called by the facade before every write transaction."""
        session = self.session
        if session is None:
            raise AccessRefused("请先登录，再修改数据")
        if not roles.may(session.role, roles.WRITE):
            raise AccessRefused(
                f"当前用户“{session.name}”只能查看，不能修改数据。如需修改，请用经办或管理员登录。"
            )

    def reveal(self, requested: bool | None, *, what: str, record: str = "") -> bool:
        """Whether sensitive fields show in full: asked for (`requested`), or by the setting
        `mask_sensitive` being off (`requested` None) — never for a role that may not. An
        explicit request by a role that may not is refused; a granted one is recorded."""
        if requested is True:
            self.require(roles.REVEAL)
            self.record("reveal", what, record=record)
            return True
        if requested is False or not self.may(roles.REVEAL):
            return False
        return not self._office.settings.get("mask_sensitive")

    def export_reveal(self, requested: bool | None, *, what: str, target: str = "") -> bool:
        """`reveal` for an export or printout: a file with sensitive fields in full needs the
        permission to export them, and is recorded."""
        if requested is True:
            self.require(roles.EXPORT_SENSITIVE)
        show = requested is True or (
            requested is None
            and self.may(roles.EXPORT_SENSITIVE)
            and not self._office.settings.get("mask_sensitive")
        )
        if show:
            self.record("export", what, note=target)
        return show

    def record(self, action: str, what: str, *, record: str = "", note: str = "") -> None:
        """Put an event that changes no record (a reveal, an export, a sign-in) in the
        audit trail, in a transaction of its own (a 查看 user may leave these too)."""
        table, _sep, key = record.partition(":")
        db = self._office.db
        state = audit_state(db)
        own = not db.conn.in_transaction
        if own:
            db.conn.execute("BEGIN IMMEDIATE")
        try:
            db.execute(
                "INSERT INTO audit_log (user_name, batch, table_name, record_key, action, new,"
                " note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    state.user,
                    state.batch,
                    table or "",
                    key or None,
                    action,
                    json.dumps({"what": what}, ensure_ascii=False),
                    note,
                ],
            )
        except BaseException:
            if own:
                db.conn.execute("ROLLBACK")
            raise
        if own:
            db.conn.execute("COMMIT")

    # ---- signing in -------------------------------------------------------------------

    def _set(self, session: Session | None) -> None:
        self._session = session
        audit_state(self._office.db).user = session.name if session else ""

    def sign_in(self, name: str, password: str) -> Session:
        row = self._office.db.execute(
            f"SELECT {_USER_COLUMNS}, password_hash FROM users WHERE name = ?",
            [clean_text(name)],
        ).fetchone()
        # The same answer for an unknown name and a wrong password.
        if row is None or not row[3] or not verify_secret(password, row[5]):
            raise AccessRefused("用户名或密码不正确")
        user = _user(row)
        self._set(Session(user.id, user.name, user.role))
        self.record("login", "登录", record=f"users:{user.id}")
        return self._session  # type: ignore[return-value]

    def adopt(self, session: Session | None) -> None:
        """Act as a session signed in elsewhere (the UI's Office, for its worker thread)."""
        self._set(session if session is not None and session.user_id is not None else None)

    def sign_out(self) -> None:
        self._set(None)

    def check_password(self, password: str) -> bool:
        """The signed-in user's password (to unlock the screen)."""
        session = self._session
        if session is None or session.user_id is None:
            return True
        row = self._office.db.execute(
            "SELECT password_hash FROM users WHERE id = ? AND active = 1", [session.user_id]
        ).fetchone()
        return row is not None and verify_secret(password, row[0])

    # ---- users ------------------------------------------------------------------------

    def users(self) -> list[User]:
        rows = self._office.db.execute(f"SELECT {_USER_COLUMNS} FROM users ORDER BY id")
        return [_user(r) for r in rows.fetchall()]

    def get(self, user_id: int) -> User:
        row = self._office.db.execute(
            f"SELECT {_USER_COLUMNS} FROM users WHERE id = ?", [user_id]
        ).fetchone()
        if row is None:
            raise NotFound("没有这个用户")
        return _user(row)

    def by_name(self, name: str) -> User:
        row = self._office.db.execute(
            f"SELECT {_USER_COLUMNS} FROM users WHERE name = ?", [clean_text(name)]
        ).fetchone()
        if row is None:
            raise NotFound(f"没有名为“{clean_text(name)}”的用户")
        return _user(row)

    def add_user(self, *, name: str, role: str, password: str) -> NewUser:
        """A new user. The first one must be a 管理员 and may be added by anyone (it is how
        login starts); later ones only by a 管理员. A 管理员 gets a recovery code, shown
        once, to set a new password if theirs is forgotten."""
        first = not self.has_users()
        if not first:
            self.require(roles.USERS)
        clean = clean_text(name)
        errors: dict[str, str] = {}
        if not clean:
            errors["name"] = "请填写用户名"
        elif len(clean) > 20:
            errors["name"] = "用户名最多 20 个字"
        elif self._office.db.execute("SELECT 1 FROM users WHERE name = ?", [clean]).fetchone():
            errors["name"] = f"已有名为“{clean}”的用户"
        if role not in roles.ROLE_LABELS:
            errors["role"] = "角色只能是 管理员、经办 或 查看"
        elif first and role != roles.ADMIN:
            errors["role"] = "第一个用户必须是管理员"
        problem = password_problem(password)
        if problem:
            errors["password"] = problem
        if errors:
            raise ValidationError(errors)
        code = new_recovery_code() if role == roles.ADMIN else ""
        with self._office.transaction() as db:
            db.execute(
                "INSERT INTO users (uuid, name, role, password_hash, recovery_hash)"
                " VALUES (?, ?, ?, ?, ?)",
                [new_uuid(), clean, role, hash_secret(password), hash_secret(code) if code else ""],
            )
            user_id = db.execute("SELECT last_insert_rowid()").fetchone()[0]
            if first:
                self._office.settings.set("login_required", True)
        return NewUser(self.get(user_id), code)

    def _admins_left(self, without: int) -> int:
        return self._office.db.execute(
            "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1 AND id != ?",
            [without],
        ).fetchone()[0]

    def change(self, user_id: int, *, role: str | None = None, active: bool | None = None) -> User:
        """A 管理员 changes a user's role or (de)activates them; the last active 管理员 stays."""
        self.require(roles.USERS)
        user = self.get(user_id)
        new_role = user.role if role is None else role
        new_active = user.active if active is None else active
        if new_role not in roles.ROLE_LABELS:
            raise ValidationError({"role": "角色只能是 管理员、经办 或 查看"})
        demoted = user.role == roles.ADMIN and (new_role != roles.ADMIN or not new_active)
        if demoted and self._admins_left(user.id) == 0:
            raise ValidationError({"role": "至少要保留一个可以登录的管理员"})
        with self._office.transaction() as db:
            db.execute(
                "UPDATE users SET role = ?, active = ? WHERE id = ?",
                [new_role, int(new_active), user.id],
            )
        return self.get(user.id)

    def set_password(self, user_id: int, password: str, *, old: str | None = None) -> None:
        """A 管理员 sets anyone's password; a user sets their own by giving the old one."""
        own = self._session is not None and self._session.user_id == user_id
        if own and old is not None:
            if not self.check_password(old):
                raise ValidationError({"old": "原密码不正确"})
        else:
            self.require(roles.USERS)
        problem = password_problem(password)
        if problem:
            raise ValidationError({"password": problem})
        self.get(user_id)
        self._write_password(user_id, password)

    def _write_password(self, user_id: int, password: str) -> None:
        with self._office.transaction() as db:
            db.execute(
                "UPDATE users SET password_hash = ? WHERE id = ?", [hash_secret(password), user_id]
            )

    def recover(self, name: str, code: str, password: str) -> NewUser:
        """A 管理员 who forgot the password sets a new one with the recovery code printed at
        setup; the code is used up and a new one is given (shown once)."""
        row = self._office.db.execute(
            f"SELECT {_USER_COLUMNS}, recovery_hash FROM users WHERE name = ? AND role = 'admin'",
            [clean_text(name)],
        ).fetchone()
        if row is None or not row[5] or not verify_secret(normalise_code(code), row[5]):
            raise AccessRefused("管理员用户名或恢复码不正确")
        problem = password_problem(password)
        if problem:
            raise ValidationError({"password": problem})
        user = _user(row)
        fresh = new_recovery_code()
        previous = self._session
        # The reset is the admin's own act: record it under their name.
        self._set(Session(user.id, user.name, user.role))
        try:
            with self._office.transaction() as db:
                db.execute(
                    "UPDATE users SET password_hash = ?, recovery_hash = ?, active = 1"
                    " WHERE id = ?",
                    [hash_secret(password), hash_secret(fresh), user.id],
                )
        finally:
            self._set(previous)
        return NewUser(self.get(user.id), fresh)

    def new_recovery_code(self, user_id: int) -> str:
        """A new recovery code for a 管理员 (the old one stops working); shown once."""
        user = self.get(user_id)
        own = self._session is not None and self._session.user_id == user_id
        if not own:
            self.require(roles.USERS)
        if user.role != roles.ADMIN:
            raise ValidationError({"role": "只有管理员有恢复码"})
        code = new_recovery_code()
        with self._office.transaction() as db:
            db.execute(
                "UPDATE users SET recovery_hash = ? WHERE id = ?", [hash_secret(code), user_id]
            )
        return code

    def set_login(self, *, required: bool, idle_minutes: int | None = None) -> None:
        """Turn login on or off and set the idle time before the screen locks."""
        if self.has_users():
            self.require(roles.USERS)
        values: dict[str, object] = {"login_required": required}
        if idle_minutes is not None:
            values["idle_lock_minutes"] = idle_minutes
        self._office.settings.set_many(values)
