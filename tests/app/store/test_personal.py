"""Personal fields at rest: sealed in the record, its history and backups, never in the search
index, the WAL or a bundle's payload as a token; found by an exact HMAC match; read as typed."""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import sqlite3
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.errors import UsageError
from app.services import imports, records
from app.services.records import Query
from app.store import backup, datakey, personal
from app.store.db import Ledger, open_ledger
from app.sync import bundle, keys
from app.sync.apply import apply_bundle
from tests.app.store.util import add_plain_demands, plain_bytes_in, rows, scalar
from tests.app.sync.ledgers import public_key_text
from tests.helpers import keyrings
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices

NAME, PHONE, NEW_PHONE = "王秀英", "13912345678", "029-88776655"
SECRETS = (NAME, PHONE, NEW_PHONE, "88776655")


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[Ledger]:
    ledger = open_ledger(path)
    try:
        yield ledger
    finally:
        ledger.close()


def _demand(ledger: Ledger, community: str, content: str = "希望增设助餐点",
            **values: object) -> str:
    return records.create(ledger, "demands", {"community": community, "content": content,
                                              **values})


def test_saved_and_updated_values_rest_sealed_and_read_as_typed(
        ledger: Ledger, community: str) -> None:
    demand = _demand(ledger, community, reporter=NAME, phone=PHONE)
    records.update(ledger, "demands", demand, {"phone": NEW_PHONE, "reply": "已联系"})

    got = records.get(ledger, "demands", demand)
    assert (got["reporter"], got["phone"]) == (NAME, NEW_PHONE)
    changes = [h["changes"] for h in records.history(ledger, "demands", demand)]
    assert changes[0]["reporter"] == [None, NAME]
    assert changes[1]["phone"] == [PHONE, NEW_PHONE]
    raw = rows(ledger, "SELECT reporter, phone FROM demand WHERE id = :id", id=demand)[0]
    assert all(v.startswith(personal.PREFIX) for v in raw)
    stored = [json.loads(r[0]) for r in rows(ledger, "SELECT changes FROM history WHERE "
                                             "record_id = :id", id=demand)]
    assert stored[1]["phone"][0].startswith("enc1:") and stored[1]["phone"][1].startswith("enc1:")
    assert plain_bytes_in(ledger.path, SECRETS) == []

    # two equal values seal differently (a random nonce each)
    other = _demand(ledger, community, "小区缺少托育机构", reporter=NAME)
    sealed = [r[0] for r in rows(ledger, "SELECT reporter FROM demand WHERE id IN (:a, :b)",
                                 a=demand, b=other)]
    assert len(set(sealed)) == 2


def test_a_sealed_value_moved_to_another_row_or_field_does_not_open(
        ledger: Ledger, community: str) -> None:
    first = _demand(ledger, community, reporter=NAME, phone=PHONE)
    second = _demand(ledger, community, "小区缺少托育机构", reporter="李四")
    token = scalar(ledger, "SELECT reporter FROM demand WHERE id = :id", id=first)
    with ledger.write() as conn:
        conn.exec_driver_sql("UPDATE demand SET reporter = ?, phone = ? WHERE id = ?",
                             (token, token, second))
    moved = records.get(ledger, "demands", second)
    assert moved["reporter"] == moved["phone"] == personal.BROKEN_TEXT
    assert records.get(ledger, "demands", first)["reporter"] == NAME


