"""Elections and the officials' register on the command line.

python -m app --db PATH officials [--current] [--json]
python -m app --db PATH official add --post 镇长 --date 2021-12-28 --name 彭志刚
python -m app --db PATH official end ID --date 2026-03-14 --how 调离 --note 调任县农业农村局
python -m app --db PATH elections [--meeting ID] [--json]
python -m app --db PATH election add --meeting 33 --kind 补选 --post 副镇长=2
python -m app --db PATH election candidate ID --post 副镇长 --deputy 刘兴
python -m app --db PATH election candidate ID --post 副镇长 --name 彭志刚 --nominator 王一 …
python -m app --db PATH election scrutineers ID --monitor 李䶮 --monitor 李群 --teller 人大办周敏
python -m app --db PATH election start ID
python -m app --db PATH election count ID --issued 63 --returned 63 --valid 62 --invalid 1
python -m app --db PATH election votes ID 刘兴=51 刘国永=36 --write-in 副镇长:张三=2
python -m app --db PATH election next-round ID | close ID | undo ID | delete ID
python -m app --db PATH print election-ballot --election ID --out 选票.pdf
python -m app --db PATH removals [--meeting ID] [--json]
python -m app --db PATH removal add --meeting 33 --kind 辞职 --official 14 --reason 因工作调动
python -m app --db PATH removal add --meeting 33 --kind 罢免 --official 12 --mover 王一 … --reason …
python -m app --db PATH removal add --meeting 33 --kind 代表辞职 --deputy 李䶮
python -m app --db PATH removal vote ID --for 40 --against 3 --abstain 1 | undo ID | delete ID
python -m app --db PATH print removal-ballot --removal ID --out 表决票.pdf
python -m app --db PATH print removal-result --removal ID --out 表决结果.pdf
"""

from __future__ import annotations

import argparse
from typing import Any

from app.core import dates
from app.core.commands import command, out, print_form, print_json, save_result, with_labels
from app.core.errors import RendaError
from app.deputies.cli import one_deputy
from app.elections.elections import ElectionDetail
from app.elections.officials import OfficialQuery
from app.elections.rules import ELECTION_KINDS, HOW_BEGAN, HOW_ENDED, post_code, post_label
from app.office import Office

FIELD_LABELS = {
    "post": "职务",
    "posts": "职务及名额",
    "kind": "选举类别",
    "title": "名称",
    "meeting_id": "会议",
    "start_date": "任职日期",
    "start_how": "任职方式",
    "end_date": "离任日期",
    "end_how": "离任方式",
    "name": "姓名",
    "gender": "性别",
    "birth_date": "出生年月",
    "unit": "工作单位及职务",
    "deputy_id": "候选人",
    "nominated_by": "提名方式",
    "nominators": "联名提名代表",
    "monitors": "监票人",
    "tellers": "计票人",
    "candidates": "候选人",
    "status": "选举",
    "issued": "发出选票",
    "returned": "收回选票",
    "valid": "有效票",
    "invalid": "无效票",
    "votes": "得票",
    "write_ins": "另选他人",
}
in_chinese = with_labels(FIELD_LABELS)


def _township_name(office: Office) -> str:
    home = office.township
    return home.name if home else "镇"


def _code(office: Office, text: str) -> str:
    code = post_code(text, _township_name(office))
    if code is None:
        raise RendaError(
            f"没有“{text}”这个职务；可选：人大主席、人大副主席、主席团成员、"
            f"{post_label('head', _township_name(office))}、"
            f"{post_label('deputy_head', _township_name(office))}"
        )
    return code


def _choice(value: str, table: dict[str, str], what: str) -> str:
    for code, label in table.items():
        if value in (code, label):
            return code
    raise RendaError(f"{what}只能是：{'、'.join(table.values())}")


# ---- the register -------------------------------------------------------------------------


def _officials_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--current", action="store_true", help="只列现任")
    p.add_argument("--post", help="职务，如 副镇长")
    p.add_argument("--json", action="store_true")


