"""The counting rules on their own: elected with more than half of ALL deputies, highest
first, ties and too few elected leading to a further vote, the 差额 numbers, and the
checks of the ballots and votes."""

from __future__ import annotations

from app.elections.rules import (
    SlateRules,
    candidate_range,
    check_ballots,
    check_votes,
    count_section,
    elected_threshold,
    next_round_keys,
    post_code,
    post_full_label,
    post_label,
    slate_problem,
)


def test_the_threshold_is_more_than_half_of_all_deputies() -> None:
    assert elected_threshold(66) == 34
    assert elected_threshold(67) == 34
    assert elected_threshold(68) == 35


def test_a_majority_of_those_present_is_not_enough() -> None:
    # 66 deputies, 40 present: 30 votes is three quarters of those present, but not more
    # than half of all 66 deputies.
    result = count_section({1: 30, 2: 8}, seats=1, total_deputies=66)
    assert result.elected == () and result.reason == "short" and result.remaining == 1
    # Exactly half of all deputies is not more than half.
    assert count_section({1: 33}, seats=1, total_deputies=66).elected == ()
    assert count_section({1: 34}, seats=1, total_deputies=66).elected == (1,)


def test_more_passing_than_seats_elects_the_highest_first() -> None:
    result = count_section({1: 40, 2: 55, 3: 50, 4: 12}, seats=2, total_deputies=66)
    assert result.elected == (2, 3)
    assert result.complete and result.reason == ""
    assert [key for key, _n in result.ranking] == [2, 3, 1, 4]


def test_a_tie_across_the_last_seat_elects_none_of_the_tied() -> None:
    result = count_section({1: 50, 2: 38, 3: 38}, seats=2, total_deputies=66)
    assert result.elected == (1,)
    assert result.tied == (2, 3)
    assert result.reason == "tie" and result.remaining == 1
    assert next_round_keys(result) == [2, 3]


def test_a_tie_that_fits_the_seats_elects_them_all() -> None:
    result = count_section({1: 40, 2: 40, 3: 10}, seats=2, total_deputies=66)
    assert set(result.elected) == {1, 2} and result.tied == ()


def test_a_tie_below_the_threshold_is_too_few_not_a_tie() -> None:
    result = count_section({1: 30, 2: 30}, seats=1, total_deputies=66)
    assert result.elected == () and result.tied == () and result.reason == "short"
    assert next_round_keys(result) == [1, 2]


def test_too_few_elected_leaves_the_rest_in_the_order_of_their_votes() -> None:
    result = count_section({1: 50, 2: 20, 3: 30, 4: 25, 5: 5}, seats=3, total_deputies=66)
    assert result.elected == (1,) and result.remaining == 2 and result.reason == "short"
    # One more than the seats left, the highest of the rest first (另行选举, 差额).
    assert next_round_keys(result) == [3, 4, 2]
    assert next_round_keys(result, eligible=[2, 4, 5]) == [4, 2, 5]


def test_no_deputies_no_one_is_elected() -> None:
    assert count_section({1: 3}, seats=1, total_deputies=0).elected == ()


def test_candidate_numbers_follow_the_post_and_the_settings() -> None:
    rules = SlateRules()
    assert candidate_range("chair", 1, rules) == (1, 2)  # one more, or a single nominee
    assert candidate_range("head", 1, rules) == (1, 2)
    assert candidate_range("vice_chair", 2, rules) == (3, 5)
    assert candidate_range("deputy_head", 3, rules) == (4, 6)
    assert candidate_range("member", 8, rules) == (8, 11)
    strict = SlateRules(chief_single=False, vice_extra_min=2, vice_extra_max=2)
    assert candidate_range("chair", 1, strict) == (2, 2)
    assert candidate_range("deputy_head", 1, strict) == (3, 3)


def test_a_slate_outside_the_rules_says_why_in_chinese() -> None:
    rules = SlateRules()
    assert slate_problem("deputy_head", 2, 3, rules, "副镇长") == ""
    message = slate_problem("deputy_head", 2, 2, rules, "副镇长")
    assert "多 1 至 3 人" in message and "现有候选人 2 名" in message
    assert "第二十六条" in message
    assert "只提名一人时也可以等额选举" in slate_problem("chair", 1, 3, rules, "人大主席")


def test_ballots_and_votes_are_checked() -> None:
    ok = check_ballots(issued=60, returned=60, present=62, sections={"副镇长": (58, 2)})
    assert ok == {}
    void = check_ballots(issued=60, returned=61, present=62, sections={"副镇长": (60, 1)})
    assert "本次选举无效" in void["returned"]
    assert (
        "多于出席"
        in check_ballots(issued=63, returned=60, present=62, sections={"副镇长": (60, 0)})["issued"]
    )
    assert (
        "应等于收回的选票"
        in check_ballots(issued=60, returned=60, present=62, sections={"副镇长": (50, 2)})["valid"]
    )
    assert (
        "多于收回的选票"
        in check_votes(label="副镇长", seats=1, returned=60, valid=58, votes={"张三": (61, 0, 0)})[
            "张三"
        ]
    )
    assert (
        "多于有效票"
        in check_votes(label="副镇长", seats=1, returned=60, valid=58, votes={"张三": (59, 0, 0)})[
            "张三"
        ]
    )
    # More marks than seats on a ballot make it invalid: they cannot be counted.
    too_many = check_votes(
        label="副镇长",
        seats=1,
        returned=60,
        valid=58,
        votes={"张三": (40, 0, 0), "李四": (30, 0, 0)},
    )
    assert "超过有效票 58 张每张最多选 1 人" in too_many["votes"]


def test_posts_are_named_after_the_township() -> None:
    assert post_label("head", "清溪镇") == "镇长"
    assert post_label("deputy_head", "龙泉乡") == "副乡长"
    assert post_full_label("deputy_head", "清溪镇") == "清溪镇人民政府副镇长"
    assert post_full_label("chair") == "镇人民代表大会主席"
    assert post_code("镇人民政府副镇长", "清溪镇") == "deputy_head"
    assert post_code("副乡长", "龙泉乡") == "deputy_head"
    assert post_code("人大主席") == "chair" and post_code("主席") == "chair"
    assert post_code("局长") is None
