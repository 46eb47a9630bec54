"""The public demand list PDF, read back with pypdf: numbers in free text masked however written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.services import records, reports
from app.services.areas import resolve_scope
from app.store.db import Ledger
from tests.helpers.pdf import pdf_text


def test_the_public_list_masks_old_identity_numbers_and_dotted_mobiles(
    ledger: Ledger, tmp_path: Path
) -> None:
    community = records.create(ledger, "communities", {"name": "东七路社区", "street": "解放门街道",
                                                      "code": "610102005001"})
    for n, (content, reply) in enumerate([
        ("老人身份证号610102400203123，希望上门助浴", "已登记，联系138.1234.5678回访"),
        ("3号楼2单元501住户反映电梯故障，电话１３９．８７６５．４３２１",
         "预算12000元，2026.11.30前完成"),
        ("联系+86.150.1122.3344，身份证610103 851231 004", "已转社区代码610102005001办理"),
    ]):
        records.create(ledger, "demands", {"community": community, "content": content,
                                           "reply": reply, "received_on": f"2026-11-0{n + 1}"})
    out = tmp_path / "公示.pdf"
    reports.demand_list(ledger, resolve_scope(ledger, "community:610102005001"), out,
                        today=dt.date(2026, 11, 26))
    printed, _pages = pdf_text(out)
    for masked in ("610102*****3123", "138****5678", "139****4321", "150****3344",
                   "610103*****1004"):
        assert masked in printed, masked
    for secret in ("400203", "610102400203123", "1234.5678", "８７６５", "8765", "1122",
                   "851231", "610103851231004"):
        assert secret not in printed, secret
    for kept in ("3号楼2单元501", "12000元", "2026.11.30", "610102005001"):
        assert kept in printed, kept  # ordinary numbers stay as they were
