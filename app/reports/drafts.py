"""The three drafts as Word documents: the presidium's annual work report, the report on
the handling of deputies' suggestions, and the deputies' structure statistics. Each is a
plain function from the office to a `DocxResult`; the figures come from app.reports.figures,
the wording is the customary one and the clerk finishes it in Word or WPS (the places to
fill in are marked 【……】)."""

from __future__ import annotations

from datetime import date

from app.core import dates
from app.core.progress import NO_PROGRESS, Progress
from app.documents.output import safe_file_name
from app.meetings.projects import Project
from app.reports.docx_layout import DocxResult, OfficialDocument
from app.reports.figures import (
    HandlingFigures,
    StructureFigures,
    WorkFigures,
    handling_figures,
    structure_figures,
    work_figures,
)
from app.suggestions.stats import RATES_NOTE, percent

FILL_IN = "【请在此填写】"


def _names(items: list[str], limit: int = 6) -> str:
    """'甲、乙、丙等 8 项' for a long list."""
    shown = "、".join(items[:limit])
    return shown + (f"等{len(items)}项" if len(items) > limit else "")


def _issued(township: str, day: date) -> list[str]:
    return [f"{township}人民代表大会主席团", dates.format_date(day.isoformat())]


# ---- 办理情况报告 ------------------------------------------------------------------------------


def handling_title(figures: HandlingFigures) -> str:
    return f"关于{figures.scope}代表建议办理情况的报告"


def _rates_sentences(figures: HandlingFigures) -> dict[str, str]:
    """The sentences that carry the figures (the work report reuses them)."""
    t = figures.rates.total
    classes = "；".join(
        f"{code}类（{label}）{dict(t.classes).get(code, 0)}件，占{percent(t.class_share(code))}"
        for code, label in figures.rates.classes
    )
    return {
        "received": (
            f"共收到代表建议{t.received}件。其中不予受理{t.refused}件，代表撤回{t.withdrawn}件，"
            f"交办{t.assigned}件，由{len(figures.rates.groups)}个承办单位牵头办理"
            + (f"；承办单位认为不属本单位职责退回{t.returned}件次。" if t.returned else "。")
        ),
        "replied": (
            f"截至{dates.format_date(figures.today.isoformat())}，已答复{t.replied}件，"
            f"其中按期答复{t.on_time}件，按期答复率{percent(t.on_time_share)}；"
            f"逾期未答复{t.overdue}件。"
        ),
        "classes": (
            f"已答复的{t.replied}件中，{classes}。办成率（已解决或采纳的件数占已答复件数）"
            f"为{percent(t.solved_share)}。"
        ),
        "ratings": (
            f"征询代表意见{t.ratings}人次，对办理过程满意和基本满意{t.process_ok}人次，"
            f"过程满意率{percent(t.process_satisfaction)}；对办理结果满意和基本满意"
            f"{t.result_ok}人次，结果满意率{percent(t.result_satisfaction)}。"
            f"已办结{t.closed}件。"
        ),
    }


def unit_table_header(figures: HandlingFigures) -> list[str]:
    classes = [f"{code}类" for code, _ in figures.rates.classes]
    return ["承办单位", "收到", "已答复", "按期答复", "按期答复率", *classes, "逾期未答复",
            "结果满意率"]  # fmt: skip


def unit_table_rows(figures: HandlingFigures) -> list[list[str]]:
    """The 附表: one line per lead unit, then 合计 (the 办理统计 tab's figures)."""
    codes = [code for code, _ in figures.rates.classes]
    rows = []
    for rates in [*figures.rates.groups, figures.rates.total]:
        per = dict(rates.classes)
        rows.append(
            [
                rates.label,
                str(rates.received),
                str(rates.replied),
                str(rates.on_time),
                percent(rates.on_time_share),
                *[str(per.get(c, 0)) for c in codes],
                str(rates.overdue),
                percent(rates.result_satisfaction),
            ]
        )
    return rows


def handling_report(
    office: object,
    *,
    year: int | None = None,
    meeting_id: int | None = None,
    today: date | None = None,
    progress: Progress = NO_PROGRESS,
) -> DocxResult:
    """办理情况报告 for a year or for the suggestions made at one congress session."""
    progress.report(0, 2, "正在统计建议办理情况")
    figures = handling_figures(office, year=year, meeting_id=meeting_id, today=today)  # type: ignore[arg-type]
    progress.report(1, 2, "正在写报告稿")
    doc = write_handling(figures)
    progress.report(2, 2, "完成")
    return doc


