"""`python -m ui --screenshots DIR`: every page and the main dialogs, once loaded, as PNGs."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.domain import china_time
from app.errors import KnownError
from app.services import records
from app.services.records import Query
from ui import tasks
from ui.camera import Camera
from ui.main_window import MainWindow
from ui.pages.base import Page
from ui.pages.records_page import RecordsPage
from ui.screens import DEFAULT, ScreenSize
from ui.widgets import fitting
from ui.widgets.loader import Loader

if TYPE_CHECKING:
    from app.services.revocation import Received
    from app.services.sync import DeviceState
    from app.sync.keyfile import KeyFile

SETTLE_MS = 150
POLL_MS = 50
PAGE_TIMEOUT_S = 60.0
"""A page still loading after this long is taken as it is (and said so)."""

APART = ("programme",)
"""Pages the tour pictures apart (after the dialogs, so that the others keep their numbers)."""

FORMS = (("spaces", "space_form"), ("demands", "demand_form"))
"""The record forms pictured: entity and file name."""

Wait = Callable[[], bool]


def save_png(widget: QWidget, path: Path) -> Path:
    """Render a widget (offscreen too) to a PNG file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path), "PNG"):
        message = QCoreApplication.translate("screenshots", "Cannot write the screenshot: {path}")
        raise OSError(message.format(path=path))
    return path


def page_busy(page: Page) -> bool:
    """True while a page still reads its data in a worker."""
    if any(loader.busy for loader in page.findChildren(Loader)):
        return True
    return bool(tasks.running(page))


def _settled(ms: int = SETTLE_MS) -> Wait:
    """A wait that ends after `ms` milliseconds of events (queued results, layout, painting)."""
    until = time.monotonic() + ms / 1000
    return lambda: time.monotonic() >= until


def _loaded(page: Page) -> Wait:
    started = time.monotonic()

    def done() -> bool:
        if not page_busy(page):
            return True
        if time.monotonic() - started > PAGE_TIMEOUT_S:
            print(f"{page.objectName()}: still loading after {PAGE_TIMEOUT_S:.0f} s",
                  file=sys.stderr)
            return True
        return False

    return done


def _record_form(window: MainWindow, entity: str) -> QDialog | None:
    """The form of the first record of an entity in the demo data (a new one if there is none)."""
    from ui.forms.record_form import RecordFormDialog  # the forms load only for the pictures

    ledger = window.ledger
    assert ledger is not None
    found = records.list_records(ledger, entity, Query(limit=1))
    record_id = found[0]["id"] if found else None
    try:
        return RecordFormDialog(ledger, entity, record_id=record_id, parent=window)
    except KnownError as exc:
        print(f"{entity}: {exc}", file=sys.stderr)
        return None


def sample_import(window: MainWindow, folder: Path) -> Path:
    """A workbook as a street might send it: demands (some wrong), operators, a notes sheet."""
    from openpyxl import Workbook  # only for this picture

    ledger = window.ledger
    assert ledger is not None
    names = [c["name"] for c in records.list_records(ledger, "communities", Query(limit=3))]
    names = (names or ["东七路社区"]) * 3
    day = china_time.today().replace(day=1)
    book = Workbook()
    demands = book.active
    assert demands is not None
    demands.title = "需求清单"
    demands.append(["居民需求登记表"])
    demands.append(["序号", "所属社区", "功能类别", "需求内容", "涉及人数", "紧急程度", "登记日期",
                    "走访人"])
    rows = [
        (names[0], "养老服务", "希望社区食堂延长晚餐供应时间", 35, "一般", day),
        (names[1], "儿童托管", "放学后无人看护，希望开设四点半课堂", 18, "紧急", day),
        (names[2], "体育健身", "小区广场增设健身器材", 60, "一般", day),
        ("幸福里社区", "社区助餐", "增设老年助餐点", 20, "一般", day),
        (names[0], "婴幼儿托育", "", 12, "一般", day),
        (names[1], "健康服务", "希望每月开展一次义诊", "约三十", "很急", "2026-13-01"),
        (names[2], "文化休闲", "开放社区图书室周末时段", 25, "一般", day),
    ]
    for n, row in enumerate(rows, start=1):
        demands.append([n, *row, "网格员"])
    operators = book.create_sheet("运营主体")
    operators.append(["名称", "联系人", "联系电话", "地址"])
    operators.append(["新城区乐龄养老服务中心", "王敏", "029-87654321", "新城区长乐路12号"])
    operators.append(["西安童心托育有限公司", "李娜", "13800291234", "新城区韩森路8号"])
    _updated_communities(window, book.create_sheet("社区"))
    notes = book.create_sheet("填表说明")
    notes.append(["请按社区逐条填写，日期格式为 2026-01-01"])
    path = folder / "社区报送台账.xlsx"
    book.save(path)
    return path