@command(
    "officials",
    "任职登记：人大主席、副主席、主席团成员、镇长、副镇长的任职经历",
    _officials_args,
    labels=FIELD_LABELS,
)
def cmd_officials(office: Office, args: argparse.Namespace) -> int:
    query = OfficialQuery(
        post=_code(office, args.post) if args.post else None, current_only=args.current
    )
    holdings = office.officials.list(query)
    notes = office.officials.check() if office.mode == "township" else []
    if args.json:
        print_json(
            [
                {
                    "id": h.id,
                    "township": h.township_name,
                    "post": h.post,
                    "post_label": h.post_label,
                    "name": h.name,
                    "deputy_id": h.deputy_id,
                    "unit": h.unit,
                    "from": h.start_date,
                    "to": h.end_date,
                    "began": h.began_label,
                    "ended": h.ended_label,
                    "meeting": h.start_meeting_title,
                    "end_meeting": h.end_meeting_title,
                    "end_note": h.end_note,
                    "note": h.note,
                }
                for h in holdings
            ]
        )
        return 0
    for h in holdings:
        end = f"{h.ended_label}（{h.end_note}）" if h.end_note else h.ended_label
        out("\t".join([str(h.id), h.post_label, h.name, h.period_label, h.began_label, end]))
    out(f"共 {len(holdings)} 条任职记录")
    for note in notes:
        out(("提醒：" if note.kind == "warning" else "空缺：") + note.text)
    return 0


def _official_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="登记一条任职（不是在本程序中登记的选举产生的）")
    add.add_argument("--post", required=True, help="职务，如 镇长")
    add.add_argument("--date", required=True, help="任职日期")
    add.add_argument("--how", default="选举", help="选举或补选")
    add.add_argument("--deputy", help="代表姓名或编号")
    add.add_argument("--name", default="", help="不是代表的，填姓名")
    add.add_argument("--gender", default="")
    add.add_argument("--unit", default="")
    add.add_argument("--meeting", type=int, help="选举的人代会编号")
    add.add_argument("--note", default="")
    end = sub.add_parser("end", help="登记离任：辞职被接受、罢免、调离或届满")
    end.add_argument("id", type=int)
    end.add_argument("--date", required=True)
    end.add_argument("--how", required=True, help="辞职被接受、罢免、调离或届满")
    end.add_argument("--note", default="")
    end.add_argument("--meeting", type=int, help="接受辞职、决定罢免的人代会编号")
    reopen = sub.add_parser("reopen", help="撤销误登记的离任")
    reopen.add_argument("id", type=int)
    remove = sub.add_parser("remove", help="删除误登记的任职")
    remove.add_argument("id", type=int)


@command("official", "一条任职：add / end / reopen / remove", _official_args, labels=FIELD_LABELS)
def cmd_official(office: Office, args: argparse.Namespace) -> int:
    officials = office.officials
    if args.action == "add":
        deputy_id = one_deputy(office, args.deputy).id if args.deputy else None
        h = officials.add(
            post=_code(office, args.post),
            start_date=args.date,
            start_how=_choice(args.how, HOW_BEGAN, "任职方式"),
            deputy_id=deputy_id,
            name=args.name,
            gender=args.gender,
            unit=args.unit,
            meeting_id=args.meeting,
            note=args.note,
        )
        out(f"已登记：{h.name} {h.post_label}（{h.period_label}，编号 {h.id}）")
    elif args.action == "end":
        h = officials.end(
            args.id,
            date=args.date,
            how=_choice(args.how, HOW_ENDED, "离任方式"),
            note=args.note,
            meeting_id=args.meeting,
        )
        out(f"已登记离任：{h.name} {h.post_label}，{h.ended_label}（{h.period_label}）")
    elif args.action == "reopen":
        h = officials.reopen(args.id)
        out(f"已撤销离任：{h.name} {h.post_label}")
    elif args.action == "remove":
        h = officials.get(args.id)
        officials.remove(args.id)
        out(f"已删除：{h.name} {h.post_label}")
    return 0


