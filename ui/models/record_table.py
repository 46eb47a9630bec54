"""Any entity's records as a Qt table: the whole list's ordered rowids, rows read as shown."""

from __future__ import annotations

import dataclasses
import logging
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont

from app.domain.fields import FieldSpec, Kind
from app.errors import KnownError
from app.services import personal_view, records
from app.services.records import Query
from app.store.areas import Scope
from app.task import TaskState
from ui import theme
from ui.tasks import Task

if TYPE_CHECKING:
    from app.store.db import Ledger

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole
"""The record id of a row."""

DELETED_ROLE = Qt.ItemDataRole.UserRole + 1
"""Whether a row's record is deleted (shown only when deleted records are included)."""

DELETED_COLOR = QColor(theme.DELETED)

_NUMERIC = (Kind.INT, Kind.DECIMAL, Kind.YEAR)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class _Row(NamedTuple):
    """A record as its row shows it."""

    id: str
    cells: list[str]
    deleted: bool


def _read_rowids(ledger: Ledger, entity: str, query: Query, generation: int,
                 state: TaskState) -> tuple[int, array[int] | Exception] | None:
    """The ordered rowids of a query, for the reload they belong to (run off the UI thread: at
    city scale a sort or a filter over 500,000 records takes longer than a frame); the failure
    instead when reading failed, None when the reload was abandoned."""
    if state.cancelled:
        return None
    try:
        return generation, records.list_rowids(ledger, entity, query)
    except Exception as exc:  # told to the user if this reload is still the current one
        return generation, exc


