"""The history screen: a filterable, sortable table of sessions, a detail page per session, and
a friendly empty state when there is nothing yet.

Layout (top to bottom): a header (Back, title, session count, CSV buttons), the filters row
(`HistoryFilters`: from / to date, plan, hill, "Show all"; its range buttons 4 weeks / 3 months /
1 year / All sit in the tabs' corner), then tabs: the sessions table and the four charts
(`charts/`). The filters apply to the table and the charts alike. pyqtgraph is imported when a
chart tab is first shown, so neither the app's start nor the history's first appearance waits
for it. A bar at the bottom (`UndoBar`) offers Undo for a few seconds after a delete.

Everything it reads and writes goes through the `Store`; what the database refuses is said in
the message line above the table, never swallowed and never a traceback.

Keys: arrows move in the table, Enter opens the session, Esc goes back to the start screen (from
the detail: back to the table), Ctrl+Z undoes a delete while the bar shows, Ctrl+F goes to the
date filter; Alt+S, Alt+E, Alt+W, Alt+R, Alt+L pick the tab (Sessions, Effort, Weekly, Rep
curves, Load trend) and Ctrl+Tab moves between them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.chart_data import DEFAULT_WEEKLY_TARGET
from hillsprint.storage.errors import StorageError
from hillsprint.storage.store import Store
from hillsprint.ui.common.look import METRICS, set_flag, style_sheet
from hillsprint.ui.history.activity_export import ActivityExportButton
from hillsprint.ui.history.data_transfer import TransferProgress
from hillsprint.ui.history.history_filters import ALL, HistoryFilters, HistoryFilterValues
from hillsprint.ui.history.history_model import (
    COL_DATE,
    COL_HILL,
    COL_PLAN,
    HistoryFilter,
    HistoryModel,
)
from hillsprint.ui.history.session_detail import SessionDetail
from hillsprint.ui.history.undo_bar import UndoBar

ROW_PX = METRICS["row_px"]
SIZE_SAMPLE_ROWS = 20  # the newest rows; Plan and Hill stretch anyway

# Text colours all black on white (21:1), on the header grey (17.1:1) or on the yellow bar
# (18.6:1); the selected row is white on black (21:1).
HISTORY_STYLE = style_sheet("history")
SESSIONS_TAB = 0
CHART_WAIT_TEXT = "Drawing the chart…"
# the chart tabs, in the order of hillsprint.ui.history.charts.chart_set (EFFORT, WEEKLY, ...)
CHART_TAB_TITLES = ("&Effort", "&Weekly", "&Rep curves", "&Load trend")

EMPTY_TEXT = (
    "Every session you run is saved here: when, which plan and hill, how hard each rep felt, "
    "and the load over the weeks.\n\nRun your first session and it will show up here."
)


class HistoryScreen(QWidget):
    """Call `load()` each time it is shown. Signals: `backRequested` (to the start screen),
    `startRequested` (the empty state's button)."""

    backRequested = Signal()
    startRequested = Signal()
    transferDone = Signal(bool)  # an import or export is over (True: it worked)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(HISTORY_STYLE)
        self.store = store
        self.weekly_target = DEFAULT_WEEKLY_TARGET
        self.charts = None  # a charts.chart_set.ChartSet once a chart is shown
        self._sized = False  # columns fitted to their contents (once)

        self.model = HistoryModel(self)
        self.proxy = HistoryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filters = HistoryFilters()
        self.filters.filtersChanged.connect(self.apply_filters)
        self.table = self._build_table()
        self.tabs = self._build_tabs()
        self.table_page = QWidget()
        table_layout = QVBoxLayout(self.table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.filters)
        table_layout.addWidget(self.tabs, 1)
        self.empty_page = self._build_empty_page()
        self.detail = SessionDetail(store.sessions, activity_store=store)
        self.detail.closed.connect(self.show_table)
        self.detail.changed.connect(self._session_changed)
        self.detail.deleteRequested.connect(self.delete_session)
        self.pages = QStackedWidget()
        for page in (self.table_page, self.empty_page, self.detail):
            self.pages.addWidget(page)
        self.undo_bar = UndoBar()
        self.undo_bar.undoRequested.connect(self.undo_delete)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(self._build_header())
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.undo_bar)

        self._shortcut(QKeySequence(Qt.Key.Key_Escape), self.backRequested.emit, self.table_page)
        self._shortcut(QKeySequence(Qt.Key.Key_Escape), self.backRequested.emit, self.empty_page)
        self._shortcut(QKeySequence.StandardKey.Undo, self.undo_delete, self)
        self._shortcut(QKeySequence.StandardKey.Find, self.filters.first.setFocus, self.table_page)
        self.setFocusProxy(self.table)

    def _build_header(self) -> QHBoxLayout:
        """Back, the title, the session count and the CSV buttons; below them `message`."""
        self.back_button = QPushButton("← Back  (Esc)")
        self.back_button.setObjectName("historyBack")
        self.back_button.clicked.connect(self.backRequested)
        title = QLabel("History")
        title.setObjectName("historyTitle")
        self.count = QLabel()
        self.count.setObjectName("historyCount")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.clicked.connect(self._choose_export_file)
        self.import_button = QPushButton("Import CSV…")
        self.import_button.clicked.connect(self._choose_import_file)
        self.activity_button = ActivityExportButton(self.store, self.selected_session_ids)
        self.activity_button.setToolTip("The selected sessions as FIT or TCX files")
        self.activity_button.finished.connect(self._say)
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(title, 1)
        for widget in (self.count, self.export_button, self.import_button, self.activity_button):
            header.addWidget(widget)
        # how far a long import or export is (shown only while one runs)
        self.progress = TransferProgress()
        # what an export or import did, or what is wrong (never a traceback)
        self.message = QLabel()
        self.message.setObjectName("dataMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        return header

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("historyTable")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # several rows (Shift/Ctrl) for "Export for training log…"
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(False)
        table.setWordWrap(False)
        rows = table.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(ROW_PX)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        columns = table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setStretchLastSection(False)
        columns.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)  # not all 1,600 rows
        table.setAccessibleName("Sessions")
        table.activated.connect(self._open_index)
        return table

    def _build_tabs(self) -> QTabWidget:
        """The sessions table, then one empty host per chart (filled when first shown)."""
        self.table_empty_note = QLabel("No session matches these filters.")
        self.table_empty_note.setObjectName("emptyText")
        self.table_empty_note.hide()
        sessions_tab = QWidget()
        sessions_layout = QVBoxLayout(sessions_tab)
        sessions_layout.setContentsMargins(8, 8, 8, 8)
        sessions_layout.addWidget(self.table_empty_note)
        sessions_layout.addWidget(self.table, 1)
        tabs = QTabWidget()
        tabs.setObjectName("historyTabs")
        tabs.addTab(sessions_tab, "&Sessions")
        self.chart_hosts: list[QWidget] = []
        self.chart_waits: list[QLabel] = []  # "Drawing the chart…" until the chart is built
        for title in CHART_TAB_TITLES:
            host = QWidget()
            QVBoxLayout(host).setContentsMargins(8, 0, 8, 8)
            wait = QLabel(CHART_WAIT_TEXT)
            wait.setObjectName("emptyText")
            wait.setAlignment(Qt.AlignmentFlag.AlignCenter)
            host.layout().addWidget(wait)
            self.chart_hosts.append(host)
            self.chart_waits.append(wait)
            tabs.addTab(host, title)
        tabs.currentChanged.connect(self._tab_changed)
        tabs.setCornerWidget(self.filters.range_bar, Qt.Corner.TopRightCorner)
        return tabs

    def _build_empty_page(self) -> QWidget:
        page = QWidget()
        empty_title = QLabel("No sessions yet")
        empty_title.setObjectName("emptyTitle")
        empty_text = QLabel(EMPTY_TEXT)
        empty_text.setObjectName("emptyText")
        empty_text.setWordWrap(True)
        self.empty_start = QPushButton("Start a session")
        self.empty_start.setObjectName("emptyStartButton")
        self.empty_start.setProperty("primary", True)
        self.empty_start.clicked.connect(self.startRequested)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        for widget in (empty_title, empty_text):
            layout.addWidget(widget)
        layout.addWidget(self.empty_start, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(2)
        layout.setContentsMargins(80, 0, 80, 0)
        return page

    def set_preferences(self, weekly_target: int, hill_details) -> None:
        """The settings it shows by: the weekly target line (charts, at the next draw) and
        the lookup that describes a session's hill in the runner's units (the detail)."""
        self.weekly_target = weekly_target
        self.detail.set_hill_details(hill_details)

    # ---- CSV out and in -----------------------------------------------------------------

    def _choose_export_file(self) -> None:
        dialog = QFileDialog(self, "Export sessions as CSV", str(Path.home() / "hillsprint.csv"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("CSV files (*.csv)")
        dialog.fileSelected.connect(self.export_to)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _choose_import_file(self) -> None:
        dialog = QFileDialog(self, "Import sessions from CSV", str(Path.home()), "CSV (*.csv)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.import_from)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def export_to(self, path: str) -> bool:
        """Every rep of every session (the `reps` format of README), all dates, written on a
        worker thread; `transferDone(ok)` when it is over. False if a transfer runs already."""
        from hillsprint.storage.csv_export import ExportError

        def work(progress):
            return self.store.on_own_connection(
                lambda store: store.export_csv(path, "reps", progress=progress)
            )

        def done(rows, error) -> bool:
            if isinstance(error, (ExportError, StorageError)):
                return self._say(f"Export failed: {error}", ok=False)
            if error is not None:
                return self._say(f"Export failed: {type(error).__name__}: {error}", ok=False)
            return self._say(f"Exported {rows} reps to {path}.")

        return self._transfer("Exporting", work, done)

    def import_from(self, path: str) -> bool:
        """All or nothing: a file with any error imports nothing and says what is wrong.
        Written on a worker thread; `transferDone(ok)` when it is over."""
        from hillsprint.storage.csv_reading import CsvImportError

        def work(progress):
            return self.store.on_own_connection(lambda store: store.import_csv(path, progress))

        def done(result, error) -> bool:
            if isinstance(error, CsvImportError):
                problems = f"{error.total} problem(s):\n{error}"
                return self._say(f"Nothing was imported. {problems}", ok=False)
            if isinstance(error, StorageError):
                return self._say(f"Nothing was imported: {error}", ok=False)
            if error is not None:
                return self._say(f"Nothing was imported: {type(error).__name__}: {error}", ok=False)
            if not self.load():
                return False
            skipped = f"; {result.skipped} already here, skipped" if result.skipped else ""
            return self._say(f"Imported {result.sessions} sessions ({result.reps} reps){skipped}.")

        return self._transfer("Importing", work, done)

    def transferring(self) -> bool:
        """An import or export is running (a session should wait for it)."""
        return self.progress.busy()

    def _transfer(self, doing: str, work, done) -> bool:
        """Run `work` on a worker thread with the buttons off and the bar showing; then
        `done(result, error)` says how it went."""
        buttons = (self.export_button, self.import_button)

        def finished(result, error) -> None:
            for button in buttons:
                button.setEnabled(True)
            self.transferDone.emit(done(result, error))

        if not self.progress.run(doing, work, finished):
            return False
        for button in buttons:
            button.setEnabled(False)
        self._say(f"{doing}…")
        return True

    def _say(self, text: str, ok: bool = True) -> bool:
        self.message.setText(text)
        set_flag(self.message, "problem", not ok)
        self.message.show()
        return ok

    def _shortcut(self, keys: QKeySequence, slot, widget: QWidget) -> None:
        shortcut = QShortcut(keys, widget)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    # -- loading -------------------------------------------------------------------------

    def load(self) -> bool:
        """Read the sessions again and show the table (or the empty state). False (and the
        reason in the message line) when the database could not be read."""
        self.detail.save_notes()
        try:
            rows = self.store.history_rows()
        except StorageError as exc:
            return self._say(f"Your sessions could not be read: {exc}", ok=False)
        self.model.set_rows(rows)
        self._sessions_edited()
        days = [self.model.local_date(n) for n in range(self.model.rowCount())]
        self.filters.fill_choices(rows, days, date.today())
        self.filters.set_range(self.filters.current_range() or ALL)
        self.show_table()
        return True

    def apply_filters(self, values: HistoryFilterValues | None = None) -> None:
        values = values or self.filters.values()
        self.proxy.set_filters(
            first=values.first, last=values.last, plan=values.plan, hill=values.hill
        )
        self._show_count()
        self._update_charts()

    # -- charts ----------------------------------------------------------------------------

    def chart_sessions(self) -> list:
        """The sessions the charts use: those of the chosen plan and hill, at any date (the
        load trend needs the weeks before the range); the charts cut them to the range."""
        return [row for row in self.model.rows() if self.proxy.matches_plan_and_hill(row)]

    def _sessions_edited(self) -> None:
        """Sessions were read again, edited or deleted: the charts must re-read what they
        keep (the rep curves' efforts), not only follow the filters."""
        if self.charts is not None:
            self.charts.sessions_changed()

    def _chart_data(self) -> None:
        values = self.filters.values()
        self.charts.set_data(self.chart_sessions(), values.first, values.last, self.weekly_target)

    def _update_charts(self) -> None:
        if self.charts is None:
            return
        self._chart_data()
        index = self.tabs.currentIndex() - 1
        if index >= 0:
            self.charts.show(index)

    def show_chart(self, index: int):
        """Build (first time) and draw chart `index` (0 = effort … 3 = load trend); returns its
        panel. This is where pyqtgraph gets imported."""
        if self.charts is None:
            from hillsprint.ui.history.charts.chart_set import ChartSet

            self.charts = ChartSet(self.chart_hosts, self._rep_efforts, self)
            self.charts.sessionClicked.connect(self.open_session)
            self._chart_data()
        return self.charts.show(index)

    def _rep_efforts(self, session_ids: list[str]) -> dict[str, list[int | None]]:
        try:
            return self.store.rep_efforts(session_ids)
        except StorageError as exc:
            self._say(f"The rep efforts could not be read: {exc}", ok=False)
            return {}  # the curves stay empty; the line above says why

    def _tab_changed(self, tab: int) -> None:
        if tab > SESSIONS_TAB:
            index = tab - 1
            wait = self.chart_waits[index]
            if wait.isVisible():  # the first chart loads pyqtgraph: say so before the pause
                wait.repaint()
            self.show_chart(index)
            wait.hide()

    def _show_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "session" if total == 1 else "sessions"
        self.count.setText(f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}")
        self.table_empty_note.setVisible(total > 0 and shown == 0)

    # -- pages ---------------------------------------------------------------------------

    def show_table(self) -> None:
        self.back_button.show()
        if self.model.rowCount() == 0:
            self.pages.setCurrentWidget(self.empty_page)
            self.count.setText("")
            self.setFocusProxy(self.empty_start)
            self.empty_start.setFocus()
            return
        self.pages.setCurrentWidget(self.table_page)
        on_table = self.tabs.currentIndex() == SESSIONS_TAB
        focus = self.table if on_table else self.tabs.tabBar()
        self.setFocusProxy(focus)
        focus.setFocus()
        if not self._sized:  # once: the runner may resize columns by hand afterwards
            self._sized = True
            self.table.resizeColumnsToContents()
            header = self.table.horizontalHeader()
            for column in (COL_PLAN, COL_HILL):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        if not self.table.selectionModel().hasSelection() and self.proxy.rowCount():
            self.table.selectRow(max(0, self.table.currentIndex().row()))

    def open_session(self, session_id: str) -> bool:
        if not self.detail.load(session_id):
            return False
        self.pages.setCurrentWidget(self.detail)
        self.back_button.hide()  # the detail has its own Back (to the table)
        self.setFocusProxy(self.detail)
        self.detail.focus_first()
        return True

    def selected_session_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.proxy.session_id(row) for row in rows]

    def _open_index(self, index) -> None:
        if index.isValid():
            self.open_session(self.proxy.session_id(index.row()))

    def _session_changed(self, session_id: str) -> None:
        try:
            rows = self.store.history_rows(session_id)
        except StorageError as exc:
            self._say(f"The session could not be read again: {exc}", ok=False)
            return
        if rows:
            self.model.replace_row(rows[0])
        self._sessions_edited()
        self._update_charts()

    # -- delete and undo -------------------------------------------------------------------

    def delete_session(self, session_id: str) -> None:
        """Delete (the runner has confirmed), keeping a copy in memory for Undo."""
        try:
            snapshot = self.store.snapshot_session(session_id)
            self.store.sessions.delete_session(session_id)
        except StorageError as exc:
            self._say(f"The session could not be deleted: {exc}", ok=False)
            return
        self.model.remove_session(session_id)
        label = self.detail.title.text() or "the session"
        self.undo_bar.offer(f"Deleted {label}.", snapshot)
        self._show_count()
        self._sessions_edited()
        self._update_charts()
        self.show_table()

    def undo_delete(self) -> None:
        snapshot = self.undo_bar.take()
        if snapshot is None:
            return
        try:
            self.store.restore_session(snapshot)
        except StorageError as exc:
            self._say(f"The session could not be brought back: {exc}", ok=False)
            return
        if not self.load():
            return
        for number in range(self.proxy.rowCount()):
            if self.proxy.session_id(number) == snapshot.session_id:
                self.table.selectRow(number)
                self.table.scrollTo(self.proxy.index(number, COL_PLAN))
                break
