"""A street's key may write its own street's records only: as they are held, and as written.

Issue 11, finding 2: the scope check looked only at the values a bundle writes, so a bundle signed
by an enrolled 解放门街道 key took over a 南院门街道 community, moved, rewrote and deleted its
demand, detached a project and created one that belongs nowhere. DESIGN.md: both the record as
held and the values written must be inside the signer's scope; a record with no area is inside
no street; operators are shared, but only a district or the city deletes one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.errors import UsageError
from app.services import records
from app.services.areas import resolve_scope
from app.services.setup import init_ledger
from app.store.db import Ledger, open_ledger
from app.sync import keys
from app.sync.apply import apply_bundle
from app.sync.outcome import Status
from tests.app.sync import forge
from tests.app.sync.ledgers import OTHER_STREET, STREET, full_dump, public_key_text
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices, copy_ledgers, template_time


@dataclass
class City:
    """The city's ledger holding two streets' records, and a 解放门街道 laptop it enrolled."""

    city: Ledger
    laptop: Ledger
    folder: Path
    ours: str  # 东七路社区, in 解放门街道
    theirs: str  # 四府街社区, in 南院门街道
    demand: str  # of 四府街社区
    project: str  # of 四府街社区
    operator: str

    def area(self, ref: str) -> str:
        scope = resolve_scope(self.city, ref)
        assert scope is not None and scope.id is not None
        return scope.id

    def send(self, *rows: dict, entity: str, sender: Ledger | None = None) -> Path:
        """One bundle (sequence 1) of these rows, signed by the laptop (or `sender`)."""
        return forge.signed(sender or self.laptop, self.folder / uuid.uuid4().hex,
                            {f"data/{entity}.jsonl": forge.lines(*rows)}, seq=(1, 1))

    def row(self, record_id: str, /, **values: object) -> dict:
        return forge.row(record_id, self.laptop.device, forge.hlc(self.laptop), **values)


@pytest.fixture(scope="module")
def city_template(devices: Devices,
                  tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The city's ledger (records of two streets) and a 解放门街道 laptop it enrolled, each made
    by init, closed; the ids of the records. Each test copies them."""
    folder = tmp_path_factory.mktemp("city")
    with template_time():
        city = devices.open(folder / "市" / "台账.db", role="city")
        laptop = devices.open(folder / "解放门" / "台账.db", role="street", area=STREET)
        keys.enroll(city, public_key_text(laptop), resolve_scope(city, f"street:{STREET}"))
        ours = records.create(city, "communities", {"name": "东七路社区", "street": STREET})
        theirs = records.create(city, "communities", {"name": "四府街社区",
                                                      "street": OTHER_STREET})
        demand = records.create(city, "demands", {"community": theirs, "content": "加装电梯"})
        project = records.create(city, "projects", {"name": "四府街社区嵌入式服务综合体",
                                                     "tier": "其他", "community": theirs})
        operator = records.create(city, "operators", {"name": "西安市幸福养老服务有限公司"})
        city.close()
        laptop.close()
    return folder, [ours, theirs, demand, project, operator]


@pytest.fixture
def city(city_template: tuple[Path, list[str]], tmp_path: Path) -> Iterator[City]:
    template, ids = city_template
    copy_ledgers(template, tmp_path)
    city = open_ledger(tmp_path / "市" / "台账.db")
    laptop = open_ledger(tmp_path / "解放门" / "台账.db")
    yield City(city, laptop, tmp_path / "U盘", *ids)
    city.close()
    laptop.close()