# ---- elections ---------------------------------------------------------------------------


def election_json(d: ElectionDetail) -> dict[str, Any]:
    e = d.election
    return {
        "id": e.id,
        "uuid": e.uuid,
        "meeting_id": e.meeting_id,
        "meeting": d.meeting_title,
        "date": d.meeting_date,
        "kind": e.kind,
        "kind_label": e.kind_label,
        "title": e.title,
        "status": e.status,
        "status_label": e.status_label,
        "total_deputies": d.total_deputies,
        "present": d.present,
        "threshold": d.threshold,
        "posts": [
            {
                "post": p.post.post,
                "label": p.label,
                "seats": p.post.seats,
                "candidates": [
                    {
                        "id": c.id,
                        "name": c.name,
                        "deputy_id": c.deputy_id,
                        "gender": c.gender_label,
                        "birth_date": c.birth_date,
                        "political_status": c.political_status,
                        "education": c.education,
                        "unit": c.unit,
                        "nominated_by": c.nominated_by,
                        "nominated_label": c.nominated_label,
                        "nominators": list(c.nominators),
                    }
                    for c in p.candidates
                ],
                "elected": [c.name for c in p.elected],
                "remaining": p.remaining,
            }
            for p in d.posts
        ],
        "monitors": [s.name for s in d.monitors],
        "tellers": [s.name for s in d.tellers],
        "rounds": [
            {
                "number": r.round.number,
                "issued": r.round.ballots_issued,
                "returned": r.round.ballots_returned,
                "votes_recorded": r.round.votes_recorded,
                "total_deputies": r.round.total_deputies,
                "sections": [
                    {
                        "post": s.post,
                        "label": s.label,
                        "seats": s.section.seats,
                        "valid": s.section.ballots_valid,
                        "invalid": s.section.ballots_invalid,
                        "votes": [
                            {
                                "candidate_id": line.candidate_id,
                                "name": line.name,
                                "write_in": line.write_in,
                                "votes_for": line.votes_for,
                                "votes_against": line.votes_against,
                                "votes_abstain": line.votes_abstain,
                                "elected": line.elected,
                                "tied": line.tied,
                            }
                            for line in s.lines
                        ],
                        "remaining": s.result.remaining if s.result else None,
                        "reason": s.result.reason if s.result else None,
                    }
                    for s in r.sections
                ],
            }
            for r in d.rounds
        ],
        "elected": [{"post": p.post.post, "label": p.label, "name": c.name} for p, c in d.elected],
        "warnings": list(d.warnings),
        "next_step": d.next_step,
    }


def _elections_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--meeting", type=int, help="只列这次人代会的选举")
    p.add_argument("--json", action="store_true")


@command("elections", "列出人代会上的选举和补选", _elections_args, labels=FIELD_LABELS)
def cmd_elections(office: Office, args: argparse.Namespace) -> int:
    rows = office.elections.list(meeting_id=args.meeting)
    if args.json:
        township = _township_name(office)
        data = []
        for r in rows:
            d = office.elections.detail(r.id)
            data.append(
                {
                    "id": r.id,
                    "meeting_id": r.meeting_id,
                    "meeting": r.meeting_title,
                    "date": r.meeting_date,
                    "kind": r.kind,
                    "kind_label": r.kind_label,
                    "title": r.title,
                    "status": r.status_label,
                    "posts": [
                        {"post": p.post.post, "label": p.label, "seats": p.post.seats}
                        for p in d.posts
                    ],
                    "rounds": r.rounds,
                    "elected": [
                        {
                            "post": p.post.post,
                            "label": post_label(p.post.post, township),
                            "name": c.name,
                        }
                        for p, c in d.elected
                    ],
                }
            )
        print_json(data)
        return 0
    for r in rows:
        out(
            "\t".join(
                [str(r.id), dates.format_date(r.meeting_date), r.title, r.posts,
                 r.status_label, r.elected]
            )
        )  # fmt: skip
    out(f"共 {len(rows)} 次选举")
    return 0