class RecordTableModel(QAbstractTableModel):
    """Records of one entity matching a query: the ordered rowids of the whole list, the rows
    read for the rows shown (a block at a time, the last 80 blocks cached).

    Anki's browser is the model: one query gives the rowids of the whole filtered, sorted list
    (8 bytes a row), so that rowCount is known at once and row 400,000 costs what row 0 costs.
    A big table shows its first page at once and reads the whole list in the background; the
    rest of the rows then follow (rowsInserted, total_changed).
    """

    PAGE_SIZE = 200
    """The first page of a big table, shown while its whole list is read in the background."""
    SYNC_ROWS = 20_000
    """Tables up to this size are listed whole at once; bigger ones in the background."""
    BLOCK = 50
    """Rows read together when one of them is first shown (a screenful: 2 to 10 ms)."""
    CACHED_BLOCKS = 80
    """Blocks kept (the most recently shown); the others are read again when shown again."""

    total_changed = Signal(int)
    """The number of records matching the query is known (after every reload)."""

    query_failed = Signal(str)
    """Reading the records failed; carries a message for the user."""

    def __init__(self, entity: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entity = entity
        self._spec = records.spec_of(entity)
        self._fields: tuple[FieldSpec, ...] = self._spec.fields
        self._ledger: Ledger | None = None
        self._query = Query()
        self._rowids: array[int] = array("q")
        self._blocks: OrderedDict[int, list[_Row]] = OrderedDict()
        self._whole = True
        self._failed = False
        self._generation = 0
        self._told = -1
        """The generation whose failure to read rows was told (once per reload)."""
        self._struck: QFont | None = None
        self._personal = {n for n, f in enumerate(self._fields) if f.personal}
        """Columns shown masked until revealed (personal_view.record_reveal first)."""
        self._revealed: set[str] = set()
        self._revealed_list = False
        self._blank = _Row("", [""] * len(self._fields), False)

    # --- what is shown -------------------------------------------------------------------

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        """The columns, in declaration order."""
        return self._fields

    @property
    def query(self) -> Query:
        """The current query (scope, search, sort; paging is the model's own)."""
        return self._query

    @property
    def total(self) -> int:
        """How many records match the query; while the whole list is read in the background,
        the first page's."""
        return len(self._rowids)

    @property
    def loading(self) -> bool:
        """Whether the whole list is still being read in the background (the first page shown)."""
        return not self._whole

    @property
    def failed(self) -> bool:
        """Whether the last reload could not read the records (no rows, but not none there)."""
        return self._failed

    @property
    def narrowed(self) -> bool:
        """Whether a search, a filter or a date range leaves out some records of the area."""
        return bool(self._query.search or self._query.filters or self._query.dates)

    def record_id(self, row: int) -> str:
        """The id of the record shown in a row."""
        return self._row(row).id

    def is_deleted(self, row: int) -> bool:
        """Whether the record shown in a row is deleted."""
        return self._row(row).deleted

    def row_of(self, record_id: str) -> int:
        """The row showing a record; -1 if the list does not show it (while the whole list is
        read in the background: if the first page does not)."""
        if self._ledger is None or not self._rowids or not record_id:
            return -1
        rowid = records.rowid_of(self._ledger, self._entity, record_id)
        if rowid is None:
            return -1
        try:
            return self._rowids.index(rowid)
        except ValueError:
            return -1

    def set_ledger(self, ledger: Ledger | None) -> None:
        """Show the records of another ledger (None: nothing)."""
        self._ledger = ledger
        self._revealed, self._revealed_list = set(), False
        self.reload()

    @property
    def has_personal(self) -> bool:
        """Whether some columns are personal (masked until revealed)."""
        return bool(self._personal)

    @property
    def list_revealed(self) -> bool:
        """Whether the personal columns of the whole list are shown unmasked."""
        return self._revealed_list

    def is_revealed(self, row: int) -> bool:
        """Whether the personal columns of a row are shown unmasked."""
        return self.record_revealed(self._row(row).id)

    def record_revealed(self, record_id: str) -> bool:
        """Whether a record's personal fields are shown unmasked (itself or its whole list)."""
        return self._revealed_list or record_id in self._revealed

    def reveal(self, record_ids: Iterable[str] = (), *, whole_list: bool = False) -> None:
        """Show the personal columns of these records (or of the whole list, until its query
        changes) unmasked. The caller has recorded the reveal (personal_view.record_reveal)."""
        self._revealed.update(record_ids)
        self._revealed_list = self._revealed_list or whole_list
        if self._rowids and self._personal:
            self.dataChanged.emit(self.index(0, min(self._personal)),
                                  self.index(len(self._rowids) - 1, max(self._personal)))

    def set_scope(self, scope: Scope | None) -> None:
        """Keep only the records inside an area (None: everything)."""
        self._set_query(scope=scope)

    def set_search(self, text: str) -> None:
        """Keep only the records whose searchable fields contain every word of the text."""
        self._set_query(search=text.strip())

    def set_filters(self, filters: Mapping[str, Any]) -> None:
        """Keep only the records whose fields equal these values (field name -> value)."""
        self._set_query(filters=dict(filters) or None)

    def set_dates(self, dates: Mapping[str, tuple[Any, Any]]) -> None:
        """Keep only the records whose date fields fall in these ranges (name -> (from, to),
        both days included, None open); a range open at both ends is no filter."""
        kept = {name: bounds for name, bounds in dates.items() if bounds != (None, None)}
        self._set_query(dates=kept or None)

    def set_include_deleted(self, include: bool) -> None:
        """Show deleted records too (greyed and struck out), or only live ones."""
        self._set_query(include_deleted=include)

    def _set_query(self, **changes: Any) -> None:
        query = dataclasses.replace(self._query, **changes)
        if query != self._query:
            self._query = query
            self._revealed_list = False  # another list: revealed only when asked again
            self.reload()

    def reload(self) -> None:
        """List the records again: the whole ordered list at once for a small table; for a big
        one its first page at once and the whole list from the background."""
        self._generation += 1
        self.beginResetModel()
        self._rowids, self._blocks = array("q"), OrderedDict()
        self._whole, self._failed = True, False
        background = False
        try:
            if self._ledger is not None:
                if records.table_size(self._ledger, self._entity) <= self.SYNC_ROWS:
                    self._rowids = records.list_rowids(self._ledger, self._entity, self._query)
                else:
                    first = dataclasses.replace(self._query, limit=self.PAGE_SIZE)
                    self._rowids = records.list_rowids(self._ledger, self._entity, first)
                    background = len(self._rowids) == self.PAGE_SIZE
                if self._rowids:  # the rows shown first: a failure is told now, as a reload's
                    self._blocks[0] = self._read_block(0)
        except Exception as exc:
            self._rowids, self._blocks = array("q"), OrderedDict()
            self._failed = True
            self._report(exc)
        finally:
            self.endResetModel()
        if background:
            assert self._ledger is not None
            self._whole = False
            task = Task(partial(_read_rowids, self._ledger, self._entity, self._query,
                                self._generation), self)
            task.succeeded.connect(self._on_rowids)
            task.start()
        else:
            self.total_changed.emit(len(self._rowids))

    @Slot(object)
    def _on_rowids(self, read: tuple[int, array[int] | Exception] | None) -> None:
        if read is None or read[0] != self._generation:
            return  # an older query's list
        found = read[1]
        self._whole = True
        if isinstance(found, Exception):
            self._report(found)  # the first page stays
        else:
            shown = len(self._rowids)
            if found[:shown] == self._rowids:  # as expected: the rest follows the first page
                if len(found) > shown:
                    self.beginInsertRows(QModelIndex(), shown, len(found) - 1)
                    self._rowids = found
                    self.endInsertRows()
            else:  # written to meanwhile (a newer reload follows): the list read now
                self.beginResetModel()
                self._rowids, self._blocks = found, OrderedDict()
                self.endResetModel()
        self.total_changed.emit(len(self._rowids))

    def _row(self, row: int) -> _Row:
        """A row's record, read with its block when first shown."""
        if not 0 <= row < len(self._rowids):
            raise IndexError(f"row {row} of {len(self._rowids)}")
        number, at = divmod(row, self.BLOCK)
        block = self._blocks.get(number)
        if block is None:
            try:
                block = self._read_block(number)
            except Exception as exc:  # shown blank until the next reload tries again
                block = [self._blank] * len(self._block_rowids(number))
                if self._told != self._generation:
                    self._told = self._generation
                    self._report(exc)
            self._blocks[number] = block
            while len(self._blocks) > self.CACHED_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(number)
        return block[at]

    def _block_rowids(self, number: int) -> array[int]:
        return self._rowids[number * self.BLOCK:(number + 1) * self.BLOCK]

    def _read_block(self, number: int) -> list[_Row]:
        assert self._ledger is not None
        found = records.records_by_rowid(self._ledger, self._entity, self._block_rowids(number),
                                         clocks=False)
        listed = [record for record in found if record is not None]
        refs = records.references(self._ledger, self._spec, listed)
        return [
            self._blank if record is None else _Row(
                record["id"], records.display_row(self._spec, record, refs),
                bool(record.get("deleted")))
            for record in found
        ]

    def _report(self, exc: Exception) -> None:
        if isinstance(exc, KnownError):
            self.query_failed.emit(str(exc))
            return
        log.error("reading %s failed", self._entity, exc_info=exc)
        message = QCoreApplication.translate("RecordTableModel", "Error reading the data: {error}")
        self.query_failed.emit(message.format(error=exc))

    # --- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rowids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._fields)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rowids)):
            return None
        column = index.column()
        if not 0 <= column < len(self._fields):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(index.row(), column)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._shown(index.row(), column)
            return text if len(text) > 16 else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((_RIGHT if self._fields[column].kind in _NUMERIC else _LEFT).value)
        if role == ID_ROLE:
            return self._row(index.row()).id
        if role == DELETED_ROLE:
            return self._row(index.row()).deleted
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole) and self._row(
                index.row()).deleted:
            if role == Qt.ItemDataRole.ForegroundRole:
                return DELETED_COLOR
            return self._struck_font()
        return None

    def _shown(self, row: int, column: int) -> str:
        found = self._row(row)
        text = found.cells[column]
        if column in self._personal and not self.record_revealed(found.id):
            return personal_view.masked(self._fields[column], text)
        return text

    def _struck_font(self) -> QFont:
        if self._struck is None:
            self._struck = QFont()
            self._struck.setStrikeOut(True)
        return self._struck

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(self._fields):
            return None
        field = self._fields[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return field.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return field.help or field.label
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by a column (-1: the order records were added).

        Personal columns are sealed at rest and have no sort key: the order records were added.
        """
        chosen = self._fields[column] if 0 <= column < len(self._fields) else None
        field = chosen.name if chosen is not None and not chosen.personal else None
        descending = field is not None and order == Qt.SortOrder.DescendingOrder
        self._set_query(sort=field, descending=descending)
