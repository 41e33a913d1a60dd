"""Plaintext work files beside the database: removed when done, kept while a running renda
holds them, removed at the next start when a crash left them; opened attachments too."""

from __future__ import annotations

from app.core.workspace import clean_stale, release_sessions, work_folder, work_root
from app.office import Office


def test_a_folder_in_use_is_kept_and_a_left_over_one_removed(tmp_path):
    db = tmp_path / "office.sqlite"
    with work_folder(db, "open") as live:
        (live / "data.sqlite").write_bytes(b"plaintext")
        crashed = work_root(db) / "open-999999-dead"
        crashed.mkdir()
        (crashed / ".lock").write_bytes(b"")
        (crashed / "data.sqlite").write_bytes(b"plaintext")
        half_made = work_root(db) / "pkg-999999-made"  # killed before its lock existed
        half_made.mkdir()
        assert sorted(p.name for p in clean_stale(db)) == sorted([crashed.name, half_made.name])
        assert (live / "data.sqlite").exists()
    assert not live.exists()


def test_an_opened_attachment_is_copied_beside_the_database_and_removed_later(office):
    deputy = office.deputies.add(name="张三", gender="男")
    added = office.attachments.add(
        owner_kind="deputy", owner_uuid=deputy.uuid, file_name="当选证书.pdf", data=b"%PDF-1.4 x"
    )
    copy = office.attachments.open_copy(added.id)
    assert copy.read_bytes() == b"%PDF-1.4 x" and copy.name == "当选证书.pdf"
    assert copy.is_relative_to(office.path.parent / ".renda-work")
    release_sessions()  # what happens when renda closes
    assert not copy.exists()
    # A crash leaves the copy; the next start removes it.
    again = office.attachments.open_copy(added.id)
    from app.core import workspace

    held = workspace._SESSION.pop(work_root(office.path))
    held._lock.close()  # as if its process were gone: the lock goes with it
    with Office.open(office.path):
        assert not again.exists()
