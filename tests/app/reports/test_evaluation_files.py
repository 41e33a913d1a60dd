"""The county's evaluation for a chosen year: every score reconciles with the records it
is read from (the meeting, activity, reception, voter-report lists and the 办理统计 rates),
the rubric and hand scores the office keeps, the printed form (county results with each
township's detail; a township's self-assessment with its seal line) and the Excel file,
both read back."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from app.core.errors import ValidationError
from app.deputies.deputies import DeputyQuery
from app.duties.activities import ActivityQuery
from app.duties.receptions import ReceptionQuery
from app.meetings.meetings import MeetingQuery
from app.office import Office
from app.reports.rubric import (
    DEFAULT_RUBRIC,
    county_scores,
    hand_scores,
    item_score,
    known_figures,
    office_rubric,
    save_rubric,
    set_hand_score,
)
from app.reports.rubric_files import evaluation_pdf, export_evaluation
from app.suggestions.stats import yearly_rates

YEAR = date.today().year
LAST = YEAR - 1
BY_HAND = "县人大常委会综合评价（手工评分）"
PASSWORD = "溪山县人大2026"


def figures_from_the_lists(office: Office, year: int) -> dict[str, float]:
    """Each figure the default rubric reads, counted again from the office's own lists."""
    held = {
        kind: sum(r.status == "held" for r in office.meetings.list(MeetingQuery(kind, year)))
        for kind in ("session", "presidium", "group")
    }
    term = office.current_term
    assert term is not None
    sessions = [
        r
        for r in office.meetings.list(MeetingQuery(kind="session", term_id=term.id))
        if r.status == "held" and r.start_date <= f"{year}-12-31"
    ]
    deputies = office.deputies.search(
        DeputyQuery(term_id=term.id, status="serving", level="township")
    )
    reported = {
        v.deputy_id for v in office.voter_reports.list(since=term.start_date, until=f"{year}-12-31")
    }
    rates = yearly_rates(office, year).total
    found = {
        "sessions_held": held["session"],
        "presidium_held": held["presidium"],
        "group_activities_held": held["group"],
        "activities_this_year": len(office.activities.search(ActivityQuery(year=year))),
        "receptions_this_year": len(office.receptions.search(ReceptionQuery(year=year))),
        "reported_to_voters": round(100 * len(reported & set(deputies)) / len(deputies), 1),
        "session_attendance": round(
            100 * sum(s.present for s in sessions) / sum(s.expected for s in sessions), 1
        ),
    }
    if rates.on_time_share is not None:
        found["suggestions_on_time"] = round(rates.on_time_share * 100, 1)
    if rates.result_satisfaction is not None:
        found["suggestions_satisfaction"] = round(rates.result_satisfaction * 100, 1)
    return found


@pytest.mark.parametrize("year", [YEAR, LAST])
def test_each_score_of_a_year_reconciles_with_the_records(demo_office, year):
    office = demo_office
    scores = county_scores(office, year=year)
    assert scores.year == year and scores.self_assessment
    (row,) = scores.rows
    expected = figures_from_the_lists(office, year)
    kinds = {key: kind for key, (_label, kind) in known_figures().items()}
    for item, scored in zip(DEFAULT_RUBRIC.items, row.items, strict=True):
        if not item.figure:
            assert scored.value is None and scored.score == 0
            continue
        assert scored.value == expected[item.figure], item.label
        kind = kinds[item.figure]
        assert scored.target == (item.target or (100 if kind == "percent" else 0))
        assert scored.score == item_score(item, kind, scored.value)
    assert row.total == round(sum(i.score for i in row.items), 2)
    assert not row.red_flag  # a township does not award itself the flag
    # The two years are told apart (the demo's activities differ year to year).
    other = county_scores(office, year=LAST if year == YEAR else YEAR).rows[0]
    assert [i.value for i in other.items] != [i.value for i in row.items]


def test_a_bad_year_is_refused(demo_office):
    with pytest.raises(ValidationError, match="不是有效的考评年度"):
        county_scores(demo_office, year=1800)