def _updated_communities(window: MainWindow, sheet: Any) -> None:
    """Two communities of the demo as the street sends them again: new figures (the preview
    lists each, field: old → new)."""
    ledger = window.ledger
    assert ledger is not None
    sheet.append(["社区代码", "社区名称", "街道", "常住人口", "户数"])
    found = records.list_records(ledger, "communities", Query(limit=2))
    streets = records.references(ledger, records.spec_of("communities"), found)
    for community in found:
        street = streets.get(community.get("street") or "", {}).get("name")
        sheet.append([community["code"], community["name"], street,
                      (community.get("population") or 3000) + 120,
                      (community.get("households") or 1000) + 35])


def _backups_dialog(window: MainWindow) -> QDialog:
    dialog = window.backups_dialog()
    if dialog is None:
        raise RuntimeError("no ledger open for the backups dialog")
    return dialog


def _import_preview(window: MainWindow) -> Iterator[Wait]:
    """Drop the sample workbook on the window and wait for its preview."""
    folder = Path(tempfile.mkdtemp(prefix="import-"))
    try:
        window.importer.import_paths([sample_import(window, folder)])
        yield lambda: window.importer.dialog is not None or window.importer.task is None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _throwaway_key() -> KeyFile:
    """A key file's content for a key made for the picture only."""
    import secrets

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from app.sync import keyfile, minisign

    return keyfile.KeyFile(
        minisign.public_key(secrets.token_bytes(8), Ed25519PrivateKey.generate()),
        X25519PrivateKey.generate().public_key().public_bytes_raw(), keyfile.FORMATS)


def _enroll_dialog(window: MainWindow) -> QDialog:
    """登记设备 as a street office sees it for a new laptop's key (a throwaway key)."""
    from app.services.areas import area_tree
    from app.store.areas import Scope
    from ui.dialogs.enroll_dialog import EnrollDialog, enroll_areas

    ledger = window.ledger
    assert ledger is not None
    nodes = area_tree(ledger)
    streets = [street for node in nodes for street in node.children if street.children]
    default = (Scope(streets[0].level, streets[0].id, streets[0].name, streets[0].code)
               if streets else None)
    return EnrollDialog(_throwaway_key(), Path("走访笔记本.pub"), enroll_areas(nodes, None),
                        default, window)


def _trust_dialog(window: MainWindow) -> QDialog:
    """信任上级公钥 for the district's key file (a throwaway key)."""
    from ui.dialogs.trust_dialog import TrustDialog

    return TrustDialog(_throwaway_key(), Path("新城区公钥.pub"), None, window)


def _stolen_laptop() -> DeviceState:
    """A field laptop enrolled at the street, as the devices list would show it (a throwaway
    key), which has sent seven changes in three bundles."""
    from app.services.sync import DeviceState

    key = _throwaway_key()
    return DeviceState(key.fingerprint, "走访笔记本 2 号", "解放门街道", 7, 3, code=key.code,
                       last_contact=china_time.utc_now())


def _received() -> list[Received]:
    """The stolen laptop's three bundles, received over the last nine days."""
    import datetime as dt

    from app.services.revocation import Received

    now = china_time.utc_now()
    return [Received(1, 3, now - dt.timedelta(days=9)), Received(4, 4, now - dt.timedelta(days=5)),
            Received(5, 7, now - dt.timedelta(days=1))]


def _revoke_dialog(window: MainWindow) -> QDialog:
    """吊销设备 for the stolen laptop, its second bundle chosen and the tick box ticked."""
    from ui.dialogs.revoke_dialog import RevokeDialog

    dialog = RevokeDialog(_stolen_laptop(), _received(), window)
    dialog.choose_bundle(4)
    dialog.confirm_box.setChecked(True)
    return dialog


