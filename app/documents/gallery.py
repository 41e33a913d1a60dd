"""The form gallery: every printed form from the office's records plus a stress deputy
(rare characters, a 45-character unit, 12 résumé lines) and a stress suggestion (900
characters), as PDFs and PNG pages for a person to look at before a release.

The stress records are added to a copy of the database (`add_stress_records` is called on
an office opened on that copy by the command line), never to the clerk's own file."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.documents.base import PdfResult

STRESS_NAME = "𠮷䶮𡒄"
STRESS_UNIT = "溪山县清溪镇桃源村股份经济合作联合社党总支部委员会书记兼村委会主任兼调解委员会主任"[
    :45
]
STRESS_SUGGESTION_TITLE = "关于加快桃源村至溪口村通组公路硬化和安全防护设施建设的建议"


@dataclass
class Gallery:
    """What the gallery printed: PDFs, their PNG pages, and forms it could not print."""

    pdfs: list[Path] = field(default_factory=list)
    pngs: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _stress_content() -> str:
    sentence = (
        "桃源村至溪口村的通组公路全长约四点二公里，路面为砂石，雨天泥泞、晴天扬尘，"
        "沿线有三处急弯和一处临水陡坡（无护栏），村民出行、学生上学和农产品外运都很困难；"
    )
    text = ""
    while len(text) < 900:
        text += sentence
    return text[:898].rstrip("（，；、") + "。"


def add_stress_records(office: object, *, today: date | None = None) -> dict[str, int]:
    """Add the stress deputy, a stress suggestion and an unheld session to `office` (a
    copy of the clerk's database). Returns their ids."""
    resume = "\n".join(
        f"{1990 + 2 * i}.09—{1992 + 2 * i}.07　清溪镇桃源村村民委员会委员，"
        "负责农田水利和饮水安全工作"
        for i in range(12)
    )
    deputy = office.deputies.add(  # type: ignore[attr-defined]
        name=STRESS_NAME,
        gender="女",
        ethnicity="土家族",
        birth_date="1975-03",
        native_place="湖南溪山",
        political_status="中共预备党员",
        education="大学本科",
        unit=STRESS_UNIT,
        category="农民",
        is_reelected=True,
        phone="13812345678",
        address="溪山县清溪镇桃源村5组12号（桃源小学对面）",
        resume=resume,
        awards="2023年度优秀人大代表；2024年度优秀人大代表（县人大常委会授予）",
    )
    sugs = office.suggestions  # type: ignore[attr-defined]
    suggestion = sugs.register(
        lead_deputy_id=deputy.id,
        title=STRESS_SUGGESTION_TITLE,
        category=_first_category(office),
        content=_stress_content(),
        received_date="2026-03-02",
        today=today,
    )
    unit_id = office.db.execute(  # type: ignore[attr-defined]
        "SELECT id FROM handling_units WHERE active = 1 ORDER BY id LIMIT 1"
    ).fetchone()[0]
    sugs.act(suggestion.id, "accept", date="2026-03-03", today=today)
    sugs.act(suggestion.id, "assign", lead_unit_id=unit_id, date="2026-03-05", today=today)
    sugs.act(
        suggestion.id, "supervise", reason="key", method="实地督办", date="2026-04-20", today=today
    )
    sugs.act(
        suggestion.id, "reply", result_class="B", date="2026-05-28", today=today,
        summary="已将桃源村至溪口村通组公路硬化列入明年交通建设计划，护栏本月内安装。",
    )  # fmt: skip
    meeting = office.meetings.add(  # type: ignore[attr-defined]
        kind="session", title="", start_date="2026-12-20", place="镇政府三楼会议室"
    )
    return {"deputy": deputy.id, "suggestion": suggestion.id, "meeting": meeting.id}


def _first_category(office: object) -> str:
    row = office.db.execute(  # type: ignore[attr-defined]
        "SELECT category FROM suggestions WHERE category != '' LIMIT 1"
    ).fetchone()
    return row[0] if row else "交通建设"


def _ids(office: object, sql: str, *params: object) -> list[int]:
    return [r[0] for r in office.db.execute(sql, params).fetchall()]  # type: ignore[attr-defined]


def gallery_forms(
    office: object, stress: dict[str, int]
) -> list[tuple[str, Callable[[], PdfResult]]]:
    """(file name, build) of every form to print."""
    from app.documents import (
        election_forms,
        leave_slip,
        minutes,
        project_vote,
        reception_form,
        registration,
        removal_forms,
        roster,
        session_pack,
        signin,
        suggestion_assignment,
        suggestion_feedback,
        suggestion_statistics,
        suggestion_supervision,
        voter_report_forms,
        year_file,
    )

    o = office
    deputy = stress["deputy"]
    first = _ids(o, "SELECT id FROM deputies WHERE id != ? ORDER BY id LIMIT 2", deputy)
    session = _ids(o, "SELECT id FROM meetings WHERE kind='session' AND status='held' "
                      "ORDER BY start_date DESC LIMIT 1")  # fmt: skip
    presidium = _ids(o, "SELECT id FROM meetings WHERE kind='presidium' ORDER BY start_date "
                        "DESC LIMIT 1")  # fmt: skip
    voted = _ids(o, "SELECT meeting_id FROM project_votes LIMIT 1")
    leave = _ids(o, "SELECT meeting_id FROM meeting_attendance WHERE status='leave' LIMIT 1")
    follow_up = _ids(o, "SELECT suggestion_id FROM suggestion_replies WHERE kind='follow_up' "
                        "LIMIT 1")  # fmt: skip
    supervised = _ids(o, "SELECT suggestion_id FROM suggestion_events WHERE action='supervise' "
                         "LIMIT 1")  # fmt: skip
    years = _ids(o, "SELECT DISTINCT year FROM suggestions ORDER BY year")
    reception = _ids(o, "SELECT id FROM receptions ORDER BY id LIMIT 1")
    report = _ids(o, "SELECT id, deputy_id FROM voter_reports ORDER BY id LIMIT 1")
    report_deputy = _ids(o, "SELECT deputy_id FROM voter_reports ORDER BY id LIMIT 1")
    election = _ids(o, "SELECT id FROM elections ORDER BY id LIMIT 1")
    year = max(years) if years else date.today().year
    forms: list[tuple[str, Callable[[], PdfResult]]] = [
        ("登记表_压力代表", lambda: registration.registration_pdf(o, [deputy])),
        ("登记表_演示", lambda: registration.registration_pdf(o, first[:1])),
        ("代表名册", lambda: roster.roster_pdf(o)),
        ("签到表_会前", lambda: signin.signin_pdf(o, stress["meeting"])),
        ("人代会材料_会前", lambda: session_pack.session_pack_pdf(o, stress["meeting"])),
        (
            "交办单_压力建议",
            lambda: suggestion_assignment.assignment_pdf(o, [stress["suggestion"]]),
        ),
        (
            "督办单_压力建议",
            lambda: suggestion_supervision.supervision_pdf(o, stress["suggestion"]),
        ),
        (
            "征询意见表_压力建议",
            lambda: suggestion_feedback.feedback_pdf(o, [stress["suggestion"]]),
        ),
        ("履职档案_压力代表", lambda: year_file.year_file_pdf(o, [deputy], year)),
        ("履职档案_三人合订", lambda: year_file.year_file_pdf(o, [*first, deputy], year)),
    ]
    if session:
        forms += [
            ("签到表_会后", lambda: signin.signin_pdf(o, session[0])),
            ("会议记录_人代会", lambda: minutes.minutes_pdf(o, session[0])),
            ("人代会材料", lambda: session_pack.session_pack_pdf(o, session[0])),
        ]
    if presidium:
        forms.append(("会议记录_主席团会议", lambda: minutes.minutes_pdf(o, presidium[0])))
    if leave:
        forms.append(("请假单", lambda: leave_slip.leave_pdf(o, leave[0])))
    if voted:
        forms += [
            ("票决票", lambda: project_vote.ballot_pdf(o, voted[0])),
            ("票决结果", lambda: project_vote.vote_result_pdf(o, voted[0])),
        ]
    if follow_up:
        forms.append(
            ("征询意见表_续答复", lambda: suggestion_feedback.feedback_pdf(o, follow_up[:1]))
        )
        forms.append(
            ("交办单_演示", lambda: suggestion_assignment.assignment_pdf(o, follow_up[:1]))
        )
    if supervised:
        forms.append(
            ("督办单_演示", lambda: suggestion_supervision.supervision_pdf(o, supervised[0]))
        )
    for y in years:
        forms.append((f"建议统计_{y}", lambda y=y: suggestion_statistics.statistics_pdf(o, y)))
    if reception:
        forms.append(("接待登记表", lambda: reception_form.reception_pdf(o, reception[0])))
    if report and report_deputy:
        forms += [
            ("述职测评票", lambda: voter_report_forms.ballot_pdf(o, report_deputy[0])),
            ("述职测评结果", lambda: voter_report_forms.report_result_pdf(o, report[0])),
        ]
    if election:
        forms += [
            ("选票", lambda: election_forms.election_ballot_pdf(o, election[0])),
            ("选举结果", lambda: election_forms.election_result_pdf(o, election[0])),
            ("当选公告", lambda: election_forms.election_notice_pdf(o, election[0])),
        ]
    for removal_id, recall in o.db.execute(  # type: ignore[attr-defined]
        "SELECT id, kind = 'recall' FROM removals ORDER BY id"
    ).fetchall():
        name = "罢免" if recall else "辞职"
        forms += [
            (f"{name}表决票", lambda r=removal_id: removal_forms.removal_ballot_pdf(o, r)),
            (f"{name}表决结果", lambda r=removal_id: removal_forms.removal_result_pdf(o, r)),
        ]
    return forms


def print_gallery(
    office: object,
    stress: dict[str, int],
    out: Path,
    *,
    dpi: int = 70,
    progress: Progress = NO_PROGRESS,
) -> Gallery:
    """Print every form into `out` (one PDF each) and render its pages as PNGs
    (pdftoppm, when installed)."""
    out.mkdir(parents=True, exist_ok=True)
    gallery = Gallery()
    forms = gallery_forms(office, stress)
    pdftoppm = shutil.which("pdftoppm")
    for done, (name, build) in enumerate(forms):
        progress.report(done, len(forms), name)
        try:
            result = build()
        except RendaError as exc:
            gallery.skipped.append(f"{name}：{exc}")
            continue
        path = result.save(out / f"{done + 1:02d}_{name}.pdf")
        gallery.pdfs.append(path)
        gallery.notes += [f"{name}：{n}" for n in result.notes]
        if pdftoppm:
            prefix = path.with_suffix("")
            subprocess.run([pdftoppm, "-png", "-r", str(dpi), str(path), str(prefix)], check=True)
            gallery.pngs += sorted(out.glob(f"{prefix.name}-*.png"))
    progress.report(len(forms), len(forms), "")
    if not pdftoppm:
        gallery.notes.append("本机没有 pdftoppm，只生成了 PDF，没有生成图片。")
    return gallery