def test_the_rubric_and_hand_scores_kept_by_the_office(demo_office):
    office = demo_office
    assert office_rubric(office) == DEFAULT_RUBRIC
    lighter = replace(
        DEFAULT_RUBRIC,
        title="某县考评",
        items=(replace(DEFAULT_RUBRIC.items[0], points=20), *DEFAULT_RUBRIC.items[1:-1]),
    )
    assert sum(i.points for i in lighter.items) == 100
    save_rubric(office, lighter)
    assert office_rubric(office) == lighter
    assert county_scores(office).rubric.title == "某县考评"
    before = office.settings.get("county_rubric")
    with pytest.raises(ValidationError, match="合计 90 分"):
        save_rubric(office, replace(lighter, items=(*lighter.items[1:], lighter.items[1])))
    assert office.settings.get("county_rubric") == before  # nothing changed
    save_rubric(office, None)
    assert office_rubric(office) == DEFAULT_RUBRIC
    # A hand score is kept for its year only, checked against the item's points.
    name = office.township.name
    set_hand_score(office, YEAR, name, BY_HAND, 4.5)
    assert hand_scores(office, YEAR) == {name: {BY_HAND: 4.5}}
    assert hand_scores(office, LAST) == {}
    (row,) = county_scores(office, year=YEAR).rows
    assert row.items[-1].score == 4.5
    with pytest.raises(ValidationError, match="0 至 5 分之间"):
        set_hand_score(office, YEAR, name, BY_HAND, 6)
    with pytest.raises(ValidationError, match="不是手工评分的项目"):
        set_hand_score(office, YEAR, name, DEFAULT_RUBRIC.items[0].label, 3)
    # A new rubric may not leave the kept score above the item's points.
    smaller = replace(
        DEFAULT_RUBRIC,
        items=(
            replace(DEFAULT_RUBRIC.items[0], points=17),
            *DEFAULT_RUBRIC.items[1:-1],
            replace(DEFAULT_RUBRIC.items[-1], points=3),
        ),
    )
    with pytest.raises(ValidationError, match=r"已有手工评分 4\.5 分，超过新的分值 3 分"):
        save_rubric(office, smaller)
    assert office_rubric(office) == DEFAULT_RUBRIC
    set_hand_score(office, YEAR, name, BY_HAND, None)
    assert county_scores(office, year=YEAR).rows[0].items[-1].score == 0
    save_rubric(office, smaller)  # nothing above 3 now


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_self_assessment_prints_and_exports(demo_office, tmp_path: Path):
    office = demo_office
    name = office.township.name
    set_hand_score(office, LAST, name, BY_HAND, 3)
    (row,) = county_scores(office, year=LAST).rows
    result = evaluation_pdf(office, LAST)
    text = pdf_text(result.data)
    assert f"{name}{LAST}年度乡镇人大工作绩效考评自评表" in text
    assert f"{name}人民代表大会主席团（盖章）" in text
    assert "流动红旗" not in text.replace("流动红旗获", "")
    for item in row.items:
        assert f"{item.score:g}" in text
    assert f"{row.total:g}" in text and row.grade in text
    path = export_evaluation(office, tmp_path / "自评.xlsx", LAST)
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = [r for r in book["考评结果"].iter_rows(values_only=True) if any(r)]
    header = next(r for r in sheet if r[0] == "名次")
    line = sheet[sheet.index(header) + 1]
    assert line[1] == name and line[-2] == row.total and line[-1] == row.grade
    assert list(line[2:-2]) == [i.score for i in row.items]
    details = [r for r in book["得分明细"].iter_rows(values_only=True) if r[0] == name]
    assert [(d[1], d[3], d[6]) for d in details] == [(i.label, i.value, i.score) for i in row.items]


@pytest.fixture(scope="module")
def second_township(tmp_path_factory) -> Path:
    from app.demo import build_demo

    path = tmp_path_factory.mktemp("town") / "石门镇.sqlite"
    with Office.open(path) as office:
        build_demo(office, seed=11, township_name="石门镇")
        office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def county(demo_db: Path, second_township: Path, tmp_path: Path):
    """A county database holding two townships, each from its own signed package."""
    from app.county.merge import import_package
    from app.exchange.package import export_package

    other = tmp_path / "石门镇.sqlite"
    shutil.copyfile(second_township, other)
    office = Office.open(tmp_path / "县汇总.sqlite")
    office.setup_county(county="溪山县")
    (tmp_path / "packages").mkdir()
    for path in (demo_db, other):
        with Office.open(path) as town:
            package = export_package(town, tmp_path / "packages", PASSWORD).path
        import_package(office, package, PASSWORD)
    yield office
    office.close()


