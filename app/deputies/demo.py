"""Demo deputies: a realistic township (its constituencies, groups and stations) and its
deputies with names, ID numbers, units, résumés and photos, for app/demo.py.

Everything goes through the same facade the GUI uses, so demo records pass the same checks."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.core.chinese import cn_number
from app.deputies.township import Township
from app.office import Office

COUNTY = "溪山县"
HOME_TOWNSHIP = "清溪镇"
TOWNSHIP_NAMES = [
    "清溪镇",
    "石门镇",
    "龙泉乡",
    "白沙镇",
    "桃源镇",
    "青山乡",
    "河口镇",
    "新田乡",
    "马鞍镇",
    "长岭乡",
    "双江镇",
    "黄土乡",
    "大坪镇",
    "红岩乡",
    "柳塘镇",
    "杉木乡",
    "金竹镇",
    "麻阳乡",
    "沙溪镇",
    "望城乡",
]


def _prefecture_names() -> list[str]:
    """A hundred township names for the prefecture-scale demo (five years of a
    prefecture's suggestions, for the benchmarks): the county's twenty, then made-up ones."""
    taken = {n[:-1] for n in TOWNSHIP_NAMES}
    stems = [a + b for a in "东西南北上中新高金" for b in "溪山塘坪岭冲江桥湾田"]
    stems = [stem for stem in stems if stem not in taken]
    made = [stem + ("镇" if i % 2 == 0 else "乡") for i, stem in enumerate(stems)]
    return TOWNSHIP_NAMES + made[: 100 - len(TOWNSHIP_NAMES)]


PREFECTURE_TOWNSHIP_NAMES = _prefecture_names()
VILLAGE_STEMS = [
    "桃源",
    "石桥",
    "青龙",
    "下湾",
    "上坪",
    "竹山",
    "枫林",
    "金塘",
    "狮子岩",
    "新桥",
    "梨树坪",
    "大田",
    "杨家坪",
    "三合",
    "团结",
    "胜利",
    "黄泥",
    "岩口",
    "白果",
    "坪上",
    "龙潭",
    "高峰",
]
# Common surnames with rough weights for rural Hunan: "王9" means 王 nine times as often as 1.
SURNAME_WEIGHTS = (
    "王9 李9 张8 刘8 陈8 杨7 黄5 赵4 吴5 周5 徐3 孙2 马2 朱3 胡3 郭2 何3 高2 林2 罗4 郑2 梁2 "
    "谢3 宋2 唐4 许1 韩1 冯1 邓3 曹2 彭4 曾3 肖3 田3 董1 袁2 潘1 于1 蒋2 蔡1 余2 杜1 叶1 程1 "
    "苏1 魏1 吕1 丁1 任1 沈1 姚1 卢1 姜1 崔1 钟1 谭3 陆1 汪1 范1 金1 石3 廖2 贾1 向3 龙2 符1 "
    "覃1 滕1 舒1 单1"
)
SURNAMES = "".join(item[0] * int(item[1:]) for item in SURNAME_WEIGHTS.split())
MALE_CHARS = (
    "伟强军平刚明建国华勇志文海林波斌永春德荣兴福贵成辉东云峰涛杰鹏飞"
    "超俊洪松柏庆宏光亮金玉生祥发家安民清正顺"
)
FEMALE_CHARS = "芳秀英华丽敏静燕玲霞兰红梅琴萍娟艳凤群琼莉桂香翠艳菊珍淑慧婷雪玉丹娜莲"
# Deputies whose names hold characters outside the BMP or outside GB2312 (GB 18030-2022).
RARE_NAMES = [("王𠮷", "M"), ("李䶮", "F"), ("张𡒄", "M")]
AREA_CODES = ["433122", "433123", "433124", "433125", "433126", "433127"]
ETHNIC_MIX = ["汉族"] * 14 + ["土家族"] * 4 + ["苗族"] * 3 + ["侗族"]
CATEGORY_MIX = (
    ["党政领导干部"] * 16
    + ["农民"] * 34
    + ["工人"] * 7
    + ["专业技术人员"] * 14
    + ["企业负责人"] * 12
    + ["其他"] * 2
)
POLITICAL_MIX = ["中共党员"] * 16 + ["群众"] * 4 + ["无党派人士"] + ["民盟盟员"] + ["中共预备党员"]
EDUCATION_BY_CATEGORY = {
    "党政领导干部": ["大学本科"] * 5 + ["硕士研究生"] + ["大学专科"] * 2,
    "农民": ["初中"] * 4 + ["高中"] * 4 + ["中专/中技"] * 2 + ["大学专科"] * 2 + ["小学及以下"],
    "工人": ["高中"] * 3 + ["中专/中技"] * 3 + ["初中"] * 2,
    "专业技术人员": ["大学本科"] * 4 + ["大学专科"] * 3 + ["中专/中技"],
    "企业负责人": ["大学专科"] * 3 + ["高中"] * 2 + ["大学本科"] * 2,
    "其他": ["高中", "大学专科"],
}


def build_township(
    office: Office, rng: random.Random, name: str, index: int, *, home: bool
) -> Township:
    township = office.townships.add(
        name=name, county=COUNTY, code=f"433199{100 + index:03d}", is_home=home
    )
    office.terms.add(
        number=16,
        start_date="2016-12-20",
        end_date="2021-12-27",
        make_current=False,
        township_id=township.id,
    )
    office.terms.add(number=17, start_date="2021-12-28", township_id=township.id)
    return township


@dataclass
class _Places:
    villages: list[str]
    constituencies: list[int]
    seats: list[int]
    groups: list[int]
    group_of_constituency: dict[int, int]
    stations: dict[str, int]


def _places(office: Office, rng: random.Random, township: Township, size: int) -> _Places:
    term = office.terms.current(township.id)
    assert term is not None
    stem = township.name[:-1]
    villages = [f"{stem}社区"] + [f"{v}村" for v in rng.sample(VILLAGE_STEMS, 19)]
    stations: dict[str, int] = {}
    central = office.stations.add(
        name=f"{township.name}人大代表联络站",
        kind="station",
        village=villages[0],
        address=f"{township.name}人民政府二楼",
        township_id=township.id,
    )
    stations[villages[0]] = central.id
    for village in villages[1:]:
        point = office.stations.add(
            name=f"{village}代表联络点",
            kind="point",
            village=village,
            address=f"{village}村民委员会",
            township_id=township.id,
        )
        stations[village] = point.id
    # Seats per constituency: 1 to 3, adding up to the size of the congress.
    seats: list[int] = []
    while sum(seats) < size:
        seats.append(min(rng.choice([2, 2, 3, 3, 1]), size - sum(seats)))
    constituencies = []
    for number, n in enumerate(seats, start=1):
        area = villages[(number - 1) % len(villages)]
        c = office.constituencies.add(
            name=f"第{cn_number(number)}选区", area=area, seats=n, number=number, term_id=term.id
        )
        constituencies.append(c.id)
    group_names = ["集镇", "东片", "南片", "西片", "北片", "中片", "山区"]
    groups = [office.groups.add(name=f"{g}代表小组", term_id=term.id).id for g in group_names]
    group_of = {
        cid: groups[i * len(groups) // len(constituencies)] for i, cid in enumerate(constituencies)
    }
    return _Places(villages, constituencies, seats, groups, group_of, stations)


def _given_name(rng: random.Random, gender: str) -> str:
    chars = MALE_CHARS if gender == "M" else FEMALE_CHARS
    return "".join(rng.sample(chars, rng.choice([1, 2, 2, 2])))


def _id_number(rng: random.Random, birth: date, gender: str) -> str:
    from stdnum.cn import ric

    body = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{rng.randint(0, 99):02d}"
    sex_digit = rng.choice("13579" if gender == "M" else "02468")
    partial = body + sex_digit + "0"
    return partial[:-1] + ric.calc_check_digit(partial)


def _unit(rng: random.Random, category: str, township: str, village: str, gender: str) -> str:
    if category == "党政领导干部":
        return rng.choice(
            [
                f"{township}党委副书记",
                f"{township}人民政府副{township[-1]}长",
                f"{township}党委委员、组织委员",
                f"{township}党委委员、武装部部长",
                f"{township}党委委员、宣传委员",
                f"{township}党委委员、纪委书记",
            ]
        )
    if category == "农民":
        return rng.choice(
            [
                f"{village}党支部书记、村委会主任",
                f"{village}村委会副主任",
                f"{village}村民",
                f"{village}种植大户",
                f"{village}养殖专业户",
                f"{village}监委会主任",
            ]
        )
    if category == "工人":
        return rng.choice(
            [
                f"{COUNTY}{township[:-1]}建材有限公司工人",
                f"{COUNTY}自来水公司{township}营业所职工",
                f"{COUNTY}电力公司{township}供电所电工",
            ]
        )
    if category == "专业技术人员":
        return rng.choice(
            [
                f"{township}中心小学教师",
                f"{township}中学副校长",
                f"{township}卫生院医生",
                f"{township}卫生院护士长" if gender == "F" else f"{township}卫生院副院长",
                f"{township}农业综合服务中心农技员",
                f"{village}乡村医生",
            ]
        )
    if category == "企业负责人":
        return rng.choice(
            [
                f"{COUNTY}{township[:-1]}茶业有限公司董事长",
                f"{COUNTY}{township[:-1]}生态农业专业合作社理事长",
                f"{COUNTY}{village[:-1]}油茶种植合作社负责人",
                f"{COUNTY}{township[:-1]}竹木加工厂厂长",
            ]
        )
    return rng.choice([f"{village}退休教师", f"{township}个体工商户"])


def _resume(rng: random.Random, birth: date, unit: str, township: str) -> str:
    """Two stretches that follow each other, the present post held since before the
    election of 2021 (the same five draws as ever, so later demo data does not shift)."""
    start = birth.year + rng.randint(17, 23)
    middle = min(start + rng.randint(4, 12), 2020)
    start = min(start, middle - 1)
    first_month, last_month = rng.randint(1, 12), rng.randint(1, 12)
    rng.randint(1, 12)
    next_year, next_month = (middle, last_month + 1) if last_month < 12 else (middle + 1, 1)
    lines = [
        f"{start}.{first_month:02d}—{middle}.{last_month:02d}  {township}务农、外出务工",
        f"{next_year}.{next_month:02d}—至今  {unit}",
    ]
    return "\n".join(lines)


def _photo(rng: random.Random, gender: str) -> bytes:
    """A plain head-and-shoulders silhouette, so that forms print a photo box filled."""
    from PIL import Image, ImageDraw

    w, h = 295, 413
    image = Image.new("RGB", (w, h), rng.choice([(66, 120, 196), (200, 40, 40), (250, 250, 250)]))
    draw = ImageDraw.Draw(image)
    skin = (236, 200, 170)
    cloth = (40, 40, 60) if gender == "M" else (120, 60, 90)
    draw.ellipse((w * 0.08, h * 0.66, w * 0.92, h * 1.3), fill=cloth)
    draw.ellipse((w * 0.3, h * 0.18, w * 0.7, h * 0.62), fill=skin)
    hair = (20, 20, 20)
    if gender == "F":
        draw.ellipse((w * 0.26, h * 0.12, w * 0.74, h * 0.4), fill=hair)
        draw.rectangle((w * 0.26, h * 0.26, w * 0.34, h * 0.6), fill=hair)
        draw.rectangle((w * 0.66, h * 0.26, w * 0.74, h * 0.6), fill=hair)
    else:
        draw.chord((w * 0.29, h * 0.14, w * 0.71, h * 0.42), 180, 360, fill=hair)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def build_deputies(
    office: Office, rng: random.Random, township: Township, size: int, *, with_rare: bool
) -> int:
    from faker import Faker

    faker = Faker("zh_CN")
    faker.seed_instance(rng.randint(0, 10**9))
    places = _places(office, rng, township, size)
    term = office.terms.current(township.id)
    assert term is not None
    county_extra = max(4, size // 11)  # county deputies who are not township deputies
    total = size + county_extra
    roles = ["chair", "vice_chair", "vice_chair"] + ["member"] * 8
    rare = list(RARE_NAMES) if with_rare else []
    constituency_slots = [
        cid for cid, n in zip(places.constituencies, places.seats, strict=True) for _ in range(n)
    ]
    created = []
    for i in range(total):
        is_township = i < size
        if rare and i in (5, 23, 41):
            name, gender = rare.pop(0)
        else:
            gender = "F" if rng.random() < 0.3 else "M"
            name = rng.choice(SURNAMES) + _given_name(rng, gender)
        category = "党政领导干部" if i < 6 else rng.choice(CATEGORY_MIX)
        birth = date(rng.randint(1962, 1996), rng.randint(1, 12), rng.randint(1, 28))
        constituency = constituency_slots[i] if is_township else None
        village = places.villages[
            (places.constituencies.index(constituency) if constituency else i) % 20
        ]
        leaders = [
            f"{township.name}人大主席",
            f"{township.name}人大副主席",
            f"{township.name}党委副书记、人大副主席",
        ]
        unit = leaders[i] if i < 3 else _unit(rng, category, township.name, village, gender)
        if i < len(roles) and "人民政府" in unit:
            # The presidium's members hold no post in the township government (DOMAIN §1).
            unit = f"{township.name}党委委员、统战委员"
        card = i + 1
        values = dict(
            name=name,
            gender=gender,
            ethnicity=rng.choice(ETHNIC_MIX),
            birth_date=f"{birth:%Y-%m}",
            native_place=f"湖南{COUNTY}",
            political_status=rng.choice(POLITICAL_MIX)
            if category != "党政领导干部"
            else "中共党员",
            education=rng.choice(EDUCATION_BY_CATEGORY[category]),
            unit=unit,
            category=category,
            is_returned_overseas=rng.random() < 0.02,
            is_reelected=rng.random() < 0.4,
            is_front_line=category in ("农民", "工人", "专业技术人员"),
            card_number=f"{term.number}{card:03d}" if is_township else "",
            constituency_id=constituency,
            elected_date=term.start_date if is_township else "2021-11-30",
            group_id=places.group_of_constituency[constituency] if constituency else None,
            station_id=places.stations[village],
            presidium_role=roles[i] if i < len(roles) else "",
            is_credentials_member=11 <= i < 16,
            is_township_deputy=is_township,
            is_county_deputy=(i < 3 or 8 <= i < 8 + size // 7) or not is_township,
            phone=faker.phone_number(),
            address=f"{COUNTY}{township.name}{village}{rng.randint(1, 12)}组{rng.randint(1, 60)}号",
            postcode="416100",
            id_number=_id_number(rng, birth, gender),
            resume=_resume(rng, birth, unit, township.name),
            awards=rng.choice(["", "", "", f"{term.start_date[:4]}年度{COUNTY}优秀人大代表"]),
        )
        deputy = office.deputies.add(term_id=term.id, **values)
        if rng.random() < 0.92:
            office.deputies.set_photo(deputy.id, _photo(rng, gender))
        created.append(deputy)
    # Group leaders: the first member of each group.
    for group_id in places.groups:
        members = office.groups.members(group_id)
        if members:
            group = office.groups.get(group_id)
            office.groups.update(group_id, name=group.name, note=group.note, leader_id=members[0])
    # A deputy moved away and one resigned: their files stay.
    today = date.today()
    moved, resigned = created[size - 3], created[size - 9]
    office.deputies.set_status(
        moved.id,
        status="ended",
        date=(today - timedelta(days=200)).isoformat(),
        reason="迁出或调离本行政区域",
        note="调任外县工作",
    )
    office.deputies.set_status(
        resigned.id,
        status="ended",
        date=(today - timedelta(days=420)).isoformat(),
        reason="辞职被接受",
        note="因身体原因书面提出辞职，经主席团会议同意",
    )
    return total
