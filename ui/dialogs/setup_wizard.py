"""The first-run set-up: who uses the ledger, the area, printouts, the official communities, and
what to do next. It only reads; the window writes what was chosen on the writer."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.domain.enums import Level, Role
from app.services import office_setup
from app.services.areas import issuing_unit
from app.services.office_setup import AreaChoice, OfficeSetup
from app.services.official import OfficialCommunity
from app.store.areas import Scope
from app.store.db import Ledger
from ui.widgets import fitting

OFFICIAL_ROLE = Qt.ItemDataRole.UserRole + 1
"""The OfficialCommunity a tick box stands for (None: one typed in by hand)."""


class Office(Enum):
    """The four kinds of office the set-up offers: a 开发区 is a district-level role on a zone."""

    STREET = "street"
    DISTRICT = "district"
    ZONE = "zone"
    CITY = "city"

    @property
    def role(self) -> Role:
        return {Office.STREET: Role.STREET, Office.CITY: Role.CITY}.get(self, Role.DISTRICT)

    @property
    def level(self) -> Level:
        return {Office.STREET: Level.STREET, Office.DISTRICT: Level.DISTRICT,
                Office.ZONE: Level.ZONE}.get(self, Level.CITY)


class NextStep(Enum):
    """What the window does once the set-up is saved."""

    IMPORT = "import"
    RECORD = "record"


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class RolePage(QWizardPage):
    """Who uses this ledger: 街道, 区县, 开发区 or the city's work team."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Who uses this ledger?"))
        self.setSubTitle(self.tr(
            "This decides which area the window shows and where the data is sent. You can "
            "change it later under File → Office set-up."))
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        texts = {
            Office.STREET: (self.tr("Street office or town"),
                            self.tr("Records its communities and sends them to the district.")),
            Office.DISTRICT: (self.tr("District or county"),
                              self.tr("Collects from its streets, merges and sends to the city.")),
            Office.ZONE: (self.tr("Development zone"),
                          self.tr("Collects from the streets it manages, like a district.")),
            Office.CITY: (self.tr("City work team"),
                          self.tr("Collects from the districts and ranks the whole city.")),
        }
        self.buttons: dict[Office, QRadioButton] = {}
        for office, (title, detail) in texts.items():
            button = QRadioButton(title)
            self.group.addButton(button)
            self.buttons[office] = button
            layout.addWidget(button)
            hint = _note(detail)
            hint.setContentsMargins(24, 0, 0, 6)
            layout.addWidget(hint)
        layout.addStretch(1)
        self.buttons[Office.STREET].setChecked(True)
        self.group.buttonToggled.connect(lambda *_: self.completeChanged.emit())

    def office(self) -> Office:
        return next(o for o, b in self.buttons.items() if b.isChecked())


class AreaPage(QWizardPage):
    """The office's own area, found by typing a part of its name."""

    def __init__(self, ledger: Ledger, roles: RolePage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._roles = roles
        self._shown_for: Office | None = None
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Type a part of the name"))
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.search.textChanged.connect(self._filter)
        self.list.currentRowChanged.connect(lambda _row: self.completeChanged.emit())
        self.list.itemDoubleClicked.connect(lambda _item: self.wizard().next())

    def initializePage(self) -> None:
        office = self._roles.office()
        if office is self._shown_for:
            return
        self._shown_for = office
        self.setTitle({
            Office.STREET: self.tr("Which street (or town)?"),
            Office.DISTRICT: self.tr("Which district or county?"),
            Office.ZONE: self.tr("Which development zone?"),
        }.get(office, ""))
        self.setSubTitle(self.tr("From the official list of Xi'an's divisions (2023 codes)."))
        self.list.clear()
        for choice in office_setup.areas_for(self._ledger, office.level):
            item = QListWidgetItem(choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice)
            self.list.addItem(item)
        self.search.clear()

    def _filter(self, text: str) -> None:
        wanted = text.strip()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(wanted) and wanted not in item.text()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        current = self.list.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.list.setCurrentItem(first)

    def choose(self, name: str) -> None:
        """Choose the area whose label ends with this name (as a user clicks it)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.text() == name or item.text().endswith(f" · {name}"):
                self.list.setCurrentItem(item)
                return
        raise LookupError(name)

    def chosen(self) -> AreaChoice | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        choice = item.data(Qt.ItemDataRole.UserRole)
        return choice if isinstance(choice, AreaChoice) else None

    def isComplete(self) -> bool:
        return self.chosen() is not None


class PrintingPage(QWizardPage):
    """制表单位 and 制表人: what printed lists and reports are signed with."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Printouts"))
        self.setSubTitle(self.tr(
            "Printed demand lists and reports carry the issuing unit and the preparer. Both can "
            "be left empty: the unit is then the area's office, the preparer a line to sign on."))
        self.unit = QLineEdit()
        self.unit.setClearButtonEnabled(True)
        self.preparer = QLineEdit()
        self.preparer.setClearButtonEnabled(True)
        self.preparer.setPlaceholderText(self.tr("Your name"))
        form = QFormLayout(self)
        form.addRow(self.tr("Issuing unit"), self.unit)
        form.addRow(self.tr("Preparer"), self.preparer)

    def set_default_unit(self, unit: str) -> None:
        self.unit.setPlaceholderText(unit)