def _show(office: Office, d: ElectionDetail) -> None:
    e = d.election
    out(f"{e.title}（编号 {e.id}，{e.kind_label}，{e.status_label}）")
    out(f"{d.meeting_title}　{dates.format_date(d.meeting_date)}")
    out(
        f"全体代表 {d.total_deputies} 人，当选须获得过半数选票，即至少 {d.threshold} 票；"
        f"出席 {d.present} 人"
    )
    for p in d.posts:
        out(f"{p.label}：应选 {p.post.seats} 名，候选人 {len(p.candidates)} 名")
        for c in p.candidates:
            out(f"  {c.name}\t{c.unit}\t{c.nominated_label}")
    if d.monitors:
        out("监票人：" + "、".join(s.name for s in d.monitors))
    if d.tellers:
        out("计票人：" + "、".join(s.name for s in d.tellers))
    for r in d.rounds:
        line = r.round.label
        if r.round.counted:
            line += f"：发出 {r.round.ballots_issued} 张，收回 {r.round.ballots_returned} 张"
        out(line)
        for s in r.sections:
            figures = (
                f"有效 {s.section.ballots_valid} 张，无效 {s.section.ballots_invalid} 张"
                if s.section.ballots_valid is not None
                else "未清点"
            )
            out(f"  {s.label}（应选 {s.section.seats} 名）{figures}")
            for v in s.lines:
                mark = "当选" if v.elected else ("得票相等" if v.tied else "")
                votes = "" if v.votes_for is None else str(v.votes_for)
                out(f"    {v.name}{'（另选）' if v.write_in else ''}\t{votes}\t{mark}")
    if d.elected:
        out("当选：" + "、".join(f"{c.name}（{p.label}）" for p, c in d.elected))
    for w in d.warnings:
        out(f"提醒：{w}")
    out(f"下一步：{d.next_step}")


def _election_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    show = sub.add_parser("show", help="显示一次选举")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    add = sub.add_parser("add", help="在人代会中新建选举或补选")
    add.add_argument("--meeting", type=int, required=True, help="人代会编号")
    add.add_argument("--kind", default="选举", help="选举或补选")
    add.add_argument("--post", action="append", required=True, help="职务=应选名额，如 副镇长=2")
    add.add_argument("--title", default="")
    add.add_argument("--note", default="")
    cand = sub.add_parser(
        "candidate", help="提名候选人（默认主席团提名；给出联名代表即代表联合提名）"
    )
    cand.add_argument("id", type=int)
    cand.add_argument("--post", required=True)
    cand.add_argument("--deputy", help="候选人是代表的：姓名或编号")
    cand.add_argument("--name", default="", help="候选人不是代表的：姓名")
    cand.add_argument("--gender", default="")
    cand.add_argument("--birth", default="", help="出生年月，如 1982-05")
    cand.add_argument("--party", default="", help="政治面貌")
    cand.add_argument("--education", default="")
    cand.add_argument("--unit", default="", help="工作单位及职务")
    cand.add_argument("--nominator", action="append", default=[], help="联名提名的代表，可重复")
    drop = sub.add_parser("drop", help="撤下一名候选人（开始投票前）")
    drop.add_argument("id", type=int)
    drop.add_argument("name")
    scr = sub.add_parser("scrutineers", help="推选监票人、计票人（替换原有的）")
    scr.add_argument("id", type=int)
    scr.add_argument("--monitor", action="append", default=[], help="监票人（代表），可重复")
    scr.add_argument("--teller", action="append", default=[], help="计票人（工作人员姓名）")
    scr.add_argument("--teller-deputy", action="append", default=[], help="计票人（代表）")
    start = sub.add_parser("start", help="确定候选人名单，开始投票（检查差额）")
    start.add_argument("id", type=int)
    count = sub.add_parser("count", help="登记清点选票：发出、收回、有效、无效")
    count.add_argument("id", type=int)
    count.add_argument("--issued", required=True)
    count.add_argument("--returned", required=True)
    count.add_argument("--valid", help="各职务的有效票（各职务相同时）")
    count.add_argument("--invalid", help="各职务的无效票（各职务相同时）")
    count.add_argument(
        "--section", action="append", default=[], help="职务=有效/无效，如 副镇长=62/1"
    )
    votes = sub.add_parser("votes", help="登记得票：姓名=票数 …（同名时写 职务:姓名=票数）")
    votes.add_argument("id", type=int)
    votes.add_argument("votes", nargs="+")
    votes.add_argument("--against", action="append", default=[], help="姓名=反对票")
    votes.add_argument("--abstain", action="append", default=[], help="姓名=弃权票")
    votes.add_argument("--write-in", action="append", default=[], help="职务:姓名=票数")
    nxt = sub.add_parser("next-round", help="另行选举（再次投票）")
    nxt.add_argument("id", type=int)
    nxt.add_argument("--candidate", action="append", default=[], help="职务:姓名，可重复")
    close = sub.add_parser("close", help="结束选举（尚有名额留待以后选举）")
    close.add_argument("id", type=int)
    close.add_argument("--note", default="")
    undo = sub.add_parser("undo", help="撤销上一步（计票结果、清点、另行选举或开始投票）")
    undo.add_argument("id", type=int)
    delete = sub.add_parser("delete", help="删除误录的选举")
    delete.add_argument("id", type=int)


