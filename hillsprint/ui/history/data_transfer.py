"""A CSV import or export of the history, run on a worker thread with its own database
connection, so that the window keeps painting and answering while 100,000 reps go through
(about a second or two) and can show how far it is.

`DataTransfer(work)` runs `work(progress)` on its thread; `progress(done, total)` may be called
from there as often as the work likes (the storage calls it every few thousand rows) and
arrives in the window as the `progressed` signal. The result, or the exception, arrives as
`finishedWith(result, error)`: exactly one of them is None.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QProgressBar

Progress = Callable[[int, int], None]


class DataTransfer(QThread):
    progressed = Signal(int, int)  # done, total
    finishedWith = Signal(object, object)  # result, error

    def __init__(self, work: Callable[[Progress], object], parent: QObject | None = None):
        super().__init__(parent)
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit)
        except Exception as exc:
            self.finishedWith.emit(None, exc)
        else:
            self.finishedWith.emit(result, None)


class TransferProgress(QProgressBar):
    """The bar of one transfer at a time: hidden until `run` starts one, busy until the first
    count arrives, then done/total."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("transferProgress")
        self._job: DataTransfer | None = None
        self.hide()

    def busy(self) -> bool:
        return self._job is not None

    def run(self, doing: str, work, finished) -> bool:
        """Start `work` (see DataTransfer); `finished(result, error)` afterwards. False, and
        nothing started, while another transfer runs."""
        if self._job is not None:
            return False
        job = DataTransfer(work, self)
        self._job = job
        self.setRange(0, 0)
        self.setFormat(f"{doing}… %p %")
        self.show()

        def counted(done: int, total: int) -> None:
            self.setRange(0, max(total, 1))
            self.setValue(done)

        def over(result, error) -> None:
            self._job = None
            job.wait()
            job.deleteLater()
            self.hide()
            finished(result, error)

        job.progressed.connect(counted)
        job.finishedWith.connect(over)
        job.start()
        return True