class CommunitiesPage(QWizardPage):
    """The area's official communities, all ticked; villages on request; missing ones typed in."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._key: tuple[Office, str | None, bool] | None = None
        self.setTitle(self.tr("Communities"))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Community"), self.tr("Code")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.itemChanged.connect(lambda *_: self._count())
        self.villages = QCheckBox(self.tr("Also list the villages"))
        self.villages.toggled.connect(lambda _on: self._fill(force=True))
        self.all_button = QPushButton(self.tr("Tick all"))
        self.none_button = QPushButton(self.tr("Tick none"))
        self.all_button.clicked.connect(lambda: self._tick(Qt.CheckState.Checked))
        self.none_button.clicked.connect(lambda: self._tick(Qt.CheckState.Unchecked))
        self.count = QLabel()
        self.new_name = QLineEdit()
        self.new_name.setClearButtonEnabled(True)
        self.new_name.setPlaceholderText(
            self.tr("A community missing from the list"))
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.clicked.connect(self._add_by_hand)
        self.new_name.returnPressed.connect(self._add_by_hand)
        self.hand_row = QWidget()
        hand = QHBoxLayout(self.hand_row)
        hand.setContentsMargins(0, 0, 0, 0)
        hand.addWidget(self.new_name, 1)
        hand.addWidget(self.add_button)
        self.empty = _note("")
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        buttons.addWidget(self.villages)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.hand_row)

    def initializePage(self) -> None:
        self._fill()

    def _setup(self) -> SetupWizard:
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        return wizard

    def _fill(self, *, force: bool = False) -> None:
        wizard = self._setup()
        office, area = wizard.office(), wizard.area()
        key = (office, area.id if area else None, self.villages.isChecked())
        if key == self._key and not force:
            return
        self._key = key
        listed = office_setup.offered(self._ledger, office.role, area,
                                      villages=self.villages.isChecked())
        with_villages = office_setup.offered(self._ledger, office.role, area, villages=True)
        self.villages.setVisible(len(with_villages) > len(listed) or self.villages.isChecked())
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            grouped = office is not Office.STREET
            self.tree.setRootIsDecorated(grouped)
            parents: dict[str, QTreeWidgetItem] = {}
            for community in listed:
                item = self._item(community)
                if grouped:
                    parent = parents.get(community.street_code)
                    if parent is None:
                        parent = QTreeWidgetItem([f"{community.district_name} · "
                                                  f"{community.street_name}", ""])
                        parent.setFlags(parent.flags() | Qt.ItemFlag.ItemIsUserCheckable
                                        | Qt.ItemFlag.ItemIsAutoTristate)
                        parents[community.street_code] = parent
                        self.tree.addTopLevelItem(parent)
                    parent.addChild(item)
                else:
                    self.tree.addTopLevelItem(item)
        finally:
            self.tree.blockSignals(False)
        self.tree.resizeColumnToContents(0)
        self.hand_row.setVisible(office is Office.STREET)
        name = area.name if area else self.tr("the whole city")
        self.setSubTitle(self.tr(
            "The official communities of {area} (2023 division codes) are ticked: untick those "
            "this office does not manage.").format(area=name))
        self.empty.setText("" if listed else self.tr(
            "The official list has no community for this area (a development zone's streets "
            "are set in the ledger first). Add them later, or import a ledger from Excel."))
        self.empty.setVisible(not listed)
        self._count()

    def _item(self, community: OfficialCommunity | None, name: str = "") -> QTreeWidgetItem:
        text = community.name if community is not None else name
        code = community.code if community is not None else self.tr("added by hand")
        if community is not None and community.village:
            text += self.tr(" (village)")
        item = QTreeWidgetItem([text, code])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Unchecked if community is not None
                           and community.village else Qt.CheckState.Checked)
        item.setData(0, OFFICIAL_ROLE, community)
        return item

    def _add_by_hand(self) -> None:
        name = self.new_name.text().strip()
        if not name:
            return
        if name in {self._name(item) for item in self._leaves()}:
            self.new_name.selectAll()
            return
        item = self._item(None, name)
        item.setData(0, Qt.ItemDataRole.UserRole, name)
        self.tree.addTopLevelItem(item)
        self.tree.scrollToItem(item)
        self.new_name.clear()
        self._count()

    @staticmethod
    def _name(item: QTreeWidgetItem) -> str:
        community = item.data(0, OFFICIAL_ROLE)
        return community.name if isinstance(community, OfficialCommunity) else str(
            item.data(0, Qt.ItemDataRole.UserRole) or "")

    def _leaves(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        for row in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(row)
            if top is None:
                continue
            if top.childCount():
                kids = (top.child(n) for n in range(top.childCount()))
                found.extend(kid for kid in kids if kid is not None)
            elif top.data(0, OFFICIAL_ROLE) is not None or top.data(0, Qt.ItemDataRole.UserRole):
                found.append(top)
        return found

    def _tick(self, state: Qt.CheckState) -> None:
        for item in self._leaves():
            item.setCheckState(0, state)

    def _count(self) -> None:
        ticked = sum(item.checkState(0) == Qt.CheckState.Checked for item in self._leaves())
        self.count.setText(self.tr("%n community(ies) ticked", "", ticked))

    def chosen(self) -> list[OfficialCommunity]:
        return [item.data(0, OFFICIAL_ROLE) for item in self._leaves()
                if item.checkState(0) == Qt.CheckState.Checked
                and isinstance(item.data(0, OFFICIAL_ROLE), OfficialCommunity)]

    def by_hand(self) -> list[str]:
        return [str(item.data(0, Qt.ItemDataRole.UserRole)) for item in self._leaves()
                if item.checkState(0) == Qt.CheckState.Checked
                and item.data(0, OFFICIAL_ROLE) is None]


class NextPage(QWizardPage):
    """What the clerk does first: import the ledger they keep in Excel, or start recording."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("What next?"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.import_button = QRadioButton(self.tr("Import the ledger we keep in Excel"))
        self.record_button = QRadioButton(self.tr("Start recording (the list of communities)"))
        self.record_button.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(self.import_button)
        layout.addWidget(_note(self.tr(
            "An Excel or CSV file: it is checked and shown before anything is written.")))
        layout.addWidget(self.record_button)
        layout.addWidget(_note(self.tr(
            "Spaces, the nine functions and demands are recorded per community.")))
        layout.addStretch(1)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        chosen = wizard.chosen()
        area = chosen.area.name if chosen.area else self.tr("the whole city")
        self.summary.setText(self.tr(
            "Finish saves: {role}, area {area}, {count} community(ies) to add.").format(
                role=chosen.role.label, area=area,
                count=len(chosen.communities) + len(chosen.by_hand)))

    def next_step(self) -> NextStep:
        return NextStep.IMPORT if self.import_button.isChecked() else NextStep.RECORD


