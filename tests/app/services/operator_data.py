"""Operators, evaluations and demands with known numbers (tests of 运营评估 and its reports)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.services import records
from app.store.db import Ledger
from tests.helpers.ledgers import COMMUNITIES

CODE_A = "91610102MA6U0B9X89"
ON = dt.date(2026, 12, 1)
TODAY = dt.date(2026, 12, 4)

# community, function, operator, date, usage, quality, willingness, satisfaction
EVALUATIONS: list[tuple[str, str, str | None, str | None, Any, Any, Any, Any]] = [
    ("东七路社区", "养老", "甲", "2026-03-01", 120, 80, "高", 85),  # 1
    ("东七路社区", "养老", "甲", "2026-09-01", 60, 90, "中", 85),  # 2
    ("西七路社区", "助餐", "乙", "2026-04-01", 50, 90, "低", "84.9"),  # 3
    ("西七路社区", "助餐", "乙", "2026-10-01", 41, 90, "低", 85),  # 4
    ("西七路社区", "托育", "丙", "2026-05-01", 30, 95, "高", 95),  # 5
    ("西七路社区", "托育", "丙", "2026-06-01", None, None, "高", None),  # 6
    ("东七路社区", "助餐", "丁", "2026-07-01", 700, 90, "高", 90),  # 7
    ("四府街社区", "养老", "丁", "2025-12-02", 100, 90, "中", 90),  # 8: the window's first day
    ("四府街社区", "养老", "丁", "2025-12-01", 10, 10, "低", 10),  # 9: the day before it
    ("四府街社区", "健康", "丁", "2026-12-01", 80, 90, None, 90),  # 10: the list's own day
    ("东七路社区", "健身", None, "2026-08-01", 200, 70, "中", 80),  # 11: no operator
    ("东七路社区", "文化", "甲", None, 50, 50, "低", 50),  # 12: no date
]
OPERATORS = {"甲": "甲养老服务中心", "乙": "乙助餐有限公司", "丙": "丙托育园", "丁": "丁社区服务社",
             "戊": "戊家政公司"}
DEMANDS = [  # community, function, content, status
    ("西七路社区", "养老", "需要日间照料", None),
    ("西七路社区", "养老", "增加助浴服务", None),
    ("西七路社区", "养老", "已经解决的需求", "已解决"),
    ("西七路社区", "托育", "需要托育点", None),
    ("东七路社区", "儿童托管", "放学后托管", None),
    ("东七路社区", "家政便民", "家电维修", None),
    ("东七路社区", "其他", "其他需求", None),
]


def fill(ledger: Ledger) -> dict[str, str]:
    """The operators, evaluations and demands above; returns the operators' ids by short name."""
    for name, street, code in COMMUNITIES:
        if name in ("东七路社区", "西七路社区", "四府街社区"):
            records.create(ledger, "communities", {"name": name, "street": street, "code": code})
    ids = {}
    for short, name in OPERATORS.items():
        values = {"name": name, "kind": "企业"}
        if short == "甲":
            values.update(credit_code=CODE_A, contact="王小明", phone="13812345678")
        ids[short] = records.create(ledger, "operators", values)
    for community, function, short, day, usage, quality, willing, satisfaction in EVALUATIONS:
        values = {"community": community, "function": function, "operator": ids.get(short or ""),
                  "evaluated_on": day, "usage_per_month": usage, "quality": quality,
                  "willingness": willing, "satisfaction": satisfaction}
        records.create(ledger, "evaluations", {k: v for k, v in values.items() if v is not None})
    for community, function, content, status in DEMANDS:
        values = {"community": community, "function": function, "content": content,
                  "received_on": "2026-06-01"}
        if status:
            values["status"] = status
        records.create(ledger, "demands", values)
    records.create(ledger, "functions", {"community": "东七路社区", "function": "助餐",
                                         "status": "运营中", "capacity": 20})
    return ids
