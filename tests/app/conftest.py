"""Fixtures of the suggestion tests: a township with a few deputies and handling units."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class Township:
    office: object
    deputies: dict[str, int]  # name -> id
    units: dict[str, int]  # short name -> id


@pytest.fixture
def town(office) -> Township:
    """清溪镇 with six serving deputies (one with a rare name) and three units."""
    deputies = {}
    for name, gender in (
        ("王𠮷", "男"),
        ("李䶮", "女"),
        ("张三", "男"),
        ("刘芳", "女"),
        ("陈明", "男"),
        ("赵丽", "女"),
    ):
        deputies[name] = office.deputies.add(name=name, gender=gender).id
    units = {
        "水利站": office.handling_units.add(name="清溪镇水利站", contact="杨站长").id,
        "财政所": office.handling_units.add(name="清溪镇财政所").id,
        "交管站": office.handling_units.add(name="清溪镇交通运输管理站").id,
    }
    return Township(office, deputies, units)