def write_handling(figures: HandlingFigures) -> DocxResult:
    t = figures.rates.total
    text = _rates_sentences(figures)
    doc = OfficialDocument(handling_title(figures))
    doc.heading(handling_title(figures), f"（{figures.township}人民代表大会主席团）")
    doc.salutation("各位代表：")
    doc.body(f"根据会议安排，现将{figures.scope}代表建议办理情况报告如下，请予审议。")
    doc.level1("一、基本情况")
    doc.body(f"{figures.scope}，" + text["received"])
    doc.level1("二、办理情况")
    doc.level2("（一）答复情况。", text["replied"])
    if t.replied:
        doc.level2("（二）办理结果。", text["classes"])
    else:
        doc.level2("（二）办理结果。", "目前尚无已答复的建议。")
    doc.level2("（三）代表满意度。", text["ratings"] if t.ratings else "目前尚未征询代表意见。")
    doc.level2(
        "（四）各承办单位办理情况。",
        f"{len(figures.rates.groups)}个承办单位的办理情况见附表。"
        + FILL_IN.replace("填写", "补充典型事例"),
    )
    doc.level1("三、逾期未答复的建议")
    if figures.overdue:
        doc.body(
            f"以下{len(figures.overdue)}件建议已超过答复期限仍未答复，主席团将继续督办，"
            "督促承办单位尽快答复："
        )
        for n, row in enumerate(figures.overdue, 1):
            unit = row.lead_unit_name or "未确定承办单位"
            doc.body(
                f"{n}. {row.number}《{row.title}》（领衔代表：{row.lead_name}；承办单位：{unit}；"
                f"答复期限：{dates.format_date(row.deadline)}）。"
            )
    else:
        doc.body("目前没有逾期未答复的建议。")
    doc.level1("四、存在的问题和下一步工作")
    doc.body(FILL_IN)
    doc.signature(_issued(figures.township, figures.today))
    doc.page_break()
    doc.caption(f"附表：{figures.scope}代表建议办理情况统计表（分承办单位）")
    header = unit_table_header(figures)
    classes = len(header) - 7
    # 156 mm of text width: the unit's name takes what the figures leave.
    widths = (10, 12, 12, 18, *[9] * classes, 12, 18)
    doc.table(
        header,
        unit_table_rows(figures),
        widths_mm=(156 - sum(widths), *widths),
        size=10.5,
        bold_last=True,
        first_left=True,
    )
    doc.note("说明：" + RATES_NOTE)
    notes = []
    if not t.received:
        notes.append(f"{figures.scope}没有登记代表建议，报告稿中的数字都是 0")
    return doc.result(notes)


# ---- 主席团工作报告 ------------------------------------------------------------------------------


def work_title(figures: WorkFigures) -> str:
    return f"{figures.township}人民代表大会主席团工作报告"


def _meeting_sentence(figures: WorkFigures) -> str:
    return (
        f"全年召开镇人民代表大会会议{len(figures.sessions)}次、主席团会议"
        f"{len(figures.presidium)}次，审议通过决议、决定{figures.resolutions}项。"
    )


def _supervision_sentence(figures: WorkFigures) -> str:
    parts = [
        f"视察{figures.activity_count('视察')}次",
        f"专题调研{figures.activity_count('专题调研')}次",
        f"执法检查{figures.activity_count('执法检查')}次",
        f"工作评议{figures.activity_count('工作评议')}次",
    ]
    topics = [
        r.topic
        for kind in ("视察", "专题调研", "执法检查", "工作评议")
        for r in figures.activities.get(kind, ())
    ]
    sentence = "组织代表开展" + "、".join(parts) + "。"
    if topics:
        sentence += f"主要有：{_names(topics, 8)}。"
    return sentence


def _service_sentence(figures: WorkFigures) -> str:
    return (
        f"开展代表小组活动{len(figures.groups)}次，组织代表学习培训"
        f"{figures.activity_count('学习培训')}次、走访选民{figures.activity_count('走访选民')}次、"
        f"列席县级会议{figures.activity_count('列席县级会议')}次；代表联络站（点）接待选民"
        f"{figures.receptions}次，接待群众{figures.visitors}人次；代表向选民述职"
        f"{len(figures.voter_reports)}人次。"
    )


def _projects_sentence(projects: tuple[Project, ...], when: str) -> str:
    done = sum(p.progress_status == "completed" for p in projects)
    going = sum(p.progress_status == "in_progress" for p in projects)
    total = sum(p.investment for p in projects)
    names = _names([p.name for p in projects], 5)
    return (
        f"{when}经代表票决确定民生实事项目{len(projects)}个（{names}），计划总投资"
        f"{total:,.2f}".rstrip("0").rstrip(".")
        + f"万元；目前已完成{done}个，正在推进{going}个。"
    )


def _suggestion_sentence(figures: WorkFigures) -> str:
    t = figures.handling.rates.total
    return (
        f"共收到代表建议{t.received}件，已答复{t.replied}件，按期答复率"
        f"{percent(t.on_time_share)}，办成率{percent(t.solved_share)}，代表对办理结果的满意率"
        f"{percent(t.result_satisfaction)}"
        + (f"；逾期未答复{t.overdue}件，已列入督办。" if t.overdue else "；没有逾期未答复的建议。")
    )


