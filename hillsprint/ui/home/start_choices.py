"""What the start screen offers, kept in step with the database and the settings.

- **Plans**: plan files opened this run (first), the runner's own plans from the database,
  then the built-in plans carrying the runner's get-ready lead-in (`Settings.get_ready_s`; the
  presets' sources prescribe none). Built-ins are recognised by identity, so a plan file equal to
  a preset but for its lead-in keeps its own. "Plans…" opens the library and editor.
- **Hills**: the hills library ("Hills…") and the chosen hill's details in the runner's units.
- **Advice**: the progression suggestion for the newest finished session's plan and hill
  (`core.progression`, shown while that plan and hill are chosen; accepting saves the new plan
  as an own plan and chooses it) and the beginner reminders (`core.reminders`).

The main window owns one of these and calls `refresh_advice()` whenever the start screen comes
back; it never touches plan lists or libraries itself.

Nothing the database refuses is hidden: a read that fails still leaves the screen usable (the
built-in plans, a hill typed in by hand) and says on the start screen what could not be read
and why ("Your plans could not be read: database disk image is malformed (…)"); the line goes
once that read works again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from hillsprint.core.plan import Plan
from hillsprint.core.presets import PRESETS
from hillsprint.core.progression import Suggestion, apply_suggestion, suggest_next
from hillsprint.core.reminders import reminders_for
from hillsprint.settings import Settings
from hillsprint.storage.errors import StorageError
from hillsprint.storage.library_errors import LibraryError
from hillsprint.storage.store import Store
from hillsprint.ui.home.start_screen import StartScreen
from hillsprint.ui.library.hill_details import hill_details_lookup

OWN_PLAN_MARK = "  (own plan)"


class StartChoices(QObject):
    def __init__(self, store: Store, settings: Settings, window: QWidget) -> None:
        """Build the StartScreen with `plan_entries()`, then `attach` it."""
        super().__init__(window)
        self.start: StartScreen | None = None
        self.store = store
        self.settings = settings
        self.window = window
        self.plan_library = store.plans
        self.hill_library = store.hills
        self._problems: dict[str, str] = {}  # area -> what failed, until `start` shows it
        self._builtins: list[Plan] = []  # every built-in plan object handed out (by identity)
        self._files: list[tuple[str, Plan]] = []  # plan files opened this run, newest first
        self._ignored: str | None = None  # the session whose suggestion the runner ignored
        self._last_session: str | None = None  # the session the suggestion is about
        self.plans_dialog = None
        self.hills_dialog = None

    def attach(self, start: StartScreen) -> None:
        self.start = start
        start.plansRequested.connect(self.open_plans)
        start.hillsRequested.connect(self.open_hills)
        start.suggestionAccepted.connect(self.accept_suggestion)
        start.suggestionIgnored.connect(self._suggestion_ignored)
        for area, text in self._problems.items():
            start.show_storage_problem(area, text)
        self.refresh_hills()

    def _report(self, area: str, failed: str, exc: StorageError | None = None) -> None:
        """Say that `failed` ("Your plans could not be read") and why; `exc` None: `area`
        worked this time, so its line goes."""
        text = "" if exc is None else f"{failed}: {exc}"
        if text:
            self._problems[area] = text
        else:
            self._problems.pop(area, None)
        if self.start is not None:
            self.start.show_storage_problem(area, text)

    # -- plans ---------------------------------------------------------------------------------

    def plan_entries(self) -> list[tuple[str, Plan]]:
        own = []
        try:
            entries = self.plan_library.list()
        except StorageError as exc:
            entries = []  # the built-in plans and plan files are still there to run
            self._report("plans", "Your plans could not be read", exc)
        else:
            self._report("plans", "")
        for entry in entries:
            if entry.plan is not None:  # a broken stored plan is shown in the library only
                own.append((entry.name + OWN_PLAN_MARK, entry.plan))
        builtins = [(preset.name, self._with_lead_in(preset)) for preset in PRESETS.values()]
        return [*self._files, *own, *builtins]

    def refresh_plans(self, choose: Plan | None = None) -> None:
        self.start.set_plans(self.plan_entries(), choose)

    def add_plan_file(self, path: str, plan: Plan) -> None:
        """A plan read from a file: first in the list, and chosen."""
        entry = (f"{plan.name}  (from {Path(path).name})", plan)
        self._files.insert(0, entry)
        if self.start is not None:
            self.refresh_plans(choose=plan)

    def _with_lead_in(self, preset: Plan) -> Plan:
        plan = replace(preset, get_ready_s=self.settings.get_ready_s)
        self._builtins.append(plan)
        return plan

    def is_builtin(self, plan: Plan) -> bool:
        """Identity, not equality: a plan file may equal a preset but for its own lead-in."""
        return any(plan is builtin for builtin in self._builtins)

    def plan_for_session(self, plan: Plan) -> Plan:
        """The plan to run: a built-in one with the lead-in set now, others as they are."""
        if self.is_builtin(plan) and plan.get_ready_s != self.settings.get_ready_s:
            return self._with_lead_in(plan)
        return plan

    def open_plans(self) -> None:
        from hillsprint.ui.library.plan_library_dialog import PlanLibraryDialog

        dialog = PlanLibraryDialog(
            self.plan_library, self.window, get_ready_s=self.settings.get_ready_s
        )
        dialog.plansChanged.connect(self.refresh_plans)
        dialog.planChosen.connect(self._plan_chosen_in_library)
        dialog.finished.connect(self._plans_closed)
        self.plans_dialog = dialog
        dialog.select_name(self.start.current_plan().name)  # the plan on the start screen
        dialog.open()

    def _plans_closed(self) -> None:
        dialog, self.plans_dialog = self.plans_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.start.setFocus()

    def _plan_chosen_in_library(self, plan: Plan) -> None:
        """ "Use this plan": the same plan in the picker (a preset gets the lead-in)."""
        entries = self.plan_entries()
        for _label, offered in entries:
            if offered.name == plan.name:
                self.start.set_plans(entries, offered)
                return
        self.start.set_plans(entries)

    def choose_last_used(self) -> None:
        """Start where the runner left off: the newest finished session's plan (when it is
        still offered, by name) and hill, so its progression suggestion shows at once."""
        try:
            last = self.store.last_finished_session()
        except StorageError as exc:
            self._report("last", "Your last session could not be read", exc)
            return
        self._report("last", "")
        if last is None:
            return
        _session_id, plan_name, hill = last
        entries = self.plan_entries()
        plan = next((p for _label, p in entries if p.name == plan_name), None)
        if plan is not None:
            self.start.set_plans(entries, plan)
        self.start.set_hill(hill)

    # -- hills ---------------------------------------------------------------------------------

    def refresh_hills(self) -> None:
        try:
            names = [hill.name for hill in self.hill_library.list()]
        except StorageError as exc:
            names = []  # a hill can still be typed in
            self._report("hills", "Your hills could not be read", exc)
        else:
            self._report("hills", "")
        self.start.set_hills(names)
        self.start.set_hill_details(hill_details_lookup(self.hill_library, self.settings.units))

    def hill_details(self):
        """The lookup the session detail uses to describe a hill in the runner's units."""
        return hill_details_lookup(self.hill_library, self.settings.units)

    def open_hills(self) -> None:
        from hillsprint.ui.library.hills_dialog import HillsDialog

        dialog = HillsDialog(
            self.hill_library,
            self.settings.units,
            self.window,
            initial_name=self.start.current_hill(),
        )
        dialog.hillsChanged.connect(self.refresh_hills)
        dialog.finished.connect(self._hills_closed)
        self.hills_dialog = dialog
        dialog.open()

    def _hills_closed(self) -> None:
        dialog, self.hills_dialog = self.hills_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.start.setFocus()

    def remember_hill(self, name: str | None) -> None:
        """A session started at a hill the library does not know: add it (name only), so it
        is offered next time and its details can be filled in under Hills…."""
        if not name:
            return
        from hillsprint.core.hill import Hill

        try:
            if self.hill_library.find(name) is None:
                self.hill_library.add(Hill(name))
                self.refresh_hills()
        except LibraryError:
            pass  # a name the library refuses (too long, say) still labels the session
        except StorageError as exc:
            self._report("new hill", f"The hill {name!r} could not be added to your hills", exc)
        else:
            self._report("new hill", "")

    # -- settings ------------------------------------------------------------------------------

    def set_settings(self, settings: Settings) -> None:
        """New settings: built-in plans take the new lead-in, hills the new units."""
        self.settings = settings
        self.refresh_plans()
        self.refresh_hills()

    # -- advice --------------------------------------------------------------------------------

    def refresh_advice(self, now: datetime) -> None:
        """The reminders for a runner at this point, and the suggestion for the newest
        finished session's plan and hill (unless the runner ignored that one)."""
        try:
            done = self.store.finished_session_count()
            hours = self.store.hours_since_last_session(now)
            last = self.store.last_finished_session()
            outcomes = None
            if last is not None and last[0] != self._ignored:
                outcomes = self.store.recent_outcomes(last[1], last[2])
        except StorageError as exc:
            self._report("advice", "Your sessions could not be read for advice", exc)
            return
        self._report("advice", "")
        self.start.show_reminders(reminders_for(done, hours))
        if outcomes is None:
            self.start.clear_suggestion()
            return
        self._last_session, plan_name, hill = last
        self.start.show_suggestion(suggest_next(outcomes), plan_name, hill)

    def _suggestion_ignored(self) -> None:
        self._ignored = self._last_session

    def accept_suggestion(self, plan: Plan, suggestion: Suggestion) -> None:
        """Save the suggested plan ("Hill power (9 reps)") as an own plan and choose it; a
        plan of that name already saved with the same content is reused."""
        new = apply_suggestion(plan, suggestion)
        try:
            existing = self.plan_library.find(new.name)
            if existing is not None and existing.plan is not None:
                if existing.plan.to_json() != new.to_json():
                    new = replace(new, name=self.plan_library.unique_name(new.name))
                    self.plan_library.save_new(new)
            else:
                self.plan_library.save_new(new)
        except (LibraryError, StorageError) as exc:
            self.start.show_notice(f"The suggested plan could not be saved: {exc}")
            return
        entries = self.plan_entries()
        chosen = next((p for _l, p in entries if p.name == new.name), None)
        self.start.set_plans(entries, chosen)