class SetupWizard(QWizard):
    """设置向导: role, area, printouts, communities, what next; `chosen()` once accepted."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set up this ledger"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.roles = RolePage()
        self.areas = AreaPage(ledger, self.roles)
        self.printing = PrintingPage()
        self.communities = CommunitiesPage(ledger)
        self.next_page = NextPage()
        self.role_id = self.addPage(self.roles)
        self.area_id = self.addPage(self.areas)
        self.printing_id = self.addPage(self.printing)
        self.communities_id = self.addPage(self.communities)
        self.next_id = self.addPage(self.next_page)
        now = office_setup.current(ledger)
        if now.role is not None:
            self._show_current(now)
        self.currentIdChanged.connect(self._on_page)
        self.resize(640, 520)
        fitting.fit(self)  # on a 1366 × 768 laptop at 125% too

    def _show_current(self, now: office_setup.Current) -> None:
        office = {Role.STREET: Office.STREET, Role.CITY: Office.CITY}.get(
            now.role or Role.STREET, Office.ZONE if now.area and now.area.level is Level.ZONE
            else Office.DISTRICT)
        self.roles.buttons[office].setChecked(True)
        self.printing.unit.setText(now.unit or "")
        self.printing.preparer.setText(now.preparer or "")
        if now.area is not None:
            self.areas.initializePage()
            for row in range(self.areas.list.count()):
                item = self.areas.list.item(row)
                choice = item.data(Qt.ItemDataRole.UserRole)
                if isinstance(choice, AreaChoice) and choice.scope.id == now.area.id:
                    self.areas.list.setCurrentItem(item)

    def nextId(self) -> int:
        if self.currentId() == self.role_id and self.roles.office() is Office.CITY:
            return self.printing_id
        return super().nextId()

    def _on_page(self, page_id: int) -> None:
        if page_id == self.printing_id:
            area = self.area()
            self.printing.set_default_unit(issuing_unit(area))

    def office(self) -> Office:
        return self.roles.office()

    def area(self) -> Scope | None:
        """The chosen area (None for the city)."""
        if self.office() is Office.CITY:
            return None
        choice = self.areas.chosen()
        return choice.scope if choice is not None else None

    def chosen(self) -> OfficeSetup:
        """What the set-up will save."""
        office = self.office()
        return OfficeSetup(
            role=office.role, area=self.area(), unit=self.printing.unit.text(),
            preparer=self.printing.preparer.text(), communities=self.communities.chosen(),
            by_hand=self.communities.by_hand())

    def next_step(self) -> NextStep:
        return self.next_page.next_step()
