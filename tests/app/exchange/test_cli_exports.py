"""`export LIST --out F.xlsx [filters]`: every list from the command line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.exchange.cli_exports import LISTS
from app.meetings.meetings import Meeting, MeetingQuery
from app.office import Office
from tests.app.test_cli import run


def session(db: Path) -> Meeting:
    """The demo's latest congress session."""
    with Office.open(db) as office:
        found = office.meetings.search(MeetingQuery(kind="session"))
        return office.meetings.get(found[0])


def rows_of(path: Path, sheet: int = 0) -> list[list]:
    ws = load_workbook(path).worksheets[sheet]
    return [[c.value for c in row] for row in ws.iter_rows(min_row=3)]


def test_open_suggestions_exported_by_a_script(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "未办结建议.xlsx"
    done = run(demo_db, "export", "suggestions", "--status", "open", "--out", str(target))
    assert done.returncode == 0, done.stderr
    listed = run(demo_db, "suggestions", "--status", "open")
    count = int(listed.stdout.strip().splitlines()[-1].split()[1])
    rows = rows_of(target)
    assert f"已导出 {count} 行" in done.stdout and len(rows) == count + 1
    assert rows[0][:3] == ["编号", "标题", "提出代表"]
    assert all(isinstance(r[rows[0].index("答复期限")], datetime | None) for r in rows[1:])
    refused = run(demo_db, "export", "suggestions", "--status", "某状态", "--out", str(target))
    assert refused.returncode == 1 and "没有“某状态”这种状态" in refused.stderr


@pytest.mark.parametrize(
    ("args", "first_header"),
    [
        (["meetings", "--year", "{year}", "--kind", "session"], "日期"),
        (["resolutions", "{session}"], "序号"),
        (["units"], "承办单位"),
        (["suggestion-stats", "--year", "{year}"], "承办单位"),
        (["activities", "--year", "{year}"], "日期"),
        (["reports"], "日期"),
        (["scores", "--year", "{year}"], "名次"),
        (["terms"], "届次"),
        (["constituencies"], "选区"),
        (["groups"], "代表小组"),
        (["stations"], "名称"),
    ],
)
def test_every_list_from_the_command_line(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list, first_header: str
) -> None:
    target = tmp_path / f"{args[0]}.xlsx"
    args = [a.format(year=session(demo_db).year, session=session(demo_db).id) for a in args]
    assert main(["--db", str(demo_db), "export", *args, "--out", str(target)]) == 0
    rows = rows_of(target)
    assert rows[0][0] == first_header and len(rows) > 1
    assert f"已导出 {len(rows) - 1} 行" in capsys.readouterr().out


def test_attendance_and_receptions_with_their_options(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(demo_db)]
    attendance = tmp_path / "出席.xlsx"
    meeting = str(session(demo_db).id)
    assert main([*db, "export", "attendance", meeting, "--out", str(attendance)]) == 0
    assert "王𠮷" in [r[1] for r in rows_of(attendance)]
    masked, shown = tmp_path / "接待.xlsx", tmp_path / "接待全.xlsx"
    assert main([*db, "export", "receptions", "--out", str(masked)]) == 0
    args = ["export", "receptions", "--show-sensitive", "--out", str(shown)]
    assert main([*db, *args]) == 0
    contact = rows_of(masked, 1)[0].index("联系方式")
    hidden = [r[contact] for r in rows_of(masked, 1)[1:] if r[contact]]
    full = [r[contact] for r in rows_of(shown, 1)[1:] if r[contact]]
    assert all("*" in c for c in hidden) and not any("*" in c for c in full)
    assert main([*db, "export", "meetings", "--search", "没有的会", "--out", str(masked)]) == 1
    assert "没有导出" in capsys.readouterr().err
    assert main([*db, "export", "attendance", "甲", "--out", str(masked)]) == 1


def test_every_list_has_a_command() -> None:
    assert set(LISTS) >= {
        "meetings", "attendance", "resolutions", "suggestions", "units", "suggestion-stats",
        "activities", "receptions", "reports", "scores",
        "terms", "constituencies", "groups", "stations",
    }  # fmt: skip