def _review_dialog(window: MainWindow) -> QDialog:
    """The review after revoking the stolen laptop from its second bundle: the demo's first
    demands and spaces as the records its bundles changed."""
    from app.services.revocation import ACTIONS, ReviewBundle, TouchedRecord
    from ui.dialogs.revocation_review import RevocationReviewDialog

    ledger = window.ledger
    assert ledger is not None
    touched = []
    for entity, fields in (("demands", ("content", "urgency")), ("spaces", ("usage",))):
        spec = records.spec_of(entity)
        for n, record in enumerate(records.list_records(ledger, entity, Query(limit=3))):
            title = str(record.get(spec.title_field) or record["id"])
            touched.append(TouchedRecord(spec.name, spec.label, record["id"], title,
                                         ACTIONS["conflict" if n == 2 else "merge"],
                                         tuple(spec.field(f).label for f in fields
                                               if f in spec.by_name)))
    device = _stolen_laptop()
    bundles = _received()
    review = [ReviewBundle(device.fingerprint, b.seq_from, b.seq_to,
                           b.applied_at.isoformat() if b.applied_at else None, part)
              for b, part in zip(bundles[1:], (touched[:2], touched[2:]), strict=True)]
    return RevocationReviewDialog(device.label, device.fingerprint, 4, review, parent=window)


def _show_connected(window: MainWindow) -> None:
    """The 同步 page as a connected street sees it: the district's key trusted, its relay set by
    a connection file, every change delivered, the last round a few minutes ago (shown only: the
    ledger is not changed)."""
    import dataclasses
    import datetime as dt

    from app.services.relay_sync import RelayStatus
    from app.store.relays import UPWARD, Relay
    from ui.pages.sync.page import SyncPage
    from ui.pages.sync.relay_settings import RelaySettings

    page = next(page for page in window.pages if isinstance(page, SyncPage))
    view = page.view
    if view is None:
        raise RuntimeError("the sync page has not loaded")
    district = _throwaway_key()
    done = max(view.state.bundled_seq, view.state.bundled_seq + view.state.undelivered)
    state = dataclasses.replace(view.state, bundled_seq=done, delivered_seq=done, undelivered=0,
                                outbox=[], upstream=district.fingerprint,
                                upstream_code=district.code)
    relay = Relay(UPWARD, "https://relay.xincheng.example.gov.cn/cfl/jiefangmen/", "jiefangmen",
                  None, "", {"name": "新城区", "area": "610102"})
    page._show(dataclasses.replace(view, state=state,
                                   relays=RelaySettings(relay, None, collects=False)))
    now = china_time.utc_now()
    status = RelayStatus(configured=True, online=True, undelivered=0,
                         last_delivery=now - dt.timedelta(minutes=3),
                         next_try=now + dt.timedelta(minutes=2), last_error=None)
    page.relay.show_status(status)
    page.relay.sync_button.setEnabled(True)  # as with a relay the window's rounds use
    window._show_relay(status)
    window._show_changes(0)
    window.statusBar().clearMessage()


class _Export(QObject):
    """An export as the progress dialog follows it, for the picture (nothing is written)."""

    progress_changed = Signal(int, int, str)
    """Progress: done, total and what is being done."""
    finished = Signal()
    """The export ended."""

    def cancel(self) -> None:
        """Nothing runs to be cancelled."""


def _reports(window: MainWindow, camera: Camera, number: int) -> Iterator[Wait]:
    """报表 while the ledgers are exported (its progress dialog and line), then once the export
    and a PDF report are made (the page's results, with their open-folder buttons)."""
    from app.io import layout
    from app.store.areas import CITY
    from ui.pages.reports_page import Exported, ReportsPage
    from ui.printing import Printed, Report, ReportRequest
    from ui.widgets.task_progress import TaskProgress

    page = window.show_page("reports")
    assert isinstance(page, ReportsPage)
    yield _loaded(page)
    export = _Export(page)
    name, label = page.ledgers_export()
    page._say(label)
    progress = TaskProgress(export, label, window, delay_ms=0)
    progress.show()
    export.progress_changed.emit(3, 8, records.spec_of("spaces").label)
    yield _settled()
    print(camera.dialog(window, progress, f"{number:02d}_reports_progress", page=page))
    export.finished.emit()
    folder = Path.home() / "台账报表"
    ledger = window.ledger
    assert ledger is not None
    rows = sum(records.count(ledger, spec.plural) for spec in layout.ledger_specs())
    page._on_exported(Exported(folder / name, rows))
    printer = page.printer
    printer.open_file = lambda _path: True  # as if a PDF viewer showed it
    request = ReportRequest(Report.PUBLIC_LIST, page.scope or CITY)
    printer._on_printed(Printed(request, folder / printer.file_name(request), 3, 42))
    yield _settled()
    print(camera.page(window, page, f"{number + 1:02d}_reports_result"))


