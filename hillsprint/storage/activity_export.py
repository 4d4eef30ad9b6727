"""Stored sessions to FIT or TCX activity files for a training log: which sessions, which file
names, and writing them whole.

One file per session, named `YYYY-MM-DD_HHMM_<plan>.<fit|tcx>` from the local time the session
started, so files sort by date and say what was run. Sessions still in progress are not
exported (as in the CSV export): their end is not known yet. The hill's length and gradient come
from the hill library, matched by name as the history does; a hill since renamed or deleted
gives no distance. Every file is written under a temporary name and renamed into place, and
every failure is an `ActivityExportError` with a one-line message.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from hillsprint.core.activity_laps import Activity, HillFacts, build_activity
from hillsprint.core.records import SessionStatus
from hillsprint.storage.atomic_file import write_atomically
from hillsprint.storage.hills import HillLibrary
from hillsprint.storage.repository import SessionRepository, StoredSession

FORMATS = ("fit", "tcx")
MAX_NAME_PART = 60  # characters of the plan's name in a file name
MIN_ID_PREFIX = 6


class ActivityExportError(Exception):
    """The export was refused or failed; the one-line message says why and names the file."""


@dataclass(frozen=True)
class ExportedFile:
    session_id: str
    path: Path


def find_sessions(
    conn: sqlite3.Connection,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    session_ids: Iterable[str] = (),
) -> list[StoredSession]:
    """Finished sessions, oldest first: those named by id (a unique prefix of at least
    MIN_ID_PREFIX characters will do), else those that started between the two local dates
    (both included; the calendar date the runner saw, as the CSV export counts it)."""
    repo = SessionRepository(conn)
    wanted = [text.strip().lower() for text in session_ids]
    sessions = repo.list_sessions()
    if wanted:
        chosen: dict[str, StoredSession] = {}
        for text in wanted:
            session = _by_id(sessions, text)
            chosen[session.id] = session
        picked = list(chosen.values())
    else:
        picked = [
            s
            for s in sessions
            if s.status is not SessionStatus.IN_PROGRESS
            and (date_from is None or s.started_at[:10] >= date_from.isoformat())
            and (date_to is None or s.started_at[:10] <= date_to.isoformat())
        ]
    return sorted(picked, key=lambda s: (datetime.fromisoformat(s.started_at), s.id))


def _by_id(sessions: list[StoredSession], text: str) -> StoredSession:
    if len(text) < MIN_ID_PREFIX:
        raise ActivityExportError(
            f"session id {text!r} is too short: give at least {MIN_ID_PREFIX} characters"
        )
    matches = [s for s in sessions if s.id.startswith(text)]
    if not matches:
        raise ActivityExportError(f"no session with id {text!r}")
    if len(matches) > 1:
        raise ActivityExportError(f"{len(matches)} sessions have ids starting {text!r}")
    session = matches[0]
    if session.status is SessionStatus.IN_PROGRESS:
        raise ActivityExportError(
            f"session {session.id} is still in progress: finish it in HillSprint first"
        )
    return session


def session_activity(conn: sqlite3.Connection, session: StoredSession) -> Activity:
    """The laps of one stored session, with its hill's facts from the library."""
    repo = SessionRepository(conn)
    hill = HillLibrary(conn).find(session.hill)
    facts = HillFacts(
        name=session.hill.strip() if session.hill and session.hill.strip() else None,
        length_m=hill.length_m if hill else None,
        gradient_pct=hill.gradient_pct if hill else None,
    )
    return build_activity(
        started_at=session.started_at,
        ended_at=session.ended_at,
        plan=session.plan,
        reps=repo.reps(session.id),
        actions=repo.actions(session.id),
        status=session.status.value,
        session_rpe=session.session_rpe,
        duration_s=session.duration_s,
        notes=session.notes,
        hill=facts,
    )


def encode(activity: Activity, fmt: str, serial: str = "") -> bytes:
    """The file's bytes in `fmt` ("fit" or "tcx")."""
    if fmt == "fit":
        from hillsprint.storage.fit_export import fit_bytes

        return fit_bytes(activity, serial)
    if fmt == "tcx":
        from hillsprint.storage.tcx_export import tcx_bytes

        return tcx_bytes(activity)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")


def file_name(session: StoredSession, fmt: str) -> str:
    """2026-05-04_0700_Classic-8x10.fit: local start time and a file-safe plan name."""
    started = datetime.fromisoformat(session.started_at)
    return f"{started:%Y-%m-%d_%H%M}_{safe_name(session.plan_name)}.{fmt}"


def safe_name(text: str) -> str:
    """Letters, digits, '-', '_' and '.' only (any script), spaces as '-': safe on every file
    system and in a shell, never empty, never hidden."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+", "-", text.strip())
    text = "".join(ch for ch in text if ch.isalnum() or ch in "-_.")
    text = re.sub(r"-{2,}", "-", text).strip("-.")[:MAX_NAME_PART].rstrip("-.")
    return text or "session"


def export_sessions(
    conn: sqlite3.Connection, sessions: list[StoredSession], out: Path, fmt: str
) -> list[ExportedFile]:
    """Write one file per session. With one session `out` may be a file name or a folder; with
    several it is a folder (created if its parent exists). An existing file of the same name is
    replaced: a session exported again gives the same bytes."""
    if fmt not in FORMATS:
        raise ActivityExportError(f"unknown format {fmt!r}: choose {' or '.join(FORMATS)}")
    if not sessions:
        raise ActivityExportError("no finished session to export")
    out = Path(out)
    if len(sessions) == 1 and not out.is_dir() and out.suffix:
        targets = [out]
        _need_folder(out.parent, out)
    else:
        if out.suffix.lower() in (".fit", ".tcx") and not out.is_dir():
            raise ActivityExportError(
                f"cannot export {len(sessions)} sessions to one file {out}: give a folder"
            )
        if out.exists() and not out.is_dir():
            raise ActivityExportError(
                f"cannot export {len(sessions)} sessions to {out}: it is a file; give a folder"
            )
        _need_folder(out.parent, out)
        try:
            out.mkdir(exist_ok=True)
        except OSError as exc:
            raise ActivityExportError(f"cannot create folder {out}: {_why(exc)}") from None
        targets = _unique([out / file_name(s, fmt) for s in sessions])
    written = []
    for session, target in zip(sessions, targets, strict=True):
        data = encode(session_activity(conn, session), fmt, serial=session.id)
        try:
            write_atomically(target, lambda stream, data=data: stream.write(data), binary=True)
        except OSError as exc:
            raise ActivityExportError(
                f"cannot write {target}: {_why(exc)}"
                + (f"; {len(written)} file(s) written before it" if written else "")
            ) from None
        written.append(ExportedFile(session.id, target))
    return written


def _need_folder(folder: Path, out: Path) -> None:
    if not folder.is_dir():
        raise ActivityExportError(f"cannot export to {out}: folder {folder} does not exist")


def _unique(paths: list[Path]) -> list[Path]:
    """Two sessions in the same minute with the same plan: _2, _3 ... on the later ones."""
    seen: set[str] = set()
    out = []
    for path in paths:
        candidate, n = path, 1
        while candidate.name.casefold() in seen:
            n += 1
            candidate = path.with_name(f"{path.stem}_{n}{path.suffix}")
        seen.add(candidate.name.casefold())
        out.append(candidate)
    return out


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
