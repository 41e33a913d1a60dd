"""The figures reported to the session, the reminders at start, and handling units."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.errors import ValidationError
from app.suggestions.stats import percent, yearly_rates
from tests.app.suggestions.test_suggestions import TODAY, register


def handled(town, title, unit, *, reply=None, klass="A", ratings=("满意", "满意"), close=True):
    """A suggestion assigned on 2026-03-05 (reply due 2026-06-05), replied on `reply`."""
    sg = town.office.suggestions
    s = register(town, title, category="交通道路")
    sg.accept(s.id, date="2026-03-02", today=TODAY)
    sg.assign(s.id, lead_unit_id=town.units[unit], date="2026-03-05", today=TODAY)
    if reply:
        sg.reply(s.id, result_class=klass, date=reply, today=TODAY)
        sg.consult(s.id, date=reply, today=TODAY)
        sg.rate(s.id, ratings={d.deputy_id: ratings for d in s.signers}, date=reply, today=TODAY)
        if close and sg.get(s.id).status == "rated":
            sg.close(s.id, date=reply, today=TODAY)
    return sg.get(s.id)


def test_rates_per_year_and_per_unit(town) -> None:
    handled(town, "关于一的建议", "交管站", reply="2026-05-01", klass="A")
    handled(
        town, "关于二的建议", "交管站", reply="2026-07-01", klass="B", ratings=("满意", "基本满意")
    )
    handled(
        town, "关于三的建议", "水利站", reply="2026-05-10", klass="C", ratings=("满意", "不满意")
    )
    handled(town, "关于四的建议", "水利站")  # no reply, overdue
    refused = register(town, "关于五的建议", category="其他")
    town.office.suggestions.refuse(refused.id, reason="没有具体内容", today=TODAY)

    report = yearly_rates(town.office, 2026, today=TODAY)
    total = report.total
    assert (total.received, total.refused, total.assigned, total.replied) == (5, 1, 4, 3)
    assert (total.on_time, total.overdue, total.due) == (2, 1, 4)
    assert percent(total.on_time_share) == "50.0%"
    assert dict(total.classes) == {"A": 1, "B": 1, "C": 1}
    assert percent(total.solved_share) == "33.3%"  # 办成率: only A counts as solved
    assert total.ratings == 9  # three deputies rated each of three
    assert percent(total.process_satisfaction) == "100.0%"
    assert percent(total.result_satisfaction) == "66.7%"  # 不满意 on item 三
    units = {g.label: g for g in report.groups}
    # The refused item has no unit: its own row, so that 合计 is the sum of the rows.
    assert set(units) == {"清溪镇交通运输管理站", "清溪镇水利站", "（未交办或已退回）"}
    assert sum(g.received for g in report.groups) == total.received
    assert units["清溪镇水利站"].overdue == 1 and units["清溪镇水利站"].solved == 0
    assert units["清溪镇交通运输管理站"].on_time_share == 0.5


def test_rates_change_when_an_unsatisfied_item_is_handled_again(town) -> None:
    sg = town.office.suggestions
    s = handled(town, "关于三的建议", "水利站", reply="2026-05-10", klass="C",
                ratings=("满意", "不满意"))  # fmt: skip
    before = yearly_rates(town.office, 2026, today=TODAY).total
    sg.rehandle(s.id, date="2026-05-11", today=TODAY)
    sg.reply(s.id, result_class="A", date="2026-06-01", today=TODAY)
    sg.consult(s.id, date="2026-06-01", today=TODAY)
    sg.rate(s.id, ratings={d.deputy_id: ("满意", "满意") for d in s.signers}, date="2026-06-02",
            today=TODAY)  # fmt: skip
    after = yearly_rates(town.office, 2026, today=TODAY).total
    assert (before.result_satisfaction, after.result_satisfaction) == (0.0, 1.0)
    assert (before.solved_share, after.solved_share) == (0.0, 1.0)
    assert after.ratings == 3  # the latest round counts


def test_reminders_list_overdue_items_their_units_and_waiting_steps(town) -> None:
    office = town.office
    handled(town, "关于逾期的建议", "水利站")
    returned = handled(town, "关于退回的建议", "交管站")
    office.suggestions.give_back(returned.id, reason="不属本单位", date="2026-03-06", today=TODAY)
    waiting = register(town, "关于未交办的建议", category="其他", received_date="2026-11-02")
    texts = [(r.level, r.text, r.record_id) for r in office.reminders(today=TODAY)]
    overdue = [t for t in texts if "逾期未答复（期限2026年6月5日" in t[1]]
    assert overdue and overdue[0][0] == "overdue" and overdue[0][2] is not None
    assert any("逾期未答复的承办单位：清溪镇水利站 1 件" in t[1] for t in texts)
    assert any("已被退回，请重新交办" in t[1] and t[2] == returned.id for t in texts)
    assert any("尚未交办" in t[1] and t[2] == waiting.id for t in texts)
    early = [r.text for r in office.reminders(today=date(2026, 6, 1)) if r.area == "建议"]
    assert any("还有 4 天" in t for t in early)


def test_handling_units_are_checked_and_kept_once_used(town) -> None:
    units = town.office.handling_units
    with pytest.raises(ValidationError) as refused:
        units.add(name="清溪镇水利站")
    assert "已有承办单位" in refused.value.fields["name"]
    with pytest.raises(ValidationError) as refused:
        units.add(name="清溪镇文化站", phone="12345")
    assert "电话" in refused.value.fields["phone"] or "手机" in refused.value.fields["phone"]
    spare = units.add(name="清溪镇文化站", contact="唐秀兰", phone="0743-5221234")
    units.delete(spare.id)
    handled(town, "关于路的建议", "交管站")
    with pytest.raises(ValidationError) as refused:
        units.delete(town.units["交管站"])
    assert "停用" in refused.value.fields["name"]
    units.set_active(town.units["交管站"], False)
    s = register(town, "关于桥的建议", category="交通道路")
    town.office.suggestions.accept(s.id, date="2026-03-02", today=TODAY)
    with pytest.raises(ValidationError) as refused:
        town.office.suggestions.assign(s.id, lead_unit_id=town.units["交管站"], today=TODAY)
    assert "已停用" in refused.value.fields["lead_unit_id"]
