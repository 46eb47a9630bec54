"""A ledger with known numbers for 2026Q4 (and 2026) in four streets of 新城区 and one of 未央区
that 经开区 manages; each change made on a chosen day (its history's made_at decides the quarter).

西一路街道 (A): three counted communities and one 未回迁; one function covered before the quarter,
  one more in it; a city project accepted on time, a pilot not operating, an 其他 project;
  demands: one open at the start and resolved in it, one closed before it, one received and
  open, one received and declined; last change 2026-12-20.
长乐中路街道 (B): one community with all nine functions operating since September: every target
  met; nothing else; last change 2026-09-01.
中山门街道 (D): a community without functions; a city project accepted 2026-11-01; two demands
  received in the quarter, one resolved; last change 2026-12-28.
韩森寨街道 (C): a community whose 养老 starts operating in the quarter; a city project not
  accepted; one demand open; last change 2026-12-28.
张家堡街道 (E, 未央区, managed by 经开区): a community whose 养老 and 托育 start in the quarter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine

from app.domain.china_time import CHINA
from app.domain.enums import Function
from app.services import records
from app.store.db import Ledger

NOW = dt.datetime(2027, 1, 15, 10, tzinfo=CHINA)
"""When the figures are asked for: after the quarter and the year."""


@contextmanager
def on(year: int, month: int, day: int) -> Iterator[None]:
    """Changes made at noon of a day in Xi'an."""
    moment = dt.datetime(year, month, day, 12, tzinfo=CHINA)
    with time_machine.travel(moment.timestamp(), tick=False):
        yield


def community(ledger: Ledger, name: str, street: str, *, not_resettled: bool = False) -> str:
    values: dict[str, object] = {"name": name, "street": street}
    if not_resettled:
        values["not_resettled"] = "是"
    return records.create(ledger, "communities", values)


def status(ledger: Ledger, where: str, function: str, value: str = "运营中") -> str:
    return records.create(ledger, "functions",
                          {"community": where, "function": function, "status": value})


def demand(ledger: Ledger, where: str, content: str, received: str, **more: str) -> str:
    return records.create(ledger, "demands", {"community": where, "content": content,
                                              "received_on": received, **more})


def project(ledger: Ledger, name: str, where: str, tier: str, **more: str) -> str:
    return records.create(ledger, "projects", {"name": name, "community": where, "tier": tier,
                                               **more})


def build(ledger: Ledger, *, zone: bool = True) -> None:
    """The data described above (without 张家堡街道's: a district's ledger holds its own only)."""
    with on(2026, 9, 1):
        b1 = community(ledger, "长乐中路一社区", "长乐中路街道")
        for function in Function.nine():
            status(ledger, b1, function.value)
    with on(2026, 9, 15):
        a1 = community(ledger, "西一路一社区", "西一路街道")
        a2 = community(ledger, "西一路二社区", "西一路街道")
        community(ledger, "西一路三社区", "西一路街道")
        a4 = community(ledger, "西一路四社区", "西一路街道", not_resettled=True)
        status(ledger, a1, "养老")
        status(ledger, a4, "养老")
        d1 = demand(ledger, a1, "加装电梯", "2026-08-01")
        demand(ledger, a1, "修缮路灯", "2026-07-01", status="已解决", resolved_on="2026-09-01")
    with on(2026, 9, 20):
        c1 = community(ledger, "韩森寨一社区", "韩森寨街道")
        d_1 = community(ledger, "中山门一社区", "中山门街道")
    with on(2026, 11, 5):
        records.update(ledger, "demands", d1, {"status": "已解决", "resolved_on": "2026-11-05"})
    with on(2026, 11, 10):
        status(ledger, a2, "托育", "已建成")
        care = project(ledger, "西一路养老综合体", a1, "市级项目")
        project(ledger, "西一路托育点", a2, "国家试点", planned_year="2026")
        project(ledger, "西一路文化站", a1, "其他", planned_year="2026")
        demand(ledger, a1, "增设助餐点", "2026-10-10")
    with on(2026, 12, 20):
        records.update(ledger, "projects", care, {"accepted_on": "2026-12-20"})
        demand(ledger, a2, "建儿童乐园", "2026-12-01", status="不予采纳",
               reply="场地不足")
    with on(2026, 12, 28):
        status(ledger, c1, "养老")
        project(ledger, "韩森寨助餐点", c1, "市级项目")
        demand(ledger, c1, "老年食堂", "2026-10-20")
        project(ledger, "中山门托育点", d_1, "市级项目", accepted_on="2026-11-01")
        demand(ledger, d_1, "托育班", "2026-10-05")
        demand(ledger, d_1, "健身器材", "2026-11-05", status="已解决", resolved_on="2026-12-01")
        if not zone:
            return
        street = records.get(ledger, "streets", "张家堡街道")["id"]
        records.update(ledger, "streets", street, {"zone": "经开区"})
        e1 = community(ledger, "张家堡一社区", "张家堡街道")
        status(ledger, e1, "养老")
        status(ledger, e1, "托育")