ATTACKS = {
    "take over another street's community": (
        "community", lambda c: c.row(c.theirs, street=c.area(f"street:{STREET}"),
                                     name="被占社区")),
    "move another street's demand into its own community": (
        "demand", lambda c: c.row(c.demand, community=c.ours)),
    "rewrite another street's demand": (
        "demand", lambda c: c.row(c.demand, content="改写的内容")),
    "delete another street's demand": (
        "demand", lambda c: c.row(c.demand, deleted=True)),
    "rename and detach another street's project": (
        "project", lambda c: c.row(c.project, name="改名", community=None, street=None)),
    "create a project that belongs nowhere": (
        "project", lambda c: c.row(str(uuid.uuid4()), name="无处的项目", tier="other")),
    "attach a file to another street's demand": (
        "attachment", lambda c: c.row(str(uuid.uuid4()), entity="demand", record_id=c.demand,
                                      sha256="0" * 64, filename="x.jpg")),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_another_streets_records_cannot_be_taken_moved_changed_or_detached(
        city: City, attack: str) -> None:
    entity, make = ATTACKS[attack]
    path = city.send(make(city), entity=entity)
    before = full_dump(city.city)
    outcome = apply_bundle(city.city, path)
    assert outcome.status == Status.REJECTED, (attack, outcome.message)
    assert "不在发送设备负责的区域内，整包拒收" in outcome.message
    assert full_dump(city.city) == before


def test_the_same_rows_inside_its_own_street_go_in(city: City) -> None:
    project = str(uuid.uuid4())
    path = city.send(city.row(project, name="东七路社区助餐点", tier="other",
                              community=city.ours), entity="project")
    assert apply_bundle(city.city, path).status == Status.APPLIED
    assert records.get(city.city, "projects", project)["community"] == city.ours


def test_operators_are_shared_but_only_a_district_or_the_city_deletes_one(
        devices: Devices, city: City, tmp_path: Path) -> None:
    edit = city.send(city.row(city.operator, phone="029-87654321", kind="enterprise"),
                     entity="operator")
    assert apply_bundle(city.city, edit).status == Status.APPLIED  # any office may edit one
    created = str(uuid.uuid4())
    second = forge.signed(city.laptop, city.folder / "2", {"data/operator.jsonl": forge.lines(
        city.row(created, name="新城区社区食堂运营中心"))}, seq=(2, 2),
        prev=forge.manifest_sha(edit))
    assert apply_bundle(city.city, second).status == Status.APPLIED  # or create one
    deleting = forge.signed(city.laptop, city.folder / "3", {"data/operator.jsonl": forge.lines(
        city.row(city.operator, deleted=True))}, seq=(3, 3), prev=forge.manifest_sha(second))
    before = full_dump(city.city)
    outcome = apply_bundle(city.city, deleting)
    assert outcome.status == Status.REJECTED and "只能由区县或市删除" in outcome.message
    assert full_dump(city.city) == before

    district = devices.open(tmp_path / "新城区" / "台账.db", role="district", area="新城区")
    try:
        keys.enroll(city.city, public_key_text(district), resolve_scope(city.city,
                                                                         "district:新城区"))
        by_district = forge.signed(district, city.folder / "4", {
            "data/operator.jsonl": forge.lines(forge.row(
                city.operator, district.device, forge.hlc(district), deleted=True))},
            seq=(1, 1))
        assert apply_bundle(city.city, by_district).status == Status.APPLIED
        assert records.get(city.city, "operators", city.operator, include_deleted=True)[
            "deleted"]
    finally:
        district.close()


def test_the_command_line_refuses_the_whole_bundle_with_exit_3(city: City) -> None:
    path = city.send(city.row(city.theirs, street=city.area(f"street:{STREET}")),
                     entity="community")
    before = full_dump(city.city)
    city.city.close()
    done = run("--db", city.city.path, "bundle", "import", path)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "整包拒收" in done.stdout and "Traceback" not in done.stderr
    reopened = init_ledger(city.city.path)
    try:
        assert full_dump(reopened) == before
    finally:
        reopened.close()


def test_a_street_ledger_does_not_delete_a_shared_operator_so_its_sync_never_sticks(
        city: City) -> None:
    street = city.laptop
    operator = records.create(street, "operators", {"name": "解放门街道助餐服务中心"})
    with pytest.raises(UsageError, match="只能由区县或市删除"):
        records.delete(street, "operators", operator)
    assert records.get(street, "operators", operator)["name"] == "解放门街道助餐服务中心"
    records.delete(city.city, "operators", city.operator)  # the city may
