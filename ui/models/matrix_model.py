"""The 九项功能 matrix as a Qt table: communities × the nine functions, each cell one status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app.domain.coverage import FunctionCoverage
from app.domain.enums import (
    COVERAGE_TARGETS_2030,
    STANDARD_FUNCTIONS,
    Function,
    FunctionStatus,
)
from app.domain.palette import STATUS_COLOURS
from app.domain.rates import target_text
from app.services.matrix import Matrix, MatrixRow
from ui import theme

Index = QModelIndex | QPersistentModelIndex

STATUS_ROLE = Qt.ItemDataRole.UserRole
"""The cell's status identifier (a FunctionStatus value, such as "operating")."""
STATUS_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The id of the cell's function status record (None: no record yet)."""
COMMUNITY_ID_ROLE = Qt.ItemDataRole.UserRole + 2
"""The id of the row's community."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
"""A number that sorts cells from the most advanced status (运营中) to none (无)."""
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 4
"""The row's community name, street and code: what the page's search box matches."""
NOT_RESETTLED_ROLE = Qt.ItemDataRole.UserRole + 5
"""Whether the row's community is 未回迁 (shown, not counted)."""
PAINT_ROLE = Qt.ItemDataRole.UserRole + 6
"""What the cell painter needs in one call: (text, background, text colour, 未回迁)."""


NOT_RESETTLED_BLEND = 0.55
"""How far a 未回迁 community's cells fade towards white."""

_ORDER = (
    FunctionStatus.OPERATING,
    FunctionStatus.READY,
    FunctionStatus.BUILDING,
    FunctionStatus.PLANNED,
    FunctionStatus.SUSPENDED,
    FunctionStatus.NONE,
)
_CENTER = int(Qt.AlignmentFlag.AlignCenter.value)


def short_label(status: FunctionStatus) -> str:
    """The status as a cell shows it: the label, or its first short form when the label is long."""
    return status.short


def faded(colour: str, amount: float = NOT_RESETTLED_BLEND) -> QColor:
    """A colour blended towards white."""
    c = QColor(colour)
    return QColor.fromRgbF(
        c.redF() + (1 - c.redF()) * amount,
        c.greenF() + (1 - c.greenF()) * amount,
        c.blueF() + (1 - c.blueF()) * amount,
    )


def status_colours(status: FunctionStatus, not_resettled: bool = False) -> tuple[QColor, QColor]:
    """Background and text colour of a cell."""
    background, text = STATUS_COLOURS[status]
    if not_resettled:
        return faded(background), faded(text, 0.35)
    return QColor(background), QColor(text)


_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_PAINT: dict[tuple[FunctionStatus, bool], tuple[str, QColor, QColor, bool]] = {
    (status, faint): (short_label(status), *status_colours(status, faint), faint)
    for status in FunctionStatus
    for faint in (False, True)
}
"""Every cell look there is, made once: painting asks for thousands of cells a second."""


class MatrixModel(QAbstractTableModel):
    """Rows: the communities of an area; columns: Function.nine(); cells: the status of each."""

    FUNCTIONS: tuple[Function, ...] = Function.nine()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._matrix: Matrix | None = None
        self._rows: list[MatrixRow] = []

    # --- what is shown -------------------------------------------------------------------

    @property
    def matrix(self) -> Matrix | None:
        """The matrix shown (None: nothing loaded)."""
        return self._matrix

    @property
    def coverage(self) -> list[FunctionCoverage]:
        """Coverage of each function in the area, in column order (empty when nothing loaded)."""
        return self._matrix.coverage if self._matrix else []

    def row_at(self, row: int) -> MatrixRow:
        """The community shown in a row."""
        return self._rows[row]

    def function_at(self, column: int) -> Function:
        """The function shown in a column."""
        return self.FUNCTIONS[column]

    def set_matrix(self, matrix: Matrix | None) -> None:
        """Show another matrix; the same communities in the same order only repaint the cells."""
        same_rows = (
            matrix is not None
            and self._rows
            and [r.id for r in matrix.rows] == [r.id for r in self._rows]
        )
        if same_rows:
            assert matrix is not None
            self._matrix, self._rows = matrix, list(matrix.rows)
            last = self.index(len(self._rows) - 1, len(self.FUNCTIONS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._rows) - 1)
            return
        self.beginResetModel()
        self._matrix = matrix
        self._rows = list(matrix.rows) if matrix else []
        self.endResetModel()

    # --- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.FUNCTIONS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < len(self.FUNCTIONS)):
            return None
        row = self._rows[r]
        function = self.FUNCTIONS[c]
        status = row.statuses.get(function, FunctionStatus.NONE)
        if role == PAINT_ROLE:
            return _PAINT[status, row.not_resettled]
        if role == Qt.ItemDataRole.DisplayRole:
            return _PAINT[status, row.not_resettled][0]
        if role == Qt.ItemDataRole.BackgroundRole:
            return _PAINT[status, row.not_resettled][1]
        if role == Qt.ItemDataRole.ForegroundRole:
            return _PAINT[status, row.not_resettled][2]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tip(row, function, status)
        if role == STATUS_ROLE:
            return status.value
        if role == STATUS_ID_ROLE:
            return row.status_ids.get(function)
        if role == COMMUNITY_ID_ROLE:
            return row.id
        if role == SORT_ROLE:
            return _ORDER.index(status)
        if role == SEARCH_ROLE:
            return " ".join(p for p in (row.name, row.street_name, row.code) if p)
        if role == NOT_RESETTLED_ROLE:
            return row.not_resettled
        return None

    def _cell_tip(self, row: MatrixRow, function: Function, status: FunctionStatus) -> str:
        lines = [f"{row.name} · {function.label}", status.label]
        if row.not_resettled:
            lines.append(self.tr("Not-yet-resettled community: not counted in coverage"))
        lines.append(self.tr("Double-click or press Enter to edit"))
        return "\n".join(lines)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self._function_header(section, role)
        if not 0 <= section < len(self._rows):
            return None
        row = self._rows[section]
        if role == Qt.ItemDataRole.DisplayRole:
            if row.not_resettled:
                return self.tr("{name} (not resettled)").format(name=row.name)
            return row.name
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [row.name, row.street_name]
            if row.code:
                lines.append(self.tr("Code: {code}").format(code=row.code))
            if row.not_resettled:
                lines.append(self.tr("Not-yet-resettled community: not counted in coverage"))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and row.not_resettled:
            return QColor(theme.NOT_RESETTLED)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
        return None

    def _function_header(self, section: int, role: int) -> Any:
        if not 0 <= section < len(self.FUNCTIONS):
            return None
        function = self.FUNCTIONS[section]
        standard = function in STANDARD_FUNCTIONS
        if role == Qt.ItemDataRole.DisplayRole:
            return function.label
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = self.tr("Standard function") if standard else self.tr("Optional function")
            goals = {c.function: c.target for c in self.coverage}
            target = self.tr("2030 coverage target: {target}").format(
                target=target_text(goals.get(function, COVERAGE_TARGETS_2030[function]))
            )
            return f"{function.label}\n{kind}\n{target}"
        if role == Qt.ItemDataRole.FontRole and standard:
            font = QFont()
            font.setBold(True)
            return font
        return None