def _pairs(values: list[str], what: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        key, sep, number = value.rpartition("=")
        if not sep or not key:
            raise RendaError(f"“{value}”应写成“{what}=票数”")
        pairs.append((key.strip(), number.strip()))
    return pairs


def _lines_by_name(office: Office, d: ElectionDetail) -> dict[str, int]:
    current = d.current_round
    if current is None:
        raise RendaError("这次选举还没有开始投票")
    found: dict[str, int] = {}
    for s in current.sections:
        for line in s.on_ballot:
            found[f"{s.label}:{line.name}"] = line.candidate_id
            found.setdefault(line.name, line.candidate_id)
    return found


def _by_name(found: dict[str, int], key: str) -> int:
    key = key.replace("：", ":")
    if key not in found:
        raise RendaError(f"“{key}”不是本轮选票上的候选人；另选他人请用 --write-in")
    return found[key]


@command(
    "election",
    "一次选举：show / add / candidate / scrutineers / start / count / votes / next-round …",
    _election_args,
    labels=FIELD_LABELS,
)
def cmd_election(office: Office, args: argparse.Namespace) -> int:
    elections = office.elections
    if args.action == "add":
        posts = []
        for item in args.post:
            name, sep, seats = item.partition("=")
            if not sep:
                raise RendaError(f"“{item}”应写成“职务=应选名额”，如 副镇长=2")
            posts.append((name.strip(), seats.strip()))
        e = elections.add(
            meeting_id=args.meeting,
            kind=_choice(args.kind, ELECTION_KINDS, "选举类别"),
            posts=posts,
            title=args.title,
            note=args.note,
        )
        out(f"已新建：{e.title}（编号 {e.id}）")
        return 0
    d = elections.detail(args.id)
    e = d.election
    if args.action == "show":
        if args.json:
            print_json(election_json(d))
        else:
            _show(office, d)
    elif args.action == "candidate":
        nominators = [one_deputy(office, who).id for who in args.nominator]
        c = elections.add_candidate(
            e.id,
            post=args.post,
            deputy_id=one_deputy(office, args.deputy).id if args.deputy else None,
            name=args.name,
            gender=args.gender,
            birth_date=args.birth,
            political_status=args.party,
            education=args.education,
            unit=args.unit,
            nominated_by="deputies" if nominators else "presidium",
            nominator_ids=nominators,
        )
        out(f"已提名：{c.name}（{c.nominated_label}）")
        for warning in elections.detail(e.id).warnings:
            out(f"提醒：{warning}")
    elif args.action == "drop":
        matches = [c for p in d.posts for c in p.candidates if c.name == args.name]
        if not matches:
            raise RendaError(f"“{args.name}”不是这次选举的候选人")
        elections.remove_candidate(matches[0].id)
        out(f"已撤下候选人：{args.name}")
    elif args.action == "scrutineers":
        monitors = [one_deputy(office, who).id for who in args.monitor]
        tellers: list[int | str] = [one_deputy(office, w).id for w in args.teller_deputy]
        tellers += args.teller
        chosen = elections.set_scrutineers(e.id, monitors=monitors, tellers=tellers)
        out("已推选：" + "；".join(f"{s.role_label}{s.name}" for s in chosen))
    elif args.action == "start":
        current = elections.start_voting(e.id)
        out(f"已开始{current.round.label}，可打印选票（print election-ballot --election {e.id}）")
    elif args.action == "count":
        sections = None
        if args.section:
            sections = {}
            for item in args.section:
                post, sep, figures = item.partition("=")
                valid, slash, invalid = figures.partition("/")
                if not sep or not slash:
                    raise RendaError(f"“{item}”应写成“职务=有效票/无效票”，如 副镇长=62/1")
                sections[post.strip()] = (valid.strip(), invalid.strip())
        current = elections.count_ballots(
            e.id,
            issued=args.issued,
            returned=args.returned,
            valid=args.valid,
            invalid=args.invalid,
            sections=sections,
        )
        out(
            f"已登记{current.round.label}：发出 {current.round.ballots_issued} 张，"
            f"收回 {current.round.ballots_returned} 张"
        )
    elif args.action == "votes":
        found = _lines_by_name(office, d)
        votes = {_by_name(found, k): v for k, v in _pairs(args.votes, "姓名")}
        against = {_by_name(found, k): v for k, v in _pairs(args.against, "姓名")}
        abstain = {_by_name(found, k): v for k, v in _pairs(args.abstain, "姓名")}
        write_ins = []
        for key, n in _pairs(args.write_in, "职务:姓名"):
            post, sep, name = key.replace("：", ":").partition(":")
            if not sep:
                raise RendaError(f"另选他人“{key}”应写成“职务:姓名=票数”，如 副镇长:张三=2")
            write_ins.append((post, name, n))
        outcome = elections.record_votes(
            e.id,
            votes=votes,
            against=against or None,
            abstain=abstain or None,
            write_ins=write_ins,
        )
        out(outcome.summary)
        if not outcome.complete:
            out(f"下一步：election next-round {e.id}（另行选举），或 election close {e.id}")
    elif args.action == "next-round":
        chosen = None
        if args.candidate:
            found = {}
            for p in d.posts:
                for c in elections.candidates(e.id, include_write_ins=True):
                    if c.post_id == p.post.id:
                        found[f"{p.label}:{c.name}"] = c.id
            chosen = {}
            for item in args.candidate:
                key = item.replace("：", ":")
                if key not in found:
                    raise RendaError(f"“{item}”应写成“职务:姓名”，且是本次选举的候选人")
                chosen.setdefault(key.partition(":")[0], []).append(found[key])
        current = elections.next_round(e.id, candidates=chosen)
        names = "；".join(
            f"{s.label}（应选 {s.section.seats} 名）：" + "、".join(v.name for v in s.on_ballot)
            for s in current.sections
        )
        out(f"已开始{current.round.label}：{names}")
    elif args.action == "close":
        e = elections.close(e.id, note=args.note)
        out(f"已结束：{e.title}（{e.status_label}）")
    elif args.action == "undo":
        out(elections.undo(e.id))
    elif args.action == "delete":
        elections.delete(e.id)
        out(f"已删除：{e.title}")
    return 0


# ---- printed forms ---------------------------------------------------------------------


def _election_form_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--election", type=int, required=True, help="选举编号（用 elections 命令可查到）"
    )


