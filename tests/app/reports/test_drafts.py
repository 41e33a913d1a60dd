"""The report drafts read back with python-docx: every figure in them is the figure the
app's own lists and statistics give for the same year (the 会议, 代表活动, 接待选民, 述职 and
建议 lists, the 办理统计 tab, the roster), and bad requests are refused in Chinese."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from app.core.errors import RendaError, ValidationError
from app.deputies.deputies import DeputyQuery
from app.duties.activities import ActivityQuery
from app.duties.receptions import ReceptionQuery
from app.meetings.meetings import MeetingQuery
from app.reports.drafts import handling_report, structure_report, work_report
from app.suggestions.records import SuggestionQuery
from app.suggestions.stats import percent, yearly_rates

# The demo is written relative to today: this year holds the overdue suggestions, last
# year is complete (both sessions held, the livelihood projects voted).
YEAR = date.today().year
LAST = YEAR - 1


def read(data: bytes) -> tuple[str, list[list[list[str]]]]:
    """The paragraphs' text, and each table as rows of cell texts."""
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return text, tables


def figure(text: str, before: str, after: str) -> str:
    """The one figure between `before` and `after` in the draft."""
    found = re.findall(re.escape(before) + r"([\d.]+%?|—)" + re.escape(after), text)
    assert len(found) >= 1, f"{before}…{after} not in the draft"
    return found[0]


def test_the_handling_report_of_a_year_says_what_the_lists_and_statistics_say(demo_office):
    office = demo_office
    result = handling_report(office, year=YEAR)
    text, tables = read(result.data)
    suggestions = office.suggestions

    def listed(**filters: object) -> int:
        return suggestions.count(SuggestionQuery(year=YEAR, kind="suggestion", **filters))

    assert f"关于{YEAR}年代表建议办理情况的报告" in text
    assert int(figure(text, "共收到代表建议", "件")) == listed() > 0
    assert int(figure(text, "其中不予受理", "件")) == listed(status="refused")
    assert int(figure(text, "代表撤回", "件")) == listed(status="withdrawn")
    overdue = suggestions.rows(
        suggestions.search(SuggestionQuery(year=YEAR, kind="suggestion", due="overdue"))
    )
    assert int(figure(text, "逾期未答复", "件")) == len(overdue)
    for row in overdue:  # each overdue one is named, with its unit
        assert f"{row.number}《{row.title}》" in text
        assert row.lead_unit_name in text
    # The rates are the 办理统计 tab's.
    stats = yearly_rates(office, YEAR)
    t = stats.total
    assert int(figure(text, "交办", "件")) == t.assigned
    assert int(figure(text, "已答复", "件")) == t.replied
    assert figure(text, "按期答复率", "；") == percent(t.on_time_share)
    for code, label in stats.classes:
        assert int(figure(text, f"{code}类（{label}）", "件")) == dict(t.classes)[code]
    assert figure(text, "办成率（已解决或采纳的件数占已答复件数）为", "。") == percent(
        t.solved_share
    )
    assert figure(text, "结果满意率", "。") == percent(t.result_satisfaction)
    assert figure(text, "过程满意率", "；") == percent(t.process_satisfaction)
    # The appended table: one line per lead unit, as on the 办理统计 tab, then 合计.
    (table,) = tables
    header, *lines = table
    assert header[0] == "承办单位" and header[-1] == "结果满意率"
    assert [line[0] for line in lines] == [g.label for g in stats.groups] + ["合计"]
    for line, rates in zip(lines, [*stats.groups, t], strict=True):
        assert line[1:5] == [
            str(rates.received),
            str(rates.replied),
            str(rates.on_time),
            percent(rates.on_time_share),
        ]
        assert line[-2:] == [str(rates.overdue), percent(rates.result_satisfaction)]
    assert sum(int(line[1]) for line in lines[:-1]) <= int(lines[-1][1])


def test_the_handling_report_of_a_session_counts_the_suggestions_made_at_it(demo_office):
    office = demo_office
    session = office.meetings.list(MeetingQuery(kind="session", year=LAST))[-1]
    made_there = office.suggestions.count(SuggestionQuery(meeting_id=session.id, kind="suggestion"))
    assert made_there > 0
    text, tables = read(handling_report(office, meeting_id=session.id).data)
    assert f"关于{session.title}代表建议办理情况的报告" in text
    assert int(figure(text, "共收到代表建议", "件")) == made_there
    assert tables[0][-1][1] == str(made_there)
    # The year's report counts more than the one session.
    assert made_there < yearly_rates(office, LAST).total.received


