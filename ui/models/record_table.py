"""Any entity's records as a Qt table: columns from its field declarations, rows paged in."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

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


def _count(ledger: Ledger, entity: str, query: Query, generation: int,
           _state: TaskState) -> tuple[int, int] | None:
    """The number of records of a query, for the reload it belongs to (run off the UI thread: a
    count can take a second at city scale); None if the ledger closed meanwhile."""
    try:
        return generation, records.count(ledger, entity, query)
    except Exception:  # the ledger closed or the query changed meanwhile: a newer reload counts
        log.debug("background count failed", exc_info=True)
        return None


class RecordTableModel(QAbstractTableModel):
    """Records of one entity matching a query; sorting and filtering run in SQL, rows are cached.

    The first page comes at once; when it is full, the total is counted in the background
    (total_changed follows) and further pages are fetched as long as pages come back full.
    """

    PAGE_SIZE = 200
    SYNC_COUNT_ROWS = 20_000
    """Tables up to this size are counted at once; bigger ones in the background."""

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
        self._ids: list[str] = []
        self._rows: list[list[str]] = []
        self._deleted: list[bool] = []
        self._total = 0
        self._counted = True
        self._failed = False
        self._generation = 0
        self._struck: QFont | None = None
        self._personal = {n for n, f in enumerate(self._fields) if f.personal}
        """Columns shown masked until revealed (personal_view.record_reveal first)."""
        self._revealed: set[str] = set()
        self._revealed_list = False

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
        """How many records match the query; while a background count runs, the rows so far."""
        return self._total

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
        return self._ids[row]

    def is_deleted(self, row: int) -> bool:
        """Whether the record shown in a row is deleted."""
        return self._deleted[row]

    def row_of(self, record_id: str) -> int:
        """The row showing a record among those fetched so far; -1 if none."""
        try:
            return self._ids.index(record_id)
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
        return self.record_revealed(self._ids[row])

    def record_revealed(self, record_id: str) -> bool:
        """Whether a record's personal fields are shown unmasked (itself or its whole list)."""
        return self._revealed_list or record_id in self._revealed

    def reveal(self, record_ids: Iterable[str] = (), *, whole_list: bool = False) -> None:
        """Show the personal columns of these records (or of the whole list, until its query
        changes) unmasked. The caller has recorded the reveal (personal_view.record_reveal)."""
        self._revealed.update(record_ids)
        self._revealed_list = self._revealed_list or whole_list
        if self._rows and self._personal:
            self.dataChanged.emit(self.index(0, min(self._personal)),
                                  self.index(len(self._rows) - 1, max(self._personal)))

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
        """Fetch the first page again; count the matching records (in the background if big)."""
        self._generation += 1
        self.beginResetModel()
        self._ids, self._rows, self._deleted, self._total = [], [], [], 0
        self._counted = True
        self._failed = False
        background = False
        try:
            if self._ledger is not None:
                self._ids, self._rows, self._deleted = self._page(0)
                self._total = len(self._rows)
                if len(self._rows) == self.PAGE_SIZE:
                    size = records.table_size(self._ledger, self._entity)
                    if size <= self.SYNC_COUNT_ROWS:
                        self._total = records.count(self._ledger, self._entity, self._query)
                    else:
                        background = True
        except Exception as exc:
            self._ids, self._rows, self._deleted, self._total = [], [], [], 0
            self._failed = True
            self._report(exc)
        finally:
            self.endResetModel()
        if background:
            assert self._ledger is not None
            self._counted = False
            task = Task(partial(_count, self._ledger, self._entity, self._query,
                                self._generation), self)
            task.succeeded.connect(self._on_counted)
            task.start()
        else:
            self.total_changed.emit(self._total)

    @Slot(object)
    def _on_counted(self, counted: tuple[int, int] | None) -> None:
        if counted is None:
            return
        generation, total = counted
        if generation != self._generation:
            return  # an older query's count
        self._counted = True
        self._total = max(total, len(self._rows))
        self.total_changed.emit(self._total)

    def _page(self, offset: int) -> tuple[list[str], list[list[str]], list[bool]]:
        assert self._ledger is not None
        query = dataclasses.replace(self._query, offset=offset, limit=self.PAGE_SIZE)
        found = records.list_records(self._ledger, self._entity, query)
        refs = records.references(self._ledger, self._spec, found)
        return (
            [r["id"] for r in found],
            [records.display_row(self._spec, r, refs) for r in found],
            [bool(r.get("deleted")) for r in found],
        )

    def _checked_total(self, offset: int, fetched: int) -> int:
        """The count, corrected when a page shows that the data changed since it was counted."""
        if fetched < self.PAGE_SIZE:
            return offset + fetched
        return max(self._total, offset + fetched)

    def _more(self) -> bool:
        """Whether more rows may follow: fewer than counted, or (counting) a full last page."""
        if self._counted:
            return len(self._rows) < self._total
        return len(self._rows) > 0 and len(self._rows) % self.PAGE_SIZE == 0

    def _report(self, exc: Exception) -> None:
        if isinstance(exc, KnownError):
            self.query_failed.emit(str(exc))
            return
        log.exception("reading %s failed", self._entity)
        message = QCoreApplication.translate("RecordTableModel", "Error reading the data: {error}")
        self.query_failed.emit(message.format(error=exc))

    # --- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._fields)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
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
            return self._ids[index.row()]
        if role == DELETED_ROLE:
            return self._deleted[index.row()]
        if self._deleted[index.row()]:
            if role == Qt.ItemDataRole.ForegroundRole:
                return DELETED_COLOR
            if role == Qt.ItemDataRole.FontRole:
                return self._struck_font()
        return None

    def _shown(self, row: int, column: int) -> str:
        text = self._rows[row][column]
        if column in self._personal and not self.is_revealed(row):
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

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more()

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        start = len(self._rows)
        try:
            ids, rows, deleted = self._page(start)
        except Exception as exc:
            self._total = start  # stop asking; the next reload tries again
            self._report(exc)
            return
        if not rows:
            self._total = start
            self._counted = True
            return
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._ids.extend(ids)
        self._rows.extend(rows)
        self._deleted.extend(deleted)
        self._total = self._checked_total(start, len(rows))
        if len(rows) < self.PAGE_SIZE:
            self._counted = True  # a short page: the total is known exactly
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by a column (-1: the order records were added).

        Personal columns are sealed at rest and have no sort key: the order records were added.
        """
        chosen = self._fields[column] if 0 <= column < len(self._fields) else None
        field = chosen.name if chosen is not None and not chosen.personal else None
        descending = field is not None and order == Qt.SortOrder.DescendingOrder
        self._set_query(sort=field, descending=descending)