@print_form(
    "election-ballot", "选举票（本轮投票的选票，候选人按姓氏笔画为序）", _election_form_args
)
@in_chinese
def print_election_ballot(office: Office, args: argparse.Namespace) -> int:
    from app.documents.election_forms import election_ballot_pdf

    return save_result(election_ballot_pdf(office, args.election), args.out)


@print_form("election-result", "计票单或选举结果报告单（含当选公告）", _election_form_args)
@in_chinese
def print_election_result(office: Office, args: argparse.Namespace) -> int:
    from app.documents.election_forms import election_result_pdf

    return save_result(election_result_pdf(office, args.election), args.out)


@print_form("election-notice", "当选公告", _election_form_args)
@in_chinese
def print_election_notice(office: Office, args: argparse.Namespace) -> int:
    from app.documents.election_forms import election_notice_pdf

    return save_result(election_notice_pdf(office, args.election), args.out)


# ---- resignations and recalls ----------------------------------------------------------

REMOVAL_LABELS = FIELD_LABELS | {
    "holding_id": "任职人员",
    "moved_by": "提出方式",
    "movers": "联名代表",
    "reason": "理由",
    "submitted_date": "提出日期",
    "votes_for": "表决",
    "votes_against": "反对票",
    "votes_abstain": "弃权票",
}
REMOVAL_KIND_WORDS = {
    "resignation": ("resignation", "辞职", "接受辞职"),
    "recall": ("recall", "罢免"),
    "deputy_resignation": ("deputy_resignation", "代表辞职", "接受代表辞职"),
}


