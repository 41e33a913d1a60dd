"""The printed forms of oversight, read back from real PDFs: the figures on the result
sheet are the tally's, rare characters can be searched, the letter says the deadline."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pypdf import PdfReader

from app.documents.oversight_forms import (
    appraisal_ballot_pdf,
    appraisal_result_pdf,
    feedback_form_pdf,
    opinion_letter_pdf,
)
from tests.app.test_cli import run


def _text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _rated(office):
    a = office.appraisals.add(subject="镇𠮷䶮农业综合服务中心", year=2026)
    office.appraisals.set_stage(a.id, "review", done_date="2026-05-10")
    return office.appraisals.record_rating(
        a.id,
        date="2026-05-10",
        place="镇政府三楼会议室",
        issued=60,
        returned=58,
        satisfied=40,
        basic=12,
        unsatisfied=5,
    )


def test_the_result_sheet_prints_the_tally_and_its_shares(office) -> None:
    a = _rated(office)
    result = appraisal_result_pdf(office, a.id)
    text = _text(result.data).replace(" ", "")
    assert result.pages == 1
    assert "镇𠮷䶮农业综合服务中心" in text
    for figure in ("60张", "58张", "57张", "1张", "40票", "12票", "5票", "70.2%", "91.2%"):
        assert figure in text, figure
    assert "满意" in text and "计票人" in text


def test_the_ballot_prints_three_to_a_page(office) -> None:
    a = _rated(office)
    result = appraisal_ballot_pdf(office, a.id)
    text = _text(result.data)
    assert result.pages == 1
    assert text.count("工作评议测评票") == 3
    assert text.count("镇𠮷䶮农业综合服务中心") == 3
    duty = office.appraisals.add(kind="duty", subject="王𠮷", post="副镇长", year=2026)
    assert "述职人" in _text(appraisal_ballot_pdf(office, duty.id).data)


def test_the_letter_and_the_feedback_form_carry_the_opinion(office) -> None:
    meeting = office.meetings.add(kind="session", start_date="2026-03-12")
    o = office.opinions.add(
        source="meeting",
        meeting_id=meeting.id,
        topic="镇人民政府工作报告",
        content="关于𠮷家村饮水问题，请尽快拿出解决方案。" * 30,
        sent_date="2026-03-20",
    )
    letter = _text(opinion_letter_pdf(office, o.id).data).replace(" ", "")
    assert "审议意见书" in letter and "𠮷家村" in letter
    assert "请于2026年6月20日前" in letter
    form = _text(feedback_form_pdf(office, o.id).data).replace(" ", "")
    assert "审议意见办理情况反馈表" in form and "□已落实" in form  # a review opinion


def test_an_appraisal_from_the_command_line(demo_db: Path, tmp_path: Path) -> None:
    added = run(demo_db, "appraisal", "add", "--subject", "镇文化站", "--year", "2026")
    assert added.returncode == 0, added.stderr
    aid = added.stdout.split("编号 ")[1].split("）")[0]
    for args in (
        ("stage", aid, "动员", "--done", "2026-03-01", "--record", "印发方案"),
        ("stage", aid, "评议", "--done", "2026-05-10"),
        (
            "ballot",
            aid,
            "--date",
            "2026-05-10",
            "--issued",
            "30",
            "--returned",
            "30",
            "--satisfied",
            "10",
            "--basic",
            "10",
            "--unsatisfied",
            "10",
        ),
        ("rectify", aid, "--sent", "2026-05-15", "--content", "加强文化下乡"),
    ):
        done = run(demo_db, "appraisal", *args)
        assert done.returncode == 0, done.stderr
    refused = run(
        demo_db,
        "appraisal",
        "ballot",
        aid,
        "--date",
        "2026-05-10",
        "--issued",
        "30",
        "--returned",
        "30",
        "--satisfied",
        "31",
    )
    assert refused.returncode == 1
    assert "满意、基本满意、不满意合计 31 票，多于收回票数（30）" in refused.stderr
    early = run(demo_db, "appraisal", "feedback", aid, "--date", "2026-05-01", "--text", "x")
    assert "早于意见送交日期（2026年5月15日）" in early.stderr
    closing = run(demo_db, "appraisal", "close", aid, "--date", "2026-06-01", "--verdict", "已落实")
    assert closing.returncode == 1 and "不能结束评议" in closing.stderr
    shown = json.loads(run(demo_db, "appraisal", "show", aid, "--json").stdout)
    assert shown["rating"]["result"] == "基本满意"
    assert shown["rating"]["approval"] == round(20 / 30, 4)
    assert shown["rectification"]["deadline"] == "2026-08-15"
    opened = json.loads(run(demo_db, "opinions", "--open", "--json").stdout)
    assert any(o["topic"] == "对镇文化站的工作评议" and o["overdue"] for o in opened)
    out = tmp_path / "结果.pdf"
    printed = run(demo_db, "print", "appraisal-result", "--appraisal", aid, "--out", str(out))
    assert printed.returncode == 0, printed.stderr
    assert "66.7%" in _text(out.read_bytes())


def test_the_yearly_results_export_with_the_tallys_figures(office, tmp_path: Path) -> None:
    import openpyxl

    from app.exchange.list_exports import export_appraisals, export_opinions

    a = _rated(office)
    office.appraisals.send_rectification(a.id, sent_date="2026-05-15", content="整改意见")
    done = export_appraisals(office, tmp_path / "评议.xlsx", 2026)
    assert done.rows == 1
    rows = list(openpyxl.load_workbook(done.path).active.iter_rows(values_only=True))
    header = rows[2]
    line = dict(zip(header, rows[3], strict=True))
    assert line["评议对象"] == "镇𠮷䶮农业综合服务中心"
    assert (line["发出票数"], line["收回票数"], line["满意"], line["基本满意"], line["不满意"]) == (
        60,
        58,
        40,
        12,
        5,
    )
    assert abs(line["满意率"] - 52 / 57) < 1e-9
    opened = export_opinions(office, tmp_path / "意见.xlsx", True)
    assert opened.rows == 1


def test_the_list_of_opinions_and_the_plan_print(office) -> None:
    from app.documents.oversight_forms import appraisal_plan_pdf, opinions_list_pdf

    meeting = office.meetings.add(kind="session", start_date="2026-03-12")
    for topic in ("镇人民政府工作报告", "财政预算报告"):
        office.opinions.add(
            source="meeting",
            meeting_id=meeting.id,
            topic=topic,
            content="意见",
            sent_date="2026-03-20",
        )
    listed = _text(opinions_list_pdf(office, open_only=True).data).replace(" ", "")
    overdue = sum(o.state() == "overdue" for o in office.opinions.list(open_only=True))
    assert f"共2项意见，逾期未反馈{overdue}项" in listed
    assert "镇人民政府工作报告" in listed and "财政预算报告" in listed
    a = office.appraisals.add(subject="镇水利站", year=2026, plan="五个环节开展评议")
    office.appraisals.set_stage(a.id, "survey", planned_date="2026-04-30")
    plan = _text(appraisal_plan_pdf(office, a.id).data).replace(" ", "")
    assert "工作评议方案" in plan and "镇水利站" in plan and "2026年4月30日" in plan