def test_exact_search_by_reporter_or_phone_and_no_sort_key(
        ledger: Ledger, community: str) -> None:
    wanted = _demand(ledger, community, reporter=NAME, phone=PHONE)
    _demand(ledger, community, "小区缺少托育机构", reporter="王秀", phone="13912345679")

    def ids(query: Query) -> list[str]:
        return [r["id"] for r in records.list_records(ledger, "demands", query)]

    assert ids(Query(filters={"phone": "139-1234-5678"})) == [wanted]  # digits compared
    assert ids(Query(filters={"联系人": f" {NAME} "})) == [wanted]
    assert ids(Query(search=PHONE)) == [wanted]
    assert ids(Query(search="１３９ １２３４ ５６７８")) == [wanted]  # full-width, spaced
    assert ids(Query(search=NAME)) == [wanted]
    assert ids(Query(search="秀英")) == []  # no partial match: the name is in no text index
    assert ids(Query(search="助餐点")) and records.count(ledger, "demands", Query(search=NAME)) == 1
    # the text matches and the exact personal ones, together
    told = _demand(ledger, community, f"{NAME}反映楼道灯坏了")
    assert ids(Query(search=NAME)) == [wanted, told]
    assert ids(Query(search=f"{NAME} 楼道")) == [told]  # two words: only the text can match
    records.update(ledger, "demands", wanted, {"phone": None})
    assert ids(Query(filters={"phone": PHONE})) == []
    assert scalar(ledger, "SELECT count(*) FROM personal_index WHERE record_id = :id "
                  "AND field = 'phone'", id=wanted) == 0
    with pytest.raises(UsageError, match="不能按“联系人”排序"):
        records.list_records(ledger, "demands", Query(sort="reporter"))
    # the index holds HMACs only
    digests = [r[0] for r in rows(ledger, "SELECT digest FROM personal_index")]
    assert digests and all(len(d) == 32 and NAME not in d for d in digests)


def test_excel_import_rests_sealed(ledger: Ledger, community: str, tmp_path: Path) -> None:
    path = tmp_path / "需求.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "群众需求"
    sheet.append(["所属社区", "需求内容", "联系人", "联系电话"])
    sheet.append(["东新社区", "希望增设老年助餐点", NAME, int(PHONE)])
    book.save(path)
    imports.import_file(ledger, path)
    found = records.list_records(ledger, "demands", Query(filters={"phone": PHONE}))
    assert [(r["reporter"], r["phone"]) for r in found] == [(NAME, PHONE)]
    assert plain_bytes_in(ledger.path, SECRETS) == []


