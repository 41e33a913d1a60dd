"""Pinyin search keys, 姓氏笔画 order and numerals."""

from __future__ import annotations

from app.core.chinese import cn_number, pinyin_keys, stroke_count, stroke_sort_key


def test_initials_and_full_pinyin_are_indexed() -> None:
    keys = pinyin_keys("张三")
    assert "|zs|" in keys and "|zhangsan|" in keys


def test_surnames_with_special_readings_are_found_by_each() -> None:
    assert "|sw|" in pinyin_keys("单伟")  # 单 as a surname is shan
    assert "|zgf|" in pinyin_keys("曾国藩")
    assert "|ojm|" in pinyin_keys("区家明")
    assert "|yj|" in pinyin_keys("乐嘉")


def test_rare_characters_borrow_the_reading_of_their_variant() -> None:
    assert "|wj|" in pinyin_keys("王𠮷")  # 𠮷 reads like 吉
    assert "|ly|" in pinyin_keys("李䶮")


def test_stroke_counts_cover_rare_characters() -> None:
    assert [stroke_count(c) for c in "王李张刘陈赵𠮷䶮"] == [4, 7, 7, 6, 7, 9, 6, 9]


def test_names_sort_by_surname_strokes_then_first_stroke() -> None:
    names = ["赵六", "张三", "李四", "王五", "刘一", "何八", "吴七", "汪九", "丁一", "陈二", "王𠮷"]
    ordered = sorted(names, key=stroke_sort_key)
    # 2 strokes, 4, 6, then the 7-stroke surnames by first stroke 横竖撇点折, then 9.
    assert ordered == [
        "丁一",
        "王五",
        "王𠮷",
        "刘一",
        "李四",
        "吴七",
        "何八",
        "汪九",
        "张三",
        "陈二",
        "赵六",
    ]


def test_same_surname_sorts_by_the_given_name() -> None:
    assert sorted(["王海", "王一", "王刚"], key=stroke_sort_key) == ["王一", "王刚", "王海"]


def test_chinese_numerals_for_terms_and_sessions() -> None:
    assert [cn_number(n) for n in (1, 10, 12, 17, 20, 23, 100, 105, 112)] == [
        "一",
        "十",
        "十二",
        "十七",
        "二十",
        "二十三",
        "一百",
        "一百零五",
        "一百一十二",
    ]
