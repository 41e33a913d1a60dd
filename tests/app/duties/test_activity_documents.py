"""The printed forms of the work between sessions, read back: the yearly duty file (one and
all, with progress and cancel), the reception register form, the ballots and the result."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import Cancelled
from app.core.progress import Progress
from app.documents.reception_form import reception_pdf
from app.documents.voter_report_forms import ballot_pdf, report_result_pdf
from app.documents.year_file import scored_deputies, year_file_files, year_file_pdf
from app.office import Office
from tests.app.documents.test_documents import font_table, squeezed, text_of
from tests.app.duties.seed_between_sessions import seed


@pytest.fixture
def township(office: Office):
    s = seed(office)
    wang, li = s.deputies[0], s.deputies[1]
    activity = office.activities.add(
        kind="视察",
        date="2026-03-02",
        topic="全镇农村饮水安全工程视察",
        deputy_ids=[wang.id, li.id],
    )
    reception = office.receptions.add(
        station_id=s.station.id,
        date="2026-03-05",
        start_time="09:00",
        end_time="11:30",
        deputy_ids=[wang.id],
        items=[
            dict(
                visitor_name="赵𠮷",
                visitor_gender="男",
                visitor_age="61",
                contact="13812345678",
                village="石桥村",
                content="石桥村三组到镇上的路一下雨就走不了，希望尽快硬化。",
                handling="government",
                forwarded_to="镇交通站",
            )
        ],
    )
    report = office.voter_reports.add(
        deputy_id=wang.id, date="2026-03-10", place="石桥村村民委员会会议室",
        voters_present=60, satisfied=50, basically_satisfied=8, unsatisfied=1,
    )  # fmt: skip
    office.careers.add_award(wang.id, date="2026", title="2026年度溪山县优秀人大代表")
    return s, activity, reception, report


def test_the_yearly_file_holds_the_eight_parts_and_every_point(
    office: Office, township, tmp_path: Path
) -> None:
    s, *_records = township
    wang = s.deputies[0]
    result = year_file_pdf(office, [wang.id], 2026)
    text = squeezed(text_of(result.data))
    for expected in (
        "2026年度代表履职档案",
        "目录",
        "王𠮷",
        "①基本情况",
        "⑧获得表彰奖励情况",
        "全镇农村饮水安全工程视察",
        "清溪镇人大代表联络站",
        "石桥村村民委员会会议室",
        "2026年度溪山县优秀人大代表",
        "履职积分",
        "清溪镇人民代表大会主席团（盖章）",
    ):
        assert expected in text, expected
    assert office.scores.deputy(wang.id, 2026).total == 74
    assert "74较好" in text  # 总分 then 等次, each in its own cell
    path = result.save(tmp_path / "档案.pdf")
    assert all(row[-5] == "yes" for row in font_table(path))  # every font embedded


def test_all_files_at_once_report_progress_and_stop_on_cancel(
    office: Office, township, tmp_path: Path
) -> None:
    ids = scored_deputies(office, 2026)
    assert len(ids) == 5
    seen: list[tuple[int, int]] = []
    result = year_file_pdf(
        office, ids, 2026, progress=Progress(lambda d, t, _x: seen.append((d, t)))
    )
    assert seen[-1] == (5, 5) and result.pages >= 5 * 4
    folder = tmp_path / "档案"
    files = year_file_files(office, ids, 2026, folder)
    assert len(files.paths) == 5 and any("王𠮷" in p.name for p in files.paths)

    progress = Progress(lambda done, _t, _x: progress.cancel() if done == 2 else None)
    with pytest.raises(Cancelled):
        year_file_files(office, ids, 2026, tmp_path / "取消", progress=progress)
    assert not list((tmp_path / "取消").glob("*.pdf"))


def test_reception_form_ballots_and_result_read_back(office: Office, township) -> None:
    s, _activity, reception, report = township
    text = squeezed(text_of(reception_pdf(office, reception.id).data))
    for expected in (
        "选民接待登记表",
        "清溪镇人大代表联络站",
        "09:00—11:30",
        "赵𠮷",
        "13812345678",
        "石桥村三组到镇上的路",
        "转镇政府有关部门办理",
        "镇交通站",
        "坐班代表签名",
    ):
        assert expected in text, expected
    ballots = text_of(ballot_pdf(office, s.deputies[0].id, report_id=report.id).data)
    assert squeezed(ballots).count("述职测评票") == 3 and "王𠮷" in ballots
    result = squeezed(text_of(report_result_pdf(office, report.id).data))
    for expected in ("述职测评结果", "王𠮷", "60人", "50票", "8票", "1票", "98.3%", "满意"):
        assert expected in result, expected