def test_an_unsealed_bundle_holds_personal_values_back_and_the_first_sealed_one_sends_them(
        devices: Devices, tmp_path: Path) -> None:
    """Before the office above's encryption key is known, a bundle (on a stick) carries no
    reporter, contact or phone; the first bundle sealed to it does, and the receiver seals them
    again with its own key."""
    street = devices.open(tmp_path / "街道" / "台账.db", role="street", area="解放门街道")
    district = devices.open(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    try:
        from app.services.areas import resolve_scope
        from app.sync import keyfile

        scope = resolve_scope(district, "street:解放门街道")
        assert scope is not None
        keys.enroll(district, public_key_text(street), scope)
        assert street.vault.key_id != district.vault.key_id
        community = records.create(street, "communities",
                                   {"name": "东七路社区", "street": "解放门街道"})
        demand = _demand(street, community, reporter=NAME, phone=PHONE)
        records.update(street, "demands", demand, {"phone": NEW_PHONE})
        operator = records.create(street, "operators", {"name": "康乐养老", "contact": NAME,
                                                        "phone": PHONE})
        unsealed = bundle.make_bundle(street)
        assert unsealed is not None and unsealed.withheld == 2
        assert "2 条记录的联系人和电话没有放进这个数据包" in (unsealed.withheld_note() or "")
        raw = unsealed.path.read_bytes()
        assert b"enc1:" not in raw and "希望增设助餐点".encode() in raw  # plain JSON lines
        assert [s for s in SECRETS if s.encode() in raw] == []

        assert apply_bundle(district, unsealed.path).status == "applied"
        got = records.get(district, "demands", demand)
        assert (got["content"], got["reporter"], got["phone"]) == ("希望增设助餐点", None, None)

        # the district's key file (with its encryption key) reaches the street: the next bundle
        # is sealed, and carries what was held back, though nothing else changed
        keys.trust_upstream(street, keyfile.own_key_file_text(district))
        records.update(street, "demands", demand, {"content": "希望增设老年助餐点"})
        sealed = bundle.make_bundle(street)
        assert sealed is not None and sealed.withheld == 0
        assert sealed.seq_from == unsealed.seq_to + 1
        raw = sealed.path.read_bytes()
        assert [s for s in (*SECRETS, "老年助餐点") if s.encode() in raw] == []
        assert apply_bundle(district, sealed.path).status == "applied"
        got = records.get(district, "demands", demand)
        assert (got["content"], got["reporter"], got["phone"]) == ("希望增设老年助餐点", NAME,
                                                                  NEW_PHONE)
        assert records.get(district, "operators", operator)["contact"] == NAME
        found = records.list_records(district, "demands", Query(filters={"phone": NEW_PHONE}))
        assert [r["id"] for r in found] == [demand]
        assert plain_bytes_in(district.path, SECRETS) == []
        assert plain_bytes_in(street.path, SECRETS) == []
        assert bundle.make_bundle(street) is None  # sent once: nothing is logged twice
    finally:
        street.close()
        district.close()


def test_bundle_create_on_a_stick_says_what_it_held_back(
        ledger: Ledger, community: str, tmp_path: Path) -> None:
    _demand(ledger, community, reporter=NAME, phone=PHONE)
    ledger.close()
    usb = tmp_path / "U盘"
    done = run("--db", ledger.path, "bundle", "create", "--out", usb)
    assert done.returncode == 0, done.stderr
    assert "1 条记录的联系人和电话没有放进这个数据包：上级的加密公钥还不知道" in done.stdout
    [written] = [p for p in usb.iterdir() if p.name.endswith(bundle.SUFFIX)]
    assert [s for s in SECRETS if s.encode() in written.read_bytes()] == []


def test_backups_hold_sealed_values_and_need_the_key(ledger: Ledger, community: str) -> None:
    demand = _demand(ledger, community, reporter=NAME, phone=PHONE)
    made = backup.create_backup(ledger.path, "manual")
    assert plain_bytes_in(made, SECRETS) == []
    conn = sqlite3.connect(made)
    try:
        token = conn.execute("SELECT phone FROM demand WHERE id = ?", (demand,)).fetchone()[0]
    finally:
        conn.close()
    assert token.startswith("enc1:")
    # with the key (the file beside the ledger), the backup reads as typed once restored
    path = ledger.path
    ledger.close()
    backup.restore_backup(path, made)
    reopened = open_ledger(path, renew_identity=True)
    try:
        assert records.get(reopened, "demands", demand)["phone"] == PHONE
    finally:
        reopened.close()


@pytest.mark.parametrize("garbage", [b"\xff\xfe", b"[]", b'{"format": 1, "keys": {"x": "bad"}}',
                                     b"[" * 100_000, b"{}" + b" " * 300_000],
                         ids=["not text", "a list", "a bad key", "nested", "too big"])
def test_a_damaged_key_file_stops_with_the_way_out_and_is_left_alone(
        ledger: Ledger, community: str, garbage: bytes) -> None:
    _demand(ledger, community, reporter=NAME, phone=PHONE)
    path = ledger.path
    ledger.close()
    datakey.datakey_path(path).write_bytes(garbage)
    done = run("--db", path, "list", "demands")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "内容不对" in done.stderr and "import-data-key" in done.stderr
    assert datakey.datakey_path(path).read_bytes() == garbage  # never replaced by a new key


def test_a_ledger_without_its_key_opens_shows_the_gap_and_refuses_to_write_or_send(
        ledger: Ledger, community: str) -> None:
    demand = _demand(ledger, community, reporter=NAME, phone=PHONE)
    path = ledger.path
    ledger.close()
    kept = datakey.datakey_path(path).read_bytes()
    datakey.datakey_path(path).unlink()

    lost = open_ledger(path)
    try:
        assert lost.vault.missing
        assert [n for n in lost.notices if "import-data-key" in n] == [personal.WAY_OUT]
        got = records.get(lost, "demands", demand)
        assert got["reporter"] == got["phone"] == personal.MISSING_TEXT
        assert got["content"] == "希望增设助餐点"
        history = records.history(lost, "demands", demand)
        assert history[0]["changes"]["phone"] == [None, personal.MISSING_TEXT]
        # other fields still change; a personal one cannot be sealed, a bundle cannot carry it
        records.update(lost, "demands", demand, {"reply": "已联系"})
        # a form sends back what it showed: the notices are left out, the sealed values kept
        records.update(lost, "demands", demand, {"reporter": personal.MISSING_TEXT,
                                                 "phone": personal.MISSING_TEXT,
                                                 "reply": "已上门"})
        with pytest.raises(UsageError, match="import-data-key"):
            records.update(lost, "demands", demand, {"phone": NEW_PHONE})
        with pytest.raises(UsageError, match="import-data-key"):
            bundle.make_bundle(lost)
        assert not any(datakey.datakey_path(path).parent.glob("*.datakey"))  # none made anew
    finally:
        lost.close()
    datakey.datakey_path(path).write_bytes(kept)
    found = open_ledger(path)
    try:
        assert records.get(found, "demands", demand)["phone"] == PHONE
        assert found.notices == []
    finally:
        found.close()


def test_the_key_goes_to_a_keyring_that_answers_and_to_the_file_otherwise(
        tmp_path: Path) -> None:
    memory = keyrings.Memory()
    with keyrings.using(memory):
        first = open_ledger(tmp_path / "a" / "台账.db", create=True)
        first.close()
    assert not datakey.datakey_path(first.path).exists()
    (name, kept), = [(k[1], v) for k, v in memory.kept.items()]
    assert name == f"data-key {first.vault.key_id}"
    assert len(base64.b64decode(kept)) == 32

    with keyrings.using(keyrings.Locked()):
        second = open_ledger(tmp_path / "b" / "台账.db", create=True)
        second.close()
    stored = json.loads(datakey.datakey_path(second.path).read_text())
    assert list(stored["keys"]) == [second.vault.key_id]
    assert datakey.datakey_path(second.path).stat().st_mode & 0o077 == 0


class Hanging(keyrings.Memory):
    """A keyring that never answers (a prompt nobody sees): each call waits until released."""

    def __init__(self) -> None:
        super().__init__()
        import threading

        self.release = threading.Event()
        self.calls = 0

    def set_password(self, service: str, username: str, password: str) -> None:
        """Waits."""
        self.calls += 1
        while not self.release.is_set():
            time.sleep(0.02)  # not Event.wait(timeout): it may hang under libfaketime

    def get_password(self, service: str, username: str) -> str | None:
        """Waits."""
        self.set_password(service, username, "")
        return None


def test_a_keyring_that_never_answers_does_not_block(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datakey, "KEYRING_WAIT", 0.3)
    hanging = Hanging()
    try:
        with keyrings.using(hanging):
            ledger = open_ledger(tmp_path / "台账.db", create=True)
            ledger.close()
            again = open_ledger(ledger.path)
            again.close()
        assert hanging.calls == 1  # the key found in the file: the keyring not asked again
        assert list(json.loads(datakey.datakey_path(ledger.path).read_text())["keys"]) == [
            ledger.vault.key_id]
        assert again.vault.key_id == ledger.vault.key_id and not again.vault.missing
    finally:
        hanging.release.set()


def test_a_new_laptop_reads_an_old_backup_after_importing_the_recovery_file(
        tmp_path: Path) -> None:
    old = tmp_path / "旧电脑" / "台账.db"
    assert run("--db", old, "init", "--role", "street", "--area", "解放门街道").returncode == 0
    with _opened(old) as ledger:
        community = records.create(ledger, "communities",
                                   {"name": "东七路社区", "street": "解放门街道"})
        demand = _demand(ledger, community, reporter=NAME, phone=PHONE)
    made = backup.create_backup(old, "manual")
    password = tmp_path / "密码.txt"
    password.write_text("恢复密码 correct horse\n", encoding="utf-8")
    recovery = tmp_path / "U盘" / "数据密钥.cfkey"
    recovery.parent.mkdir()
    done = run("--db", old, "keys", "export-data-key", "--out", recovery,
               "--password-file", password)
    assert done.returncode == 0, done.stderr
    assert recovery.stat().st_mode & 0o077 == 0
    assert NAME.encode() not in recovery.read_bytes()

    new = tmp_path / "新电脑" / "台账.db"
    assert run("--db", new, "init", "--role", "street", "--area", "解放门街道").returncode == 0
    done = run("--db", new, "backup", "restore", made)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("缺少数据密钥") == 1 and "import-data-key" in done.stderr
    with _opened(new) as ledger:
        assert records.get(ledger, "demands", demand)["phone"] == personal.MISSING_TEXT

    wrong = tmp_path / "错的密码.txt"
    wrong.write_text("not the password\n", encoding="utf-8")
    done = run("--db", new, "keys", "import-data-key", recovery, "--password-file", wrong)
    assert done.returncode != 0 and "恢复密码不对" in done.stderr
    done = run("--db", new, "keys", "import-data-key", recovery, "--password-file", password)
    assert done.returncode == 0, done.stderr
    assert "已导入本台账的数据密钥" in done.stdout
    with _opened(new) as ledger:
        got = records.get(ledger, "demands", demand)
        assert (got["reporter"], got["phone"]) == (NAME, PHONE)
        assert ledger.notices == []


def test_a_recovery_file_that_is_not_one_is_refused_in_chinese(tmp_path: Path) -> None:
    for raw in (b"", b"{}", b"[" * 100_000, json.dumps({"format": datakey.RECOVERY_FORMAT,
                "kdf": {"name": "scrypt", "n": 2**30, "r": 8, "p": 1}}).encode()):
        with pytest.raises(UsageError, match="不是数据密钥恢复文件"):
            datakey.open_recovery(raw, "whatever password", "文件.cfkey")
    with pytest.raises(UsageError, match="至少要 8 个字符"):
        datakey.recovery_bytes(datakey.new_key(), "short")
    # a real file with one thing changed: another format, another KDF, a cost that would take
    # a terabyte of memory (refused before any derivation, not tried)
    good = json.loads(datakey.recovery_bytes(datakey.new_key(), "a long password"))
    for change in ({"format": "cfl-datakey/9"}, {"kdf": {**good["kdf"], "name": "pbkdf2"}},
                   {"kdf": {**good["kdf"], "n": 2**30}}, {"kdf": {**good["kdf"], "r": 10**6}}):
        with pytest.raises(UsageError, match="不是数据密钥恢复文件"):
            datakey.open_recovery(json.dumps({**good, **change}).encode(), "a long password",
                                  "文件.cfkey")
    assert datakey.open_recovery(json.dumps(good).encode(), "a long password", "文件.cfkey")


def test_a_database_error_while_saving_shows_no_value_in_its_text_or_the_log(
        ledger: Ledger, community: str, caplog: pytest.LogCaptureFixture) -> None:
    with ledger.write() as conn:  # the database refuses every new demand
        conn.exec_driver_sql("CREATE TRIGGER refuse BEFORE INSERT ON demand "
                             "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    content = "楼下王阿姨家的老人需要上门助浴"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(Exception) as caught:
        _demand(ledger, community, content, reporter=NAME, phone=PHONE)
    # as the window's task runner logs an unexpected error: with its whole traceback
    logging.getLogger("ui.tasks").error("background task failed", exc_info=caught.value)
    told = "".join(traceback.format_exception(caught.value)) + caplog.text
    assert "refused" in told  # the error itself is there
    assert [v for v in (NAME, PHONE, content, "enc1:") if v in told] == []


def test_an_upgrade_leaves_no_plain_copy_in_the_file_or_its_wal(tmp_path: Path) -> None:
    from tests.app.store.test_migrations import make_revision_db

    path = tmp_path / "旧版本.db"
    make_revision_db(path, "0003")
    add_plain_demands(path, 0, 3000)  # a street's worth, with reporters and phones
    ledger = open_ledger(path, renew_identity=True)
    try:
        found = records.list_records(ledger, "demands", Query(filters={"phone": "13900002999"}))
        assert [r["reporter"] for r in found] == ["王秀英2999"]
        assert plain_bytes_in(path, ("王秀英", "1390000")) == []
    finally:
        ledger.close()