def tour(window: MainWindow, camera: Camera) -> Iterator[Wait]:
    """Show each page, then each dialog, and picture it once loaded; yields what to wait for."""
    camera.set_up(window)  # again, now that the window is shown with its frame
    window.key_reminder.set_quiet(True)  # pictured once, on its own, at the end
    number = 0
    for page in window.pages:
        if page.objectName() in APART:
            continue
        number += 1
        window.view.show_page(page)
        yield _loaded(page)
        yield _settled()
        print(camera.page(window, page, f"{number:02d}_{page.objectName()}"))
    for entity, name in FORMS:
        number += 1
        form = _record_form(window, entity)
        if form is None:
            continue
        form.show()
        yield _settled()
        print(camera.dialog(window, form, f"{number:02d}_{name}"))
        form.reject()
        form.deleteLater()
    number += 1
    about = window.about_box()
    about.show()
    yield _settled()
    print(camera.dialog(window, about, f"{number:02d}_about"))
    about.reject()
    about.deleteLater()
    number += 1
    yield from _import_preview(window)
    dialog = window.importer.dialog
    if dialog is None:
        raise RuntimeError("the import preview did not open")
    yield _settled()
    print(camera.dialog(window, dialog, f"{number:02d}_import_preview"))
    dialog.reject()
    number += 1
    for make, name in ((_enroll_dialog, "enroll_device"), (_trust_dialog, "trust_upstream"),
                       (_revoke_dialog, "revoke_device"), (_review_dialog, "revocation_review")):
        shown = make(window)
        shown.show()
        yield _settled()
        print(camera.dialog(window, shown, f"{number:02d}_{name}"))
        shown.reject()
        shown.deleteLater()
        number += 1
    page = window.show_page("sync")
    yield _loaded(page)
    _show_connected(window)
    yield _settled()
    print(camera.page(window, page, f"{number:02d}_sync_connected"))
    number += 1
    yield from _backups(window, camera, f"{number:02d}_backups")
    yield from _reports(window, camera, number + 1)
    yield from _set_up(window, camera, number + 3)
    yield from _hints_and_guide(window, camera, number + 5)
    yield from _programme(window, camera, number + 9)
    yield from _programme_directory(window, camera, number + 11)
    yield from _key_reminder(window, camera, number + 12)
    print(camera.finish())


def _key_reminder(window: MainWindow, camera: Camera, number: int) -> Iterator[Wait]:
    """概览 under the bar that asks for the data key's recovery file (never shown on the demo
    ledger itself: pictured as a real ledger with names and phones shows it)."""
    page = window.show_page("overview")
    window.key_reminder.present()
    window.statusBar().clearMessage()
    yield _loaded(page)
    yield _settled()
    print(camera.page(window, page, f"{number:02d}_key_reminder"))
    window.key_reminder.set_quiet(True)


def _set_up(window: MainWindow, camera: Camera, number: int) -> Iterator[Wait]:
    """文件 → 本机设置: the wizard's first page, and a street's official communities ticked."""
    wizard = window.setting_up.open()
    if wizard is None:
        raise RuntimeError("the set-up did not open")
    yield _settled()
    print(camera.dialog(window, wizard, f"{number:02d}_setup_role"))
    wizard.next()
    wizard.areas.choose("解放门街道")
    wizard.next()
    wizard.next()
    yield _settled()
    print(camera.dialog(window, wizard, f"{number + 1:02d}_setup_communities"))
    wizard.reject()


def _backups(window: MainWindow, camera: Camera, name: str) -> Iterator[Wait]:
    """文件 → 备份与恢复, as the demo ledger's backups are."""
    dialog = _backups_dialog(window)
    dialog.show()
    yield _settled()
    print(camera.dialog(window, dialog, name))
    dialog.reject()
    dialog.deleteLater()


def _empty_street(window: MainWindow) -> QModelIndex | None:
    """The tree's first street without a community (the demo fills three)."""
    from app.domain.enums import Level
    from ui.models.area_tree import COMMUNITIES_ROLE

    for index, scope in window.areas.scopes():
        if scope.level is Level.STREET and not index.data(COMMUNITIES_ROLE):
            return index
    return None