def test_the_county_ranks_townships_prints_and_exports(county, tmp_path: Path):
    office = county
    set_hand_score(office, YEAR, "石门镇", BY_HAND, 5)
    scores = county_scores(office, year=YEAR)
    assert not scores.self_assessment
    assert sorted(r.name for r in scores.rows) == ["清溪镇", "石门镇"]
    assert [r.total for r in scores.rows] == sorted((r.total for r in scores.rows), reverse=True)
    assert scores.red_flag_holders == [scores.rows[0].name]
    by_name = {r.name: r for r in scores.rows}
    assert by_name["石门镇"].items[-1].score == 5
    # The county's figures of a township are the township's own self-assessment figures.
    with Office.open(tmp_path / "石门镇.sqlite") as town:
        own = county_scores(town, year=YEAR, manual={"石门镇": {BY_HAND: 5}}).rows[0]
    assert [i.value for i in by_name["石门镇"].items] == [i.value for i in own.items]
    assert by_name["石门镇"].total == own.total

    result = evaluation_pdf(office, YEAR)
    assert result.pages == 1 + len(scores.rows)  # the results, then a page per township
    reader = PdfReader(io.BytesIO(result.data))
    first = reader.pages[0].extract_text()
    assert f"溪山县{YEAR}年度乡镇人大工作绩效考评结果" in first
    assert f"流动红旗：{scores.rows[0].name}" in first
    for n, row in enumerate(scores.rows, 1):
        page = reader.pages[n].extract_text()
        assert f"{row.name}{YEAR}年度人大工作绩效考评得分明细" in page
        assert f"第 {row.rank} 名" in page and f"总分：{row.total:g} 分" in page
        for item in row.items:
            assert f"{item.score:g}" in page

    path = export_evaluation(office, tmp_path / "考评.xlsx", YEAR)
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [r for r in book["考评结果"].iter_rows(values_only=True) if r and r[0] is not None]
    header = rows.index(next(r for r in rows if r[0] == "名次"))
    lines = rows[header + 1 :]
    assert [(r[0], r[1], r[-3], r[-2], r[-1]) for r in lines] == [
        (s.rank, s.name, s.total, s.grade, "是" if s.red_flag else None) for s in scores.rows
    ]
    details = list(book["得分明细"].iter_rows(values_only=True))
    for row in scores.rows:
        got = [(d[1], d[6]) for d in details if d[0] == row.name]
        assert got == [(i.label, i.score) for i in row.items]


def test_the_county_score_command_takes_the_year_and_writes_files(demo_db, tmp_path, capsys):
    from app.cli import main

    assert main(["--db", str(demo_db), "county-score", "--year", str(LAST), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == LAST and data["self_assessment"] is True
    with Office.open(demo_db) as office:
        row = county_scores(office, year=LAST).rows[0]
    assert data["townships"][0]["total"] == row.total
    pdf, xlsx = tmp_path / "自评.pdf", tmp_path / "自评.xlsx"
    args = ["--year", str(LAST), "--pdf", str(pdf), "--xlsx", str(xlsx)]
    assert main(["--db", str(demo_db), "county-score", *args]) == 0
    assert f"{LAST}年度" in pdf_text(pdf.read_bytes())
    assert openpyxl.load_workbook(xlsx, read_only=True).sheetnames == ["考评结果", "得分明细"]
    form = tmp_path / "考评自评表.pdf"
    assert (
        main(["--db", str(demo_db), "print", "evaluation", "--year", str(LAST), "--out", str(form)])
        == 0
    )
    assert f"{LAST}年度乡镇人大工作绩效考评自评表" in pdf_text(form.read_bytes())
    assert main(["--db", str(demo_db), "county-score", "--year", "20"]) == 1
    assert "不是有效的考评年度" in capsys.readouterr().err
