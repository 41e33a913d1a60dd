"""Demo elections of a township: the term's first session (as the demo's meetings have it)
elects the chair, the vice-chairs, the presidium, the 镇长 and the 副镇长s; later one 副镇长
resigns (the next session votes to accept it) and another is transferred away; at the last
session one fifth of the deputies move to recall the 镇长 (the vote fails, the register
stays), and two 副镇长s are by-elected, with a second vote after a tie.

Runs per township after its meetings (app.demo.demo_steps), also at county scale; every
record goes through the facade, so the demo passes the same rules as the clerk."""

from __future__ import annotations

import random
from datetime import timedelta

from app.core import dates
from app.core.progress import Progress
from app.deputies.deputies import Deputy
from app.deputies.township import Township
from app.elections.rules import elected_threshold, township_unit
from app.meetings.meetings import Meeting, MeetingQuery
from app.office import Office

TELLERS = ("人大办 周小燕", "党政办 李明")
# A candidate from outside the congress, nominated by deputies jointly.
OUTSIDER = {
    "name": "彭志刚",
    "gender": "男",
    "birth_date": "1982-05",
    "political_status": "中共党员",
    "education": "大学本科",
}


def demo_elections(
    office: Office, rng: random.Random, township: Township, progress: Progress
) -> None:
    own = random.Random()
    own.setstate(rng.getstate())
    rng = own
    term = office.terms.current(township.id)
    if term is None:
        return
    sessions = [
        office.meetings.get(row.id)
        for row in reversed(
            office.meetings.list(
                MeetingQuery(kind="session", township_id=township.id, term_id=term.id)
            )
        )
        if row.status == "held"
    ]
    if not sessions:
        return
    progress.check()
    officials = _first_session(office, rng, township, sessions[0])
    if len(sessions) >= 2 and len(officials) >= 3:
        _by_election(office, rng, township, sessions, officials)


def _deputies(office: Office, term_id: int) -> list[Deputy]:
    rows = office.db.execute(
        "SELECT id FROM deputies WHERE term_id = ? AND is_township_deputy = 1"
        " AND status = 'serving' ORDER BY name_strokes, id",
        [term_id],
    ).fetchall()
    return [office.deputies.get(r[0]) for r in rows]


def _vote(office: Office, election_id: int, meeting: Meeting, plan: dict[str, list[int]]) -> None:
    """Count the ballots (one invalid per section) and record `plan`: post -> votes for its
    candidates in the ballot's order."""
    present = office.meetings.attendance.counts(meeting.id).present
    office.elections.count_ballots(
        election_id, issued=present, returned=present, valid=present - 1, invalid=1
    )
    detail = office.elections.detail(election_id)
    votes: dict[int, int] = {}
    for section in detail.current_round.sections:
        for line, n in zip(section.on_ballot, plan[section.post], strict=True):
            votes[line.candidate_id] = n
    office.elections.record_votes(election_id, votes=votes)


