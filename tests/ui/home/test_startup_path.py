"""Nothing heavy on the way to the first paint: QtMultimedia, QtDBus (and later pyqtgraph) load
only when a session, the sound layer or the history needs them."""

from import_probe import run_fresh

SCRIPT = """
import sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from hillsprint.paths import resolve_paths
from hillsprint.storage.database import open_database
from hillsprint.storage.store import Store
from hillsprint.ui.home.main_window import MainWindow
d = tempfile.mkdtemp()
conn = open_database(Path(d) / "x.sqlite3")
window = MainWindow(Store(conn), resolve_paths(d))
window.show()
app.processEvents()
heavy = ("PySide6.QtMultimedia", "PySide6.QtDBus", "pyqtgraph", "PySide6.QtTextToSpeech",
         "hillsprint.ui.hill.summary_screen")
print(",".join(sorted(m for m in sys.modules if m.startswith(heavy))))
window.close()
conn.close()
"""


def test_the_start_screen_loads_nothing_heavy(tmp_path):
    assert run_fresh(SCRIPT, cwd=tmp_path).strip() == ""
