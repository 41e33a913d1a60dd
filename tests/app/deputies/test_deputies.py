"""Deputies: registering, checking, finding, status and photo, on a real database file."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image

from app.core.errors import RendaError, ValidationError
from app.deputies.deputies import DeputyQuery
from app.office import Office


def count(office: Office) -> int:
    return office.db.execute("SELECT count(*) FROM deputies").fetchone()[0]


def names(office: Office, query: DeputyQuery) -> list[str]:
    return [r.name for r in office.deputies.rows(office.deputies.search(query))]


# ---- registering -----------------------------------------------------------------------


def test_every_field_of_the_registration_form_is_kept(office: Office, make_id) -> None:
    group = office.groups.add(name="东片代表小组")
    constituency = office.constituencies.add(name="第一选区", area="桃源村", seats=2)
    station = office.stations.add(name="桃源村代表联络点", village="桃源村")
    deputy = office.deputies.add(
        name="王𠮷",
        gender="男",
        ethnicity="土家族",
        birth_date="1975.03",
        native_place="湖南溪山",
        political_status="中共党员",
        education="大学专科",
        unit="清溪镇桃源村党支部书记、村委会主任",
        category="农民",
        is_returned_overseas=False,
        is_reelected=True,
        is_front_line=True,
        card_number="17001",
        constituency_id=constituency.id,
        elected_date="2021-12-28",
        group_id=group.id,
        station_id=station.id,
        presidium_role="主席团成员",
        is_credentials_member=True,
        is_township_deputy=True,
        is_county_deputy=True,
        phone="13812345678",
        address="溪山县清溪镇桃源村三组12号",
        postcode="416100",
        id_number=make_id("19750308"),
        resume="1995.07—至今  桃源村",
        awards="2023年度优秀人大代表",
        note="",
    )
    again = office.deputies.get(deputy.id)
    assert again.name == "王𠮷" and again.birth_date == "1975-03"
    assert again.presidium_role == "member" and again.presidium_role_label == "主席团成员"
    assert again.level_label == "县、乡两级"
    assert again.group_id == group.id and again.station_id == station.id
    assert again.resume == "1995.07—至今  桃源村"
    assert again.status == "serving"


def test_birth_date_and_gender_come_from_the_id_number_when_left_blank(
    office: Office, make_id
) -> None:
    deputy = office.deputies.add(name="李四", id_number=make_id("19800517", male=False))
    assert deputy.birth_date == "1980-05-17"
    assert deputy.gender == "F"


def test_a_mismatch_with_the_id_number_is_flagged_not_refused(office: Office, make_id) -> None:
    checked = office.deputies.check(
        {
            "name": "李四",
            "gender": "男",
            "birth_date": "1981-05",
            "id_number": make_id("19800517", male=False),
        }
    )
    assert checked.ok
    assert "1980年5月17日" in checked.warnings["birth_date"]
    assert "女" in checked.warnings["gender"]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": "", "gender": "男"}, "name", "请填写姓名"),
        (
            {"name": "张三", "gender": "男", "id_number": "110105194912310021"},
            "id_number",
            "校验位",
        ),
        (
            {
                "name": "张三",
                "gender": "男",
                "birth_date": (date.today() + timedelta(days=40)).strftime("%Y-%m"),
            },
            "birth_date",
            "不能晚于今天",
        ),
        ({"name": "张三", "gender": "男", "birth_date": "2015-01"}, "birth_date", "未满十八周岁"),
        ({"name": "张三"}, "gender", "请选择性别"),
        ({"name": "张三", "gender": "男", "phone": "1381234"}, "phone", "手机号码"),
        ({"name": "张三", "gender": "男", "ethnicity": "火星族"}, "ethnicity", "不在民族列表中"),
        (
            {"name": "张三", "gender": "男", "is_township_deputy": False},
            "is_township_deputy",
            "至少勾选",
        ),
        (
            {"name": "张三", "gender": "男", "elected_date": "2031-01-01"},
            "elected_date",
            "晚于今天",
        ),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
    office: Office, values: dict, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        office.deputies.add(**values)
    assert message in caught.value.fields[field]
    assert count(office) == 0


def test_a_duplicate_id_number_is_refused(office: Office, make_id) -> None:
    number = make_id()
    office.deputies.add(name="张三", gender="男", id_number=number)
    with pytest.raises(ValidationError) as caught:
        office.deputies.add(name="张叁", gender="男", id_number=number)
    assert "张三" in caught.value.fields["id_number"]
    assert count(office) == 1


def test_a_reelected_deputy_may_have_the_same_id_number_in_a_new_term(
    office: Office, make_id
) -> None:
    number = make_id()
    office.deputies.add(name="张三", gender="男", id_number=number)
    new_term = office.terms.add(number=18, start_date="2026-11-01")
    office.deputies.add(name="张三", gender="男", id_number=number, term_id=new_term.id)
    assert count(office) == 2


def test_an_edit_that_breaks_a_rule_leaves_the_record_as_it_was(office: Office) -> None:
    deputy = office.deputies.add(name="张三", gender="男", phone="13812345678")
    with pytest.raises(ValidationError):
        office.deputies.update(deputy.id, name="", phone="138")
    assert office.deputies.get(deputy.id) == deputy


def test_an_edit_keeps_the_other_fields(office: Office) -> None:
    deputy = office.deputies.add(name="张三", gender="男", unit="桃源村村民")
    updated = office.deputies.update(deputy.id, unit="桃源村村委会主任")
    assert updated.name == "张三" and updated.unit == "桃源村村委会主任"


def test_a_retired_list_value_stays_valid_on_old_records(office: Office) -> None:
    deputy = office.deputies.add(name="张三", gender="男", category="工人")
    item = next(i for i in office.reference.items("deputy_categories") if i.value == "工人")
    office.reference.set_active(item.id, False)
    assert office.deputies.update(deputy.id, unit="某厂").category == "工人"


# ---- finding ---------------------------------------------------------------------------


def test_search_by_name_pinyin_initials_full_pinyin_and_unit(demo_office: Office) -> None:
    term = demo_office.current_term_id()
    assert names(demo_office, DeputyQuery(text="王𠮷", term_id=term)) == ["王𠮷"]
    assert "王𠮷" in names(demo_office, DeputyQuery(text="wj", term_id=term))
    assert "王𠮷" in names(demo_office, DeputyQuery(text="wangji", term_id=term))
    assert "李䶮" in names(demo_office, DeputyQuery(text="ly", term_id=term))
    school = names(demo_office, DeputyQuery(text="卫生院", term_id=term))
    assert school and all("卫生院" in demo_office.deputies.find(n)[0].unit for n in school)


def test_search_with_like_wildcards_matches_them_literally(office: Office) -> None:
    office.deputies.add(name="张三", gender="男")
    assert names(office, DeputyQuery(text="%")) == []
    assert names(office, DeputyQuery(text="_")) == []


def test_filters_by_group_constituency_category_level_and_status(demo_office: Office) -> None:
    office = demo_office
    term = office.current_term_id()
    group = office.groups.list()[0]
    in_group = office.deputies.search(DeputyQuery(term_id=term, group_id=group.id))
    assert set(in_group) == set(office.groups.members(group.id))
    county = office.deputies.rows(office.deputies.search(DeputyQuery(term_id=term, level="county")))
    assert county and all(r.is_county_deputy for r in county)
    ended = office.deputies.rows(office.deputies.search(DeputyQuery(term_id=term, status="ended")))
    assert len(ended) == 2 and all(r.status == "ended" for r in ended)
    farmers = office.deputies.rows(
        office.deputies.search(DeputyQuery(term_id=term, category="农民"))
    )
    assert farmers and {r.category for r in farmers} == {"农民"}
    constituency = office.constituencies.list()[0]
    rows = office.deputies.rows(
        office.deputies.search(DeputyQuery(term_id=term, constituency_id=constituency.id))
    )
    assert 1 <= len(rows) <= constituency.seats


def test_roster_order_is_by_surname_strokes(office: Office) -> None:
    for name in ["赵六", "张三", "王五", "刘一", "李四", "王𠮷", "丁一"]:
        office.deputies.add(name=name, gender="男")
    assert names(office, DeputyQuery()) == ["丁一", "王五", "王𠮷", "刘一", "李四", "张三", "赵六"]
    assert names(office, DeputyQuery(descending=True))[0] == "赵六"


def test_sort_by_any_column(demo_office: Office) -> None:
    term = demo_office.current_term_id()
    rows = demo_office.deputies.rows(
        demo_office.deputies.search(DeputyQuery(term_id=term, sort="birth_date"))
    )
    births = [r.birth_date for r in rows]
    assert births == sorted(births)
    rows = demo_office.deputies.rows(
        demo_office.deputies.search(DeputyQuery(term_id=term, sort="name"))
    )
    assert rows[0].name[0] in "安白蔡曹陈程崔邓丁董杜范符高龚郭"  # pinyin order starts early


# ---- status ----------------------------------------------------------------------------


def test_ending_a_term_keeps_the_file_and_the_history(office: Office) -> None:
    deputy = office.deputies.add(name="张三", gender="男", elected_date="2021-12-28")
    office.deputies.set_status(
        deputy.id,
        status="suspended",
        date="2025-03-01",
        reason="因刑事案件被羁押正在受侦查、起诉、审判",
    )
    office.deputies.set_status(
        deputy.id, status="ended", date="2025-09-01", reason="被罢免", note="经选区选民罢免"
    )
    ended = office.deputies.get(deputy.id)
    assert ended.status == "ended" and ended.status_reason == "被罢免"
    history = office.deputies.status_history(deputy.id)
    assert [(c.status, c.date) for c in history] == [
        ("suspended", "2025-03-01"),
        ("ended", "2025-09-01"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"status": "ended", "date": "2025-01-01"}, "reason", "原因"),
        ({"status": "ended", "date": "2099-01-01", "reason": "死亡"}, "date", "晚于今天"),
        ({"status": "ended", "date": "2020-01-01", "reason": "死亡"}, "date", "早于当选日期"),
        ({"status": "serving", "date": "2025-01-01"}, "status", "不能改为"),
    ],
)
def test_a_wrong_status_change_is_refused_and_changes_nothing(
    office: Office, kwargs: dict, field: str, message: str
) -> None:
    deputy = office.deputies.add(name="张三", gender="男", elected_date="2021-12-28")
    with pytest.raises(ValidationError) as caught:
        office.deputies.set_status(deputy.id, **kwargs)
    assert message in caught.value.fields[field]
    assert office.deputies.get(deputy.id) == deputy
    assert office.deputies.status_history(deputy.id) == []


def test_undoing_an_ending_needs_a_note(office: Office) -> None:
    deputy = office.deputies.add(name="张三", gender="男")
    office.deputies.set_status(deputy.id, status="ended", date="2025-01-01", reason="死亡")
    with pytest.raises(ValidationError):
        office.deputies.set_status(deputy.id, status="serving", date="2025-01-02")
    restored = office.deputies.set_status(
        deputy.id, status="serving", date="2025-01-02", note="误录，撤销"
    )
    assert restored.status == "serving" and restored.status_reason == ""


# ---- photo -----------------------------------------------------------------------------


def _jpeg(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def test_a_photo_is_scaled_and_kept_in_the_database(office: Office) -> None:
    deputy = office.deputies.add(name="张三", gender="男")
    office.deputies.set_photo(deputy.id, _jpeg((3000, 4200)))
    stored = office.deputies.photo(deputy.id)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size[0] <= 600 and image.size[1] <= 840
    assert office.deputies.get(deputy.id).has_photo


def test_a_damaged_photo_gives_a_message_and_keeps_the_old_one(office: Office) -> None:
    deputy = office.deputies.add(name="张三", gender="男")
    good = _jpeg((300, 420))
    office.deputies.set_photo(deputy.id, good)
    before = office.deputies.photo(deputy.id)
    with pytest.raises(RendaError, match="照片文件已损坏"):
        office.deputies.set_photo(deputy.id, good[: len(good) // 3])
    assert office.deputies.photo(deputy.id) == before


def test_delete_is_for_mistaken_entries(office: Office) -> None:
    group = office.groups.add(name="东片代表小组")
    deputy = office.deputies.add(name="张三", gender="男", group_id=group.id)
    office.groups.update(group.id, name=group.name, leader_id=deputy.id)
    office.deputies.delete(deputy.id)
    assert count(office) == 0
    assert office.groups.get(group.id).leader_id is None