def _first_session(
    office: Office, rng: random.Random, township: Township, session: Meeting
) -> list[int]:
    """The elections of the term's first session; returns the 副镇长s' deputy ids."""
    t1 = township_unit(township.name)
    deputies = _deputies(office, session.term_id)
    by_role: dict[str, list[Deputy]] = {}
    for d in deputies:
        by_role.setdefault(d.presidium_role, []).append(d)
    chair = by_role.get("chair", [])
    vice = by_role.get("vice_chair", [])
    members = by_role.get("member", [])
    others = [d for d in deputies if not d.presidium_role]
    leaders = [d for d in others if d.category == "党政领导干部"]
    pool = leaders + [d for d in others if d not in leaders and d.category == "专业技术人员"]
    if not chair or len(pool) < 6:
        return []
    head, deputy_heads, vice_rival = pool[0], pool[1:4], pool[4]
    office.deputies.update(head.id, unit=f"{township.name}党委副书记、{t1}长")
    for d in deputy_heads:
        office.deputies.update(d.id, unit=f"{township.name}人民政府副{t1}长")
    head = office.deputies.get(head.id)
    deputy_heads = [office.deputies.get(d.id) for d in deputy_heads]

    posts = [("chair", 1), ("head", 1), ("deputy_head", 3)]
    if vice:
        posts.insert(1, ("vice_chair", len(vice)))
    if members:
        posts.insert(len(posts) - 2, ("member", len(members)))
    elections = office.elections
    election = elections.add(
        meeting_id=session.id,
        kind="election",
        posts=posts,
        title=f"选举{township.name}人民代表大会主席、副主席、主席团成员，"
        f"{t1}人民政府{t1}长、副{t1}长",
    )
    for post, people in (
        ("chair", chair[:1]),
        ("vice_chair", vice),
        ("member", members),
        ("head", [head]),
        ("deputy_head", deputy_heads),
    ):
        for d in people:
            elections.add_candidate(
                election.id, post=post, deputy_id=d.id, nominated_by="presidium"
            )
    taken = {d.id for d in [*chair, *vice, *members, head, *deputy_heads, vice_rival]}
    free = [d for d in others if d.id not in taken]
    if vice:
        elections.add_candidate(
            election.id,
            post="vice_chair",
            deputy_id=vice_rival.id,
            nominated_by="deputies",
            nominator_ids=[d.id for d in free[:10]],
        )
    elections.add_candidate(
        election.id,
        post="deputy_head",
        unit=f"{township.name}农业综合服务中心主任",
        nominated_by="deputies",
        nominator_ids=[d.id for d in free[10:21]],
        **OUTSIDER,
    )
    monitors = [d.id for d in free[21:24]]
    elections.set_scrutineers(election.id, monitors=monitors, tellers=list(TELLERS))
    elections.start_voting(election.id)

    counts = office.meetings.attendance.counts(session.id)
    valid = counts.present - 1
    need = elected_threshold(counts.expected)
    detail = elections.detail(election.id)
    plan: dict[str, list[int]] = {}
    for section in detail.current_round.sections:
        names = [line.name for line in section.on_ballot]
        if section.post in ("vice_chair", "deputy_head"):
            # The loser's marks come off the winners': no ballot marks more than the seats.
            losing = vice_rival.name if section.post == "vice_chair" else OUTSIDER["name"]
            lost = rng.randint(need // 3, need - 5)
            share = -(-lost // section.section.seats)
            plan[section.post] = [
                lost if n == losing else valid - share - rng.randint(0, 3) for n in names
            ]
        else:
            plan[section.post] = [valid - rng.randint(0, 3) for _n in names]
    _vote(office, election.id, session, plan)
    return [d.id for d in deputy_heads]


def _by_election(
    office: Office,
    rng: random.Random,
    township: Township,
    sessions: list[Meeting],
    deputy_heads: list[int],
) -> None:
    """A 副镇长 resigns, another is transferred; the last session by-elects two of them,
    needing a second vote after a tie."""
    t1 = township_unit(township.name)
    first, last = sessions[0], sessions[-1]
    span = (dates.as_date(last.start_date) - dates.as_date(first.start_date)).days
    if span < 6:
        return
    holdings = {h.deputy_id: h for h in office.officials.current(township.id)}
    resigned, transferred = holdings.get(deputy_heads[2]), holdings.get(deputy_heads[1])
    if resigned is None or transferred is None:
        return
    middle = [s for s in sessions[1:-1]]
    accepted_at = middle[0] if middle else None
    resign_day = (
        accepted_at.start_date
        if accepted_at
        else (dates.as_date(first.start_date) + timedelta(days=span // 3)).isoformat()
    )
    if accepted_at is not None:
        # The resignation is put to the session and accepted by a majority of all.
        _accept_resignation(office, rng, accepted_at, resigned.id, t1)
    else:
        office.officials.end(
            resigned.id,
            date=resign_day,
            how="resigned",
            note="本人因身体原因书面提出辞去副" + t1 + "长职务",
        )
    office.deputies.update(resigned.deputy_id, unit=f"{township.name}农业综合服务中心干部")
    transfer_day = dates.as_date(resign_day) + timedelta(
        days=max(1, (dates.as_date(last.start_date) - dates.as_date(resign_day)).days // 2)
    )
    office.officials.end(
        transferred.id,
        date=transfer_day.isoformat(),
        how="transferred",
        note="调任县农业农村局工作",
    )
    office.deputies.update(transferred.deputy_id, unit="溪山县农业农村局副局长")

    deputies = _deputies(office, last.term_id)
    _failed_recall(office, rng, township, last, deputies)
    busy = {h.deputy_id for h in office.officials.current(township.id)}
    busy |= {resigned.deputy_id, transferred.deputy_id}
    fresh = [d for d in deputies if not d.presidium_role and d.id not in busy]
    hopefuls = [d for d in fresh if d.category in ("党政领导干部", "专业技术人员")][:3]
    if len(hopefuls) < 3:
        return
    elections = office.elections
    election = elections.add(
        meeting_id=last.id,
        kind="by_election",
        posts=[("deputy_head", 2)],
        title=f"补选{township.name}人民政府副{t1}长",
    )
    for d in hopefuls[:2]:
        elections.add_candidate(
            election.id, post="deputy_head", deputy_id=d.id, nominated_by="presidium"
        )
    rest = [d for d in fresh if d not in hopefuls]
    elections.add_candidate(
        election.id,
        post="deputy_head",
        deputy_id=hopefuls[2].id,
        nominated_by="deputies",
        nominator_ids=[d.id for d in rest[:12]],
    )
    elections.set_scrutineers(
        election.id, monitors=[d.id for d in rest[12:15]], tellers=list(TELLERS)
    )
    elections.start_voting(election.id)

    counts = office.meetings.attendance.counts(last.id)
    valid = counts.present - 1
    need = elected_threshold(counts.expected)
    tie = need + 2
    top = min(valid, 2 * valid - 2 * tie - rng.randint(0, 2))
    order = [
        line.name for line in elections.detail(election.id).current_round.sections[0].on_ballot
    ]
    leader = hopefuls[0].name
    # Round 1: the leader passes, the other two pass too but tie for the last seat.
    _vote(
        office,
        election.id,
        last,
        {"deputy_head": [top if n == leader else tie for n in order]},
    )
    # Round 2 (再次投票) between the tied two: one of them wins clearly.
    elections.next_round(election.id)
    section = elections.detail(election.id).current_round.sections[0]
    winner = rng.randint(need + 3, valid - 2)
    _vote(
        office,
        election.id,
        last,
        {"deputy_head": [winner, valid - 1 - winner][: len(section.on_ballot)]},
    )
    for holding in office.officials.current(township.id):
        elected_now = holding.vote_id is not None and holding.start_date == last.start_date
        if elected_now and holding.deputy_id is not None:
            office.deputies.update(holding.deputy_id, unit=f"{township.name}人民政府副{t1}长")


def _tally(office: Office, rng: random.Random, meeting: Meeting, carried: bool) -> tuple:
    """For, against and abstaining at a session's vote: passing by a clear margin, or
    failing short of a majority of all deputies."""
    counts = office.meetings.attendance.counts(meeting.id)
    need = elected_threshold(counts.expected)
    if carried:
        high = max(counts.present - 2, need)
        votes_for = rng.randint(min(need + 3, high), high)
    else:
        votes_for = max(0, need - rng.randint(6, 9))
    abstain = rng.randint(0, 2)
    rest = max(0, counts.present - votes_for - abstain)
    against = rng.randint(0, min(rest, 4)) if carried else max(0, rest - rng.randint(0, 1))
    return votes_for, against, abstain


def _accept_resignation(
    office: Office, rng: random.Random, session: Meeting, holding_id: int, t1: str
) -> None:
    removals = office.elections.removals
    submitted = dates.as_date(session.start_date) - timedelta(days=rng.randint(8, 20))
    removal = removals.add(
        meeting_id=session.id,
        kind="resignation",
        holding_id=holding_id,
        reason=f"本人因身体原因，书面请求辞去副{t1}长职务",
        submitted_date=submitted.isoformat(),
    )
    votes_for, against, abstain = _tally(office, rng, session, carried=True)
    removals.record_vote(removal.id, votes_for=votes_for, against=against, abstain=abstain)


def _failed_recall(
    office: Office,
    rng: random.Random,
    township: Township,
    session: Meeting,
    deputies: list[Deputy],
) -> None:
    """One fifth of the deputies move to recall the head; the session does not carry it
    and the register stays as it was."""
    head = next((h for h in office.officials.current(township.id) if h.post == "head"), None)
    if head is None:
        return
    removals = office.elections.removals
    needed = removals.movers_needed(session.id)
    movers = [d.id for d in deputies if not d.presidium_role and d.id != head.deputy_id]
    if len(movers) < needed + 1:
        return
    t1 = township_unit(township.name)
    removal = removals.add(
        meeting_id=session.id,
        kind="recall",
        holding_id=head.id,
        moved_by="deputies",
        mover_ids=movers[-(needed + 1) :],
        reason=f"部分代表认为{t1}人民政府对村道硬化、饮水安全等民生实事推进不力，"
        f"{t1}长负有领导责任，提请大会罢免",
        submitted_date=session.start_date,
    )
    votes_for, against, abstain = _tally(office, rng, session, carried=False)
    removals.record_vote(removal.id, votes_for=votes_for, against=against, abstain=abstain)