def _hints_and_guide(window: MainWindow, camera: Camera, number: int) -> Iterator[Wait]:
    """What an empty list says (a street with no community yet; a search that finds nothing),
    the field-visit window, and 帮助 → 使用说明."""
    from ui.fieldvisit import FieldVisitWindow
    from ui.help.guide import GuideDialog

    tree = window.view.tree
    chosen = tree.currentIndex()
    empty = _empty_street(window)
    if empty is None:
        print("no street without communities: no picture of an empty list", file=sys.stderr)
    else:
        tree.setCurrentIndex(empty)
        page = window.show_page("communities")
        yield _loaded(page)
        yield _settled()
        print(camera.page(window, page, f"{number:02d}_empty_area"))
        tree.setCurrentIndex(chosen)
    number += 1
    page = window.show_page("demands")
    yield _loaded(page)
    if isinstance(page, RecordsPage):
        page.search.setText("没有这样的需求")
        page.search.returnPressed.emit()
        yield _settled()
        print(camera.page(window, page, f"{number:02d}_empty_search"))
        page.clear_narrowing()
    number += 1
    ledger = window.ledger
    assert ledger is not None
    visit = FieldVisitWindow(ledger, window.bus, window.page("overview").scope, window)
    if camera.size.window is not None:
        visit.resize(*camera.size.window)
        fitting.place(visit)
    else:  # full screen, as it opens, but for the (emulated) taskbar
        visit.setGeometry(fitting.room(visit))
    visit.show()
    yield _settled(3 * SETTLE_MS)
    found = records.list_records(ledger, "communities", Query(limit=1))
    if found:
        visit._choose_community(found[0]["id"])  # the second step: what to do there
        yield _settled()
    print(camera.dialog(window, visit, f"{number:02d}_field_visit"))
    visit.close()
    visit.deleteLater()
    number += 1
    guide = GuideDialog(window)
    guide.show()
    yield _settled()
    print(camera.dialog(window, guide, f"{number:02d}_user_guide"))
    guide.reject()
    guide.deleteLater()


def _programme(window: MainWindow, camera: Camera, number: int) -> Iterator[Wait]:
    """统筹 as the city's work team sees it, then as a district's (the first in the tree with
    streets that hold data)."""
    from app.domain.enums import Level
    from ui.models.area_tree import COMMUNITIES_ROLE
    from ui.pages.programme_page import ProgrammePage

    tree = window.view.tree
    chosen = tree.currentIndex()
    page = window.show_page("programme")
    tree.setCurrentIndex(window.areas.index(0, 0))  # the city, at the top of the tree
    yield _loaded(page)
    yield _settled()
    print(camera.page(window, page, f"{number:02d}_programme_city"))
    district = next((index for index, scope in window.areas.scopes()
                     if scope.level is Level.DISTRICT and index.data(COMMUNITIES_ROLE)), None)
    if district is not None:
        tree.setCurrentIndex(district)
        yield _loaded(page)
        yield _settled()
        if isinstance(page, ProgrammePage):  # its ranking, assessment and reporting
            page.scroll_to(page.ranking_section)
            yield _settled()
        print(camera.page(window, page, f"{number + 1:02d}_programme_district"))
    tree.setCurrentIndex(chosen)


def _programme_directory(window: MainWindow, camera: Camera, number: int) -> Iterator[Wait]:
    """统筹 → 项目名录 as this ledger holds it, its first entry selected (its history shown)."""
    from ui.pages.programme_page import ProgrammePage

    page = window.show_page("programme")
    if not isinstance(page, ProgrammePage):
        return
    dialog = page.open_directory()
    if dialog is None:
        raise RuntimeError("no ledger open for the programme directory")
    entries = getattr(dialog, "entries", None)
    if entries is not None and entries.topLevelItemCount():
        entries.setCurrentItem(entries.topLevelItem(0))
    yield _settled()
    print(camera.dialog(window, dialog, f"{number:02d}_programme_directory"))
    dialog.reject()


class _Runner(QObject):
    """Steps through a tour, polling each wait without blocking the event loop."""

    def __init__(self, steps: Iterator[Wait], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps = steps
        self._wait: Wait | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._timer.start()

    def _tick(self) -> None:
        try:
            if self._wait is not None and not self._wait():
                return
            self._wait = next(self._steps)
        except StopIteration:
            self._timer.stop()
            QCoreApplication.exit(0)
        except Exception as exc:  # a picture that cannot be taken ends the run with a message
            self._timer.stop()
            print(exc, file=sys.stderr)
            QCoreApplication.exit(1)


def capture_after_load(window: MainWindow, folder: Path, size: ScreenSize = DEFAULT) -> None:
    """Once the ledger has loaded, save every page and dialog to DIR and quit (1 on failure)."""
    camera = Camera(folder, size)
    camera.set_up(window)
    runner = _Runner(tour(window, camera), window)

    def failed(message: str) -> None:
        print(message, file=sys.stderr)
        QCoreApplication.exit(1)

    window.ledger_loaded.connect(runner.start)
    window.open_failed.connect(failed)
    window.recovery_requested.connect(lambda _damage: failed("the database is damaged"))