def removal_json(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "meeting_id": r.meeting_id,
        "meeting": r.meeting_title,
        "date": r.meeting_date,
        "kind": r.kind,
        "kind_label": r.kind_label,
        "name": r.name,
        "post": r.post,
        "holding_id": r.holding_id,
        "deputy_id": r.deputy_id,
        "moved_by": r.moved_by,
        "movers": list(r.movers),
        "reason": r.reason,
        "votes_for": r.votes_for,
        "votes_against": r.votes_against,
        "votes_abstain": r.votes_abstain,
        "total_deputies": r.total_deputies,
        "passed": None if r.passed is None else bool(r.passed),
        "result": r.result_label,
    }


def _removals_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--meeting", type=int, help="只列这次人代会的")
    p.add_argument("--json", action="store_true")


@command("removals", "列出人代会表决的辞职和罢免", _removals_args, labels=REMOVAL_LABELS)
def cmd_removals(office: Office, args: argparse.Namespace) -> int:
    removals = office.elections.removals
    rows = removals.of_meeting(args.meeting) if args.meeting else removals.list()
    if args.json:
        print_json([removal_json(r) for r in rows])
        return 0
    for r in rows:
        out(
            "\t".join(
                [
                    str(r.id),
                    dates.format_date(r.meeting_date),
                    r.kind_label,
                    f"{r.name}（{r.post_label}）",
                    r.moved_label,
                    r.result_label,
                    r.votes_label,
                ]
            )
        )
    out(f"共 {len(rows)} 项")
    return 0


