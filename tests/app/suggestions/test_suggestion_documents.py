"""The suggestion forms read back: 交办单, 督办单, 征询意见表 (one page per signing deputy)
and the yearly statistics, with rare characters searchable and every font embedded."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.core.errors import RendaError
from app.documents.suggestion_assignment import assignment_pdf
from app.documents.suggestion_feedback import feedback_pdf
from app.documents.suggestion_statistics import statistics_pdf
from app.documents.suggestion_supervision import supervision_pdf
from tests.app.documents.test_documents import font_table, squeezed
from tests.app.suggestions.test_suggestions import TODAY, register
from tests.app.test_cli import run


def pages(result) -> list[str]:
    return [squeezed(p.extract_text()) for p in PdfReader(io.BytesIO(result.data)).pages]


@pytest.fixture
def handled(town):
    """A suggestion by 王𠮷 with two co-signers, assigned, supervised, replied (B) and rated."""
    sg = town.office.suggestions
    s = register(town, "关于修缮𠮷家湾山塘的建议")
    sg.accept(s.id, date="2026-03-02", today=TODAY)
    sg.assign(
        s.id, lead_unit_id=town.units["水利站"], assist_unit_ids=[town.units["财政所"]],
        date="2026-03-05", note="请会同财政所落实资金", today=TODAY,
    )  # fmt: skip
    sg.supervise(
        s.id, reason="key", method="现场督办", new_deadline="2026-05-15", date="2026-04-01",
        note="已完成勘察设计", today=TODAY,
    )  # fmt: skip
    sg.reply(s.id, result_class="B", summary="已列入明年维修计划", date="2026-05-10", today=TODAY)
    sg.consult(s.id, date="2026-05-11", today=TODAY)
    lead = town.deputies["王𠮷"]
    ratings = {d.deputy_id: ("满意", "基本满意") for d in s.signers}
    ratings[lead] = ("满意", "不满意", "希望今年汛前完成")
    sg.rate(s.id, ratings=ratings, date="2026-05-20", today=TODAY)
    return sg.get(s.id)


def test_the_assignment_form(town, handled, tmp_path: Path) -> None:
    result = assignment_pdf(town.office, [handled.id])
    (text,) = pages(result)
    for value in (
        "代表建议交办单", "2026-001", "关于修缮𠮷家湾山塘的建议", "王𠮷", "李䶮、张三",
        "清溪镇水利站", "清溪镇财政所", "2026年3月5日", "2026年6月5日", "三个月内",
        "7个工作日内", "请会同财政所落实资金", "清溪镇人民代表大会主席团（盖章）", "承办单位签收人",
    ):  # fmt: skip
        assert value in text, value
    path = result.save(tmp_path / "交办单.pdf")
    assert all(row[-5] == "yes" for row in font_table(path))  # every font embedded
    other = register(town, "关于路灯的建议", category="城乡建设")
    with pytest.raises(RendaError, match="还没有交办"):
        assignment_pdf(town.office, [handled.id, other.id])


def test_the_supervision_form(town, handled) -> None:
    (text,) = pages(supervision_pdf(town.office, handled.id))
    for value in ("代表建议督办单", "第1次督办", "重点督办", "现场督办", "2026年4月1日",
                  "2026年5月15日前", "已完成勘察设计", "承办单位负责人签收"):  # fmt: skip
        assert value in text, value


def test_one_rating_form_per_signing_deputy(town, handled) -> None:
    texts = pages(feedback_pdf(town.office, [handled.id]))
    assert len(texts) == 3
    assert "王𠮷" in texts[0] and "领衔代表" in texts[0] and "李䶮" in texts[1]
    assert all("代表建议办理情况征询意见表" in t and "B类（列入计划逐步解决）" in t for t in texts)
    assert "■不满意" in texts[0] and "希望今年汛前完成" in texts[0]
    assert "■基本满意" in texts[1]
    assert "2026年6月8日前" in texts[0]  # 20 working days after the forms went out


def test_the_yearly_statistics(town, handled) -> None:
    (text,) = pages(statistics_pdf(town.office, 2026))
    for value in ("清溪镇2026年代表建议办理情况统计表", "清溪镇水利站", "合计", "办成率",
                  "按期答复率", "100.0%", "66.7%"):  # fmt: skip
        assert value in text, value
    with pytest.raises(RendaError, match="没有登记建议"):
        statistics_pdf(town.office, 2020)


def test_print_commands(demo_db: Path, tmp_path: Path) -> None:
    rows = json.loads(run(demo_db, "suggestions", "--status", "closed", "--json").stdout)
    number = rows[0]["number"]
    for form, extra in (
        ("assignment", ["--suggestion", number]),
        ("feedback", ["--suggestion", number]),
        ("stats", []),
    ):
        out = tmp_path / f"{form}.pdf"
        done = run(demo_db, "print", form, *extra, "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert "已保存" in done.stdout and len(PdfReader(out).pages) >= 1
    refused = run(demo_db, "print", "supervision", "--suggestion", "2026-999", "--out", "x.pdf")
    assert refused.returncode == 1 and "找不到编号" in refused.stderr
