"""Attachments (scanned letters, photos of an activity …) of any record, kept inside the
office's database so that a backup or a package carries them with the records."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import faults
from app.core.chinese import clean_text
from app.core.errors import NotFound, RendaError
from app.core.records import from_row, new_uuid
from app.core.replace import replace_file

if TYPE_CHECKING:
    from app.office import Office

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    id: int
    uuid: str
    owner_kind: str
    owner_uuid: str
    file_name: str
    mime: str
    size: int
    sha256: str
    note: str
    added_at: str

    @property
    def size_label(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"


def write_atomically(target: Path, data: bytes) -> None:
    """Write under a temporary name, flush to disk, then rename: never a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".part-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        replace_file(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class Attachments:
    def __init__(self, office: Office) -> None:
        self._office = office

    def list(self, owner_kind: str, owner_uuid: str) -> list[Attachment]:
        rows = self._office.db.query(
            "SELECT * FROM attachments WHERE owner_kind = ? AND owner_uuid = ? ORDER BY id",
            [owner_kind, owner_uuid],
        )
        return [from_row(Attachment, row) for row in rows]

    def get(self, attachment_id: int) -> Attachment:
        rows = list(
            self._office.db.query("SELECT * FROM attachments WHERE id = ?", [attachment_id])
        )
        if not rows:
            raise NotFound("该附件已不存在")
        return from_row(Attachment, rows[0])

    def add(
        self, *, owner_kind: str, owner_uuid: str, file_name: str, data: bytes, note: str = ""
    ) -> Attachment:
        name = clean_text(Path(file_name).name)
        if not data:
            raise RendaError(f"“{name}”是空文件，没有添加")
        if len(data) > MAX_BYTES:
            raise RendaError(f"“{name}”超过 50 MB，请先压缩或分成几个文件")
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        with self._office.transaction() as db:
            cursor = db.execute(
                "INSERT INTO attachments (uuid, owner_kind, owner_uuid, file_name, mime, size,"
                " sha256, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    new_uuid(),
                    owner_kind,
                    owner_uuid,
                    name,
                    mime,
                    len(data),
                    hashlib.sha256(data).hexdigest(),
                    clean_text(note),
                ],
            )
            db.execute(
                "INSERT INTO attachment_data (attachment_id, data) VALUES (?, ?)",
                [cursor.lastrowid, data],
            )
        return self.get(cursor.lastrowid)

    def add_file(
        self, *, owner_kind: str, owner_uuid: str, path: Path, note: str = ""
    ) -> Attachment:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise RendaError(f"无法读取“{Path(path).name}”：{faults.reason(exc)}") from exc
        return self.add(
            owner_kind=owner_kind,
            owner_uuid=owner_uuid,
            file_name=Path(path).name,
            data=data,
            note=note,
        )

    def data(self, attachment_id: int) -> bytes:
        row = self._office.db.execute(
            "SELECT data FROM attachment_data WHERE attachment_id = ?", [attachment_id]
        ).fetchone()
        if row is None:
            raise NotFound("该附件已不存在")
        return bytes(row[0])

    def export(self, attachment_id: int, target: Path) -> Path:
        try:
            write_atomically(Path(target), self.data(attachment_id))
        except OSError as exc:
            raise RendaError(f"无法保存到“{target}”：{faults.reason(exc)}") from exc
        return Path(target)

    def open_copy(self, attachment_id: int) -> Path:
        """A copy to hand to the attachment's usual program: in the data folder's work area
        (never the system's TEMP), removed when renda closes or, after a crash, at its next
        start (app/core/workspace.py)."""
        from app.core.workspace import session_folder

        attachment = self.get(attachment_id)
        try:
            folder = session_folder(self._office.path) / attachment.uuid
            return self.export(attachment_id, folder / attachment.file_name)
        except OSError as exc:
            raise RendaError(f"无法打开附件“{attachment.file_name}”：{faults.reason(exc)}") from exc

    def remove(self, attachment_id: int) -> None:
        self.get(attachment_id)
        with self._office.transaction() as db:
            db.execute("DELETE FROM attachments WHERE id = ?", [attachment_id])

    def remove_all(self, owner_kind: str, owner_uuid: str) -> None:
        """Called by an area when it deletes the owning record."""
        with self._office.transaction() as db:
            db.execute(
                "DELETE FROM attachments WHERE owner_kind = ? AND owner_uuid = ?",
                [owner_kind, owner_uuid],
            )