def work_report(
    office: object, year: int, *, today: date | None = None, progress: Progress = NO_PROGRESS
) -> DocxResult:
    """主席团工作报告 of a year."""
    progress.report(0, 2, "正在汇总全年工作")
    figures = work_figures(office, year, today=today)  # type: ignore[arg-type]
    progress.report(1, 2, "正在写报告稿")
    doc = write_work(figures)
    progress.report(2, 2, "完成")
    return doc


def write_work(figures: WorkFigures) -> DocxResult:
    day = figures.handling.today
    title = work_title(figures)
    doc = OfficialDocument(title)
    doc.heading(
        title,
        f"——在{figures.township}{figures.term_name}人民代表大会第　次会议上\n"
        f"（{dates.format_date(day.isoformat())}）",
    )
    doc.salutation("各位代表：")
    doc.body(
        f"现在，我代表{figures.township}人民代表大会主席团，向大会报告{figures.year}年工作，"
        "请予审议。"
    )
    doc.level1(f"一、{figures.year}年主要工作")
    doc.body(f"{figures.year}年，镇人大主席团" + FILL_IN.replace("填写", "概述全年工作"))
    doc.level2("（一）依法召开会议，保障代表依法行使职权。", _meeting_sentence(figures))
    for row in figures.sessions:
        doc.body(
            f"{dates.format_date(row.start_date)}，召开{row.title}，应到代表{row.expected}名，"
            f"实到{row.present}名。"
        )
    if figures.projects:
        text = _projects_sentence(figures.projects, f"{figures.year}年")
    else:
        text = f"{figures.year}年未进行民生实事项目票决。"
    if figures.earlier_projects:
        text += _projects_sentence(figures.earlier_projects, f"{figures.year - 1}年")
    doc.level2("（二）票决民生实事项目，跟踪监督项目实施。", text)
    doc.level2("（三）加强监督，开展视察调研和执法检查。", _supervision_sentence(figures))
    doc.level2("（四）密切代表与群众联系，服务代表履职。", _service_sentence(figures))
    doc.level2("（五）督促办理代表建议。", _suggestion_sentence(figures))
    if figures.awards:
        doc.body(f"本年度代表获得表彰奖励{figures.awards}项。")
    doc.level1("二、存在的不足")
    doc.body(FILL_IN)
    doc.level1(f"三、{figures.year + 1}年工作安排")
    doc.body(FILL_IN)
    doc.body("各位代表，" + FILL_IN.replace("填写", "填写结束语"))
    doc.signature(_issued(figures.township, day))
    return doc.result()


# ---- 代表结构情况统计表 ------------------------------------------------------------------


def structure_title(figures: StructureFigures) -> str:
    return f"{figures.township}{figures.term_name}人民代表大会代表结构情况统计表"


def share_text(count: int, total: int) -> str:
    return f"{count / total * 100:.1f}%" if total else "—"


def structure_report(
    office: object, *, as_of: date | None = None, progress: Progress = NO_PROGRESS
) -> DocxResult:
    progress.report(0, 2, "正在统计代表结构")
    figures = structure_figures(office, as_of=as_of)  # type: ignore[arg-type]
    progress.report(1, 2, "正在写统计表")
    doc = write_structure(figures)
    progress.report(2, 2, "完成")
    return doc


def write_structure(figures: StructureFigures) -> DocxResult:
    title = structure_title(figures)
    doc = OfficialDocument(title)
    day = dates.format_date(figures.as_of.isoformat())
    doc.heading(
        title.replace("代表大会代表", "代表大会\n代表"),
        f"（统计至{day}，在任乡镇人大代表{figures.total}名）",
    )
    rows = [["代表总数", "在任乡镇人大代表", str(figures.total), "100%" if figures.total else "—"]]
    rows += [
        [line.group, line.label, str(line.count), share_text(line.count, figures.total)]
        for line in figures.lines
    ]
    table = doc.table(("项目", "类别", "人数", "占比"), rows, widths_mm=(30, 66, 25, 30), size=12)
    _merge_groups(table, [r[0] for r in rows])
    doc.note(
        f"说明：年龄按{day}计算；占比以在任乡镇人大代表总数为分母；“其中大专及以上”已含在"
        "各学历人数之内；“其他”各项可以交叉。"
    )
    doc.signature(_issued(figures.township, figures.as_of))
    notes = [] if figures.total else ["本届还没有在任的乡镇人大代表，统计表中的数字都是 0"]
    return doc.result(notes)


def _merge_groups(table: object, groups: list[str]) -> None:
    """One cell of 项目 per group of lines (性别, 年龄 …)."""
    start = 0
    for i in range(1, len(groups) + 1):
        if i == len(groups) or groups[i] != groups[start]:
            if i - start > 1:
                first = table.cell(start + 1, 0)  # type: ignore[attr-defined]
                merged = first.merge(table.cell(i, 0))  # type: ignore[attr-defined]
                # Merging joins the texts of the cells: keep one.
                for p in merged.paragraphs[1:]:
                    p._element.getparent().remove(p._element)
            start = i


def draft_file_name(title: str) -> str:
    return safe_file_name(title) + ".docx"