def _removal_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="登记辞职请求或罢免案，待大会表决")
    add.add_argument("--meeting", type=int, required=True, help="人代会编号")
    add.add_argument("--kind", required=True, help="辞职、罢免或代表辞职")
    add.add_argument("--official", type=int, help="任职记录编号（用 officials 命令可查到）")
    add.add_argument("--deputy", help="代表辞职的：代表姓名或编号")
    add.add_argument("--by", default="主席团", help="罢免案：主席团或代表（联名）")
    add.add_argument("--mover", action="append", default=[], help="联名提出罢免案的代表，可重复")
    add.add_argument("--reason", default="", help="辞职理由或罢免理由")
    add.add_argument("--date", default="", help="提出日期")
    vote = sub.add_parser("vote", help="登记大会表决结果")
    vote.add_argument("id", type=int)
    vote.add_argument("--for", dest="votes_for", required=True, help="赞成票")
    vote.add_argument("--against", required=True, help="反对票")
    vote.add_argument("--abstain", required=True, help="弃权票")
    show = sub.add_parser("show", help="显示一项辞职或罢免")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    undo = sub.add_parser("undo", help="撤销误录的表决结果")
    undo.add_argument("id", type=int)
    delete = sub.add_parser("delete", help="删除误录的辞职或罢免（未表决的）")
    delete.add_argument("id", type=int)


@command(
    "removal",
    "辞职、罢免：add / vote / show / undo / delete",
    _removal_args,
    labels=REMOVAL_LABELS,
)
def cmd_removal(office: Office, args: argparse.Namespace) -> int:
    removals = office.elections.removals
    if args.action == "add":
        kind = next((k for k, words in REMOVAL_KIND_WORDS.items() if args.kind in words), None)
        if kind is None:
            raise RendaError("类别只能是：辞职、罢免、代表辞职")
        by = {"主席团": "presidium", "presidium": "presidium", "代表": "deputies"}.get(
            args.by, "deputies" if args.mover else None
        )
        if args.mover:
            by = "deputies"
        r = removals.add(
            meeting_id=args.meeting,
            kind=kind,
            holding_id=args.official,
            deputy_id=one_deputy(office, args.deputy).id if args.deputy else None,
            moved_by=by,
            mover_ids=[one_deputy(office, who).id for who in args.mover],
            reason=args.reason,
            submitted_date=args.date,
        )
        out(f"已登记：{r.motion_title}（{r.moved_label}，编号 {r.id}），待大会表决")
        return 0
    r = removals.get(args.id)
    if args.action == "vote":
        r = removals.record_vote(
            r.id, votes_for=args.votes_for, against=args.against, abstain=args.abstain
        )
        out(
            f"{r.motion_title}：{r.votes_label}；全体代表 {r.total_deputies} 人，"
            f"须赞成 {r.threshold} 票以上，{r.result_label}"
        )
        if r.passed:
            out(f"已记入：{r.outcome_text}（{dates.format_date(r.meeting_date)}）")
    elif args.action == "show":
        if args.json:
            print_json(removal_json(r))
        else:
            out(f"{r.motion_title}（{r.meeting_title}）")
            out(f"提出：{r.moved_label}")
            if r.movers:
                out("联名代表：" + "、".join(r.movers))
            if r.reason:
                out(f"理由：{r.reason}")
            out(f"表决：{r.votes_label or '待表决'}　{r.result_label}")
    elif args.action == "undo":
        r = removals.undo_vote(r.id)
        out(f"已撤销表决结果：{r.motion_title}")
    elif args.action == "delete":
        removals.delete(r.id)
        out(f"已删除：{r.motion_title}")
    return 0


def _removal_form_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--removal", type=int, required=True, help="辞职或罢免的编号（removals 可查）")


@print_form("removal-ballot", "辞职、罢免的表决票（罢免表决票）", _removal_form_args)
@with_labels(REMOVAL_LABELS)
def print_removal_ballot(office: Office, args: argparse.Namespace) -> int:
    from app.documents.removal_forms import removal_ballot_pdf

    return save_result(removal_ballot_pdf(office, args.removal), args.out)


@print_form("removal-result", "辞职、罢免的表决结果报告单（通过的附公告）", _removal_form_args)
@with_labels(REMOVAL_LABELS)
def print_removal_result(office: Office, args: argparse.Namespace) -> int:
    from app.documents.removal_forms import removal_result_pdf

    return save_result(removal_result_pdf(office, args.removal), args.out)