def test_the_work_report_counts_what_the_lists_of_the_year_hold(demo_office):
    office = demo_office
    text, _ = read(work_report(office, LAST).data)

    def held(kind: str) -> list:
        return [
            r
            for r in office.meetings.list(MeetingQuery(kind=kind, year=LAST))
            if r.status == "held"
        ]

    sessions, presidium = held("session"), held("presidium")
    assert int(figure(text, "全年召开镇人民代表大会会议", "次")) == len(sessions) > 0
    assert int(figure(text, "主席团会议", "次")) == len(presidium) > 0
    resolutions = sum(len(office.meetings.resolutions.list(m.id)) for m in sessions + presidium)
    assert int(figure(text, "审议通过决议、决定", "项")) == resolutions
    for row in sessions:
        assert f"召开{row.title}，应到代表{row.expected}名，实到{row.present}名" in text
    assert int(figure(text, "开展代表小组活动", "次")) == len(held("group"))

    def activities(kind: str) -> int:
        return len(office.activities.search(ActivityQuery(year=LAST, kind=kind)))

    for kind in ("视察", "专题调研", "执法检查", "工作评议"):
        assert int(figure(text, f"、{kind}" if kind != "视察" else "组织代表开展视察", "次")) == (
            activities(kind)
        )
    assert int(figure(text, "学习培训", "次")) == activities("学习培训")
    assert int(figure(text, "走访选民", "次")) == activities("走访选民")
    receptions = office.receptions.search(ReceptionQuery(year=LAST))
    assert int(figure(text, "代表联络站（点）接待选民", "次")) == len(receptions) > 0
    visitors = sum(r.visitors for r in office.receptions.rows(receptions))
    assert int(figure(text, "接待群众", "人次")) == visitors
    reports = office.voter_reports.list(year=LAST)
    assert int(figure(text, "代表向选民述职", "人次")) == len(reports) > 0
    t = yearly_rates(office, LAST).total
    assert int(figure(text, "共收到代表建议", "件")) == t.received
    assert figure(text, "办成率", "，") == percent(t.solved_share)
    assert figure(text, "代表对办理结果的满意率", "；") == percent(t.result_satisfaction)
    # The projects voted that year, with their progress.
    earlier = office.meetings.projects.elected(year=LAST)
    assert int(figure(text, f"{LAST}年经代表票决确定民生实事项目", "个")) == len(earlier) > 0
    done = sum(p.progress_status == "completed" for p in earlier)
    assert int(figure(text, "目前已完成", "个")) == done
    assert "【请在此填写】" in text  # what only the clerk can write is marked


def test_the_structure_table_adds_up_to_the_roster(demo_office):
    office = demo_office
    _, (table,) = read(structure_report(office).data)
    term_id = office.current_term_id()

    def roster(**filters: object) -> int:
        return office.deputies.count(
            DeputyQuery(term_id=term_id, status="serving", level="township", **filters)
        )

    header, first, *lines = table
    assert header == ["项目", "类别", "人数", "占比"]
    total = int(first[2])
    assert total == roster() > 0
    by_group: dict[str, dict[str, int]] = {}
    for group, label, count, share in lines:
        by_group.setdefault(group, {})[label] = int(count)
        assert share == f"{int(count) / total * 100:.1f}%"
    # Each breakdown covers every deputy once ("其中…" lines are parts of the others).
    for group in ("性别", "年龄", "民族", "政治面貌", "文化程度", "代表构成"):
        parts = {k: v for k, v in by_group[group].items() if not k.startswith("其中")}
        assert sum(parts.values()) == total, group
    for category in office.reference.values("deputy_categories"):
        assert by_group["代表构成"][category] == roster(category=category)
    rows = office.deputies.rows(
        office.deputies.search(DeputyQuery(term_id=term_id, status="serving", level="township"))
    )
    assert by_group["性别"]["女"] == sum(r.gender == "F" for r in rows)
    assert by_group["民族"]["汉族"] == sum(r.ethnicity == "汉族" for r in rows)
    assert by_group["其他"]["同时是县人大代表"] == sum(r.is_county_deputy for r in rows)
    assert by_group["其他"]["主席团成员"] == roster(presidium_only=True)


def test_a_draft_refuses_what_it_cannot_write_in_chinese(demo_office, tmp_path: Path):
    office = demo_office
    presidium = office.meetings.list(MeetingQuery(kind="presidium"))[0]
    with pytest.raises(ValidationError) as refused:
        handling_report(office, meeting_id=presidium.id)
    assert "不是人民代表大会会议" in refused.value.fields["meeting"]
    with pytest.raises(ValidationError) as refused:
        handling_report(office, meeting_id=99999)
    assert "找不到编号为 99999 的会议" in refused.value.fields["meeting"]
    with pytest.raises(ValidationError) as refused:
        work_report(office, 26)
    assert "四位年份" in refused.value.fields["year"]
    with pytest.raises(ValidationError):
        handling_report(office)
    county = type(office).open(tmp_path / "county.sqlite")
    county.setup_county(county="溪山县")
    with pytest.raises(RendaError, match="请在乡镇的数据库中起草"):
        structure_report(county)
    county.close()


def test_the_draft_command_saves_each_draft(demo_db: Path, tmp_path: Path, capsys):
    from app.cli import main

    for args, name in (
        (["work", "--year", str(YEAR)], "工作报告.docx"),
        (["handling", "--year", str(YEAR)], "办理情况"),  # .docx is added
        (["structure"], "结构.docx"),
    ):
        target = tmp_path / name
        assert main(["--db", str(demo_db), "draft", *args, "--out", str(target)]) == 0
        saved = target if target.suffix else target.with_name(name + ".docx")
        assert Document(str(saved)).paragraphs[0].text  # a real Word file
    assert "已保存" in capsys.readouterr().out
    assert main(["--db", str(demo_db), "draft", "structure"]) == 1
    assert "--out" in capsys.readouterr().err
