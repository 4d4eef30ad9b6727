"""Run a real session in this process (offscreen, real clock) and print each stored rep; the
crash-recovery test kills it with SIGKILL part-way. Usage: python _session_runner.py DATA_DIR
[--hold-folder] (hold the data folder as the app's window does)."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.paths import resolve_paths
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.store import Store
from hillsprint.ui.home.main_window import MainWindow

PLAN = Plan("Crashy", (RepSpec(0.3, 0.3),) * 6, warmup_s=0, get_ready_s=0.3, cooldown_s=30)


def main() -> None:
    app = QApplication([])
    data = Path(sys.argv[1])
    if "--hold-folder" in sys.argv:
        from hillsprint.instance_lock import claim_for_window

        claim_for_window(data)
    repository = SessionRepository(open_database(data / "hillsprint.sqlite3"))
    window = MainWindow(Store(repository.connection), resolve_paths(data))
    window.show()
    window.start_session(PLAN)
    window.controller.repStored.connect(
        lambda rep: print(f"stored {rep.number} {rep.recovery_s is not None}", flush=True)
    )
    app.exec()


if __name__ == "__main__":
    main()
