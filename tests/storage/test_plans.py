"""Own plans: CRUD, names, validation, broken rows, plan files, safe writing."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from hillsprint.core.clock import ManualClock
from hillsprint.core.plan import MAX_NAME_LEN, Plan, RepSpec, load_plan_file
from hillsprint.core.presets import PRESETS, preset
from hillsprint.storage.database import open_database, transaction
from hillsprint.storage.library_errors import (
    InvalidFieldError,
    LibraryError,
    NameClashError,
    NotInLibraryError,
)
from hillsprint.storage.plans import BrokenPlanError, PlanFileError, PlanLibrary
from hillsprint.storage.repository import SessionRepository

T0 = "2026-05-04T07:00:00.000+02:00"
INSERT_PLAN = "INSERT INTO plans (name, plan_json, created_at, updated_at) VALUES (?, ?, ?, ?)"


@pytest.fixture
def conn(db_path: Path) -> Iterator[sqlite3.Connection]:
    with closing(open_database(db_path)) as connection:
        yield connection


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def plans(conn: sqlite3.Connection, clock: ManualClock) -> PlanLibrary:
    return PlanLibrary(conn, clock)


def mine(name: str = "My hills", sprints: int = 6) -> Plan:
    return Plan(
        name=name,
        reps=(RepSpec(12, 90),) * (sprints - 1) + (RepSpec(15, 120, manual=True),),
        warmup_s=480,
        description="six and a long one",
    )


def fresh_look(db_path: Path) -> sqlite3.Connection:
    """A second connection: sees only what was committed."""
    return sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)


def files_in(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


# -- plans: CRUD -------------------------------------------------------------------------------


def test_save_list_get_find(plans: PlanLibrary, db_path: Path) -> None:
    assert plans.list() == []
    entry = plans.save_new(mine())
    assert (entry.name, entry.plan, entry.problem, entry.broken) == ("My hills", mine(), "", False)
    assert entry.created_at == entry.updated_at == T0
    assert plans.list() == [entry]
    assert plans.get(entry.id) == entry
    assert plans.find("  my HILLS ") == entry
    assert plans.get(entry.id + 1) is None
    assert plans.find("Nope") is None
    assert not plans.connection.in_transaction
    with closing(fresh_look(db_path)) as other:  # committed, as plan-file JSON text
        [(name, text)] = other.execute("SELECT name, plan_json FROM plans").fetchall()
    assert (name, text) == ("My hills", mine().to_json_text())


def test_list_is_by_name_ignoring_case(plans: PlanLibrary) -> None:
    for name in ("beta", "Alpha", "gamma", "Delta"):
        plans.save_new(mine(name))
    assert [e.name for e in plans.list()] == ["Alpha", "beta", "Delta", "gamma"]


def test_presets_are_not_stored(plans: PlanLibrary) -> None:
    assert plans.list() == []
    plans.duplicate(preset("hill-power"))
    assert [e.name for e in plans.list()] == ["Hill power (2)"]


def test_saved_names_are_trimmed(plans: PlanLibrary) -> None:
    entry = plans.save_new(mine("  Spaced out  "))
    assert entry.name == entry.plan.name == "Spaced out"


def test_invalid_plan_is_refused_naming_the_field(plans: PlanLibrary) -> None:
    with pytest.raises(InvalidFieldError, match=r"^plan: reps\[1\]\.sprint_s") as caught:
        plans.save_new(Plan(name="Bad", reps=(RepSpec(10, 60), RepSpec(0, 60))))
    assert caught.value.field == "plan"
    with pytest.raises(InvalidFieldError, match="name: must not be empty"):
        plans.save_new(mine("   "))
    with pytest.raises(LibraryError, match="reps: the list is empty"):
        plans.save_new(Plan(name="Empty", reps=()))
    assert plans.list() == []


def test_name_clash_names_the_plan(plans: PlanLibrary) -> None:
    plans.save_new(mine("Ölberg repeats"))
    with pytest.raises(NameClashError, match="an own plan called 'Ölberg repeats' already") as e:
        plans.save_new(mine("ÖLBERG REPEATS"))  # not only ASCII letters ignore case
    assert e.value.name == "ÖLBERG REPEATS"
    assert len(plans.list()) == 1


def test_a_preset_name_is_taken(plans: PlanLibrary) -> None:
    with pytest.raises(NameClashError, match="'Hill power' is the name of a built-in plan"):
        plans.save_new(mine("hill POWER"))


def test_unique_name(plans: PlanLibrary) -> None:
    assert plans.unique_name("Fresh") == "Fresh"
    assert plans.unique_name("  Fresh  ") == "Fresh"
    assert plans.unique_name("Hill power") == "Hill power (2)"
    plans.save_new(mine("X"))
    assert plans.unique_name("x") == "x (2)"
    plans.save_new(mine("X (2)"))
    assert plans.unique_name("X") == "X (3)"
    assert plans.unique_name("X (2)") == "X (3)"  # counts on, not "X (2) (2)"
    assert plans.unique_name("Y (7)") == "Y (7)"  # a free name is kept as it is
    long = "L" * (MAX_NAME_LEN + 20)
    plans.save_new(mine(plans.unique_name(long)))
    assert plans.unique_name(long) == "L" * (MAX_NAME_LEN - 4) + " (2)"
    assert plans.unique_name("") == "Plan"


def test_update_edits_and_renames(plans: PlanLibrary, clock: ManualClock) -> None:
    entry = plans.save_new(mine())
    other = plans.save_new(mine("Other"))
    clock._boot += 3600  # an hour later
    changed = plans.update(entry.id, mine("Longer hills", sprints=8))
    assert changed.created_at == T0
    assert changed.updated_at == "2026-05-04T08:00:00.000+02:00"
    assert plans.get(entry.id) == changed
    assert changed.plan == mine("Longer hills", sprints=8)
    assert plans.update(entry.id, mine("LONGER hills")).name == "LONGER hills"  # its own name
    with pytest.raises(NameClashError, match="'Other' already exists"):
        plans.update(entry.id, mine("other"))
    with pytest.raises(NameClashError, match="built-in"):
        plans.update(entry.id, replace(PRESETS["minimal"]))
    with pytest.raises(NotInLibraryError, match="no own plan with id 999"):
        plans.update(999, mine("Ghost"))
    assert plans.get(other.id) == other
    assert [e.name for e in plans.list()] == ["LONGER hills", "Other"]


def test_delete(plans: PlanLibrary) -> None:
    entry = plans.save_new(mine())
    plans.delete(entry.id)
    assert plans.list() == []
    with pytest.raises(NotInLibraryError):
        plans.delete(entry.id)


def test_deleting_a_plan_leaves_history_alone(plans: PlanLibrary, conn) -> None:
    entry = plans.save_new(mine())
    repo = SessionRepository(conn)
    session_id = repo.start_session(entry.plan, T0)
    plans.delete(entry.id)
    assert repo.get_session(session_id).plan == mine()


def test_duplicate_own_plan_and_preset(plans: PlanLibrary) -> None:
    entry = plans.save_new(mine())
    copy = plans.duplicate(entry.id)
    assert copy.name == "My hills (2)"
    assert copy.plan == replace(mine(), name="My hills (2)")
    assert plans.duplicate(copy.id).name == "My hills (3)"
    from_preset = plans.duplicate(preset("pyramid"))
    assert from_preset.plan == replace(preset("pyramid"), name="Pyramid (2)")
    with pytest.raises(NotInLibraryError):
        plans.duplicate(12345)


# -- plans: broken rows --------------------------------------------------------------------------


BROKEN_ROWS = [
    ("Not JSON", "{'name': 'x'", "not valid JSON"),
    (
        "No reps",
        '{"name": "No reps", "warmup_s": 0, "get_ready_s": 10, "cooldown_s": 0, "reps": []}',
        "reps: the list is empty",
    ),
    (
        "From the future",
        '{"name": "From the future", "warmup_s": 0, "get_ready_s": 10,'
        ' "cooldown_s": 0, "reps": [{"sprint_s": 10, "recovery_s": 60}], "music": "loud"}',
        "music: unknown key",
    ),
    ("A blob", b"\x00\x01", "stored as bytes, not JSON text"),
]


def test_broken_rows_are_listed_with_the_reason(plans: PlanLibrary, conn) -> None:
    good = plans.save_new(mine())
    with transaction(conn):
        for name, text, _ in BROKEN_ROWS:
            conn.execute(INSERT_PLAN, (name, text, T0, T0))
    listed = {e.name: e for e in plans.list()}
    assert listed.pop("My hills") == good
    for name, _, reason in BROKEN_ROWS:
        entry = listed[name]
        assert entry.broken and entry.plan is None
        assert reason in entry.problem, entry.problem
        assert plans.get(entry.id) == entry
    broken = listed["No reps"]
    with pytest.raises(BrokenPlanError, match="own plan 'No reps' is broken: reps: the list"):
        plans.duplicate(broken.id)
    with pytest.raises(BrokenPlanError):
        plans.export_plan_file(broken.id, conn_dir(conn) / "out.json")
    fixed = plans.update(broken.id, mine("No reps"))  # a broken plan can be replaced...
    assert plans.get(broken.id) == fixed and not fixed.broken
    plans.delete(listed["A blob"].id)  # ...or deleted
    assert len(plans.list()) == len(BROKEN_ROWS)


def test_the_name_column_names_the_plan(plans: PlanLibrary, conn) -> None:
    """Hand-edited JSON whose name differs: the list shows, and uses, the stored name."""
    with transaction(conn):
        conn.execute(INSERT_PLAN, ("Listed", mine("Inside").to_json_text(), T0, T0))
    [entry] = plans.list()
    assert entry.name == entry.plan.name == "Listed"


def conn_dir(conn: sqlite3.Connection) -> Path:
    return Path(conn.execute("PRAGMA database_list").fetchone()[2]).parent


# -- plans: transactions -------------------------------------------------------------------------


def test_a_refused_write_inside_a_callers_transaction_rolls_back_only_itself(
    plans: PlanLibrary, conn, db_path: Path
) -> None:
    with transaction(conn):
        plans.save_new(mine("First"))
        with pytest.raises(NameClashError):
            plans.save_new(mine("first"))
        plans.save_new(mine("Second"))
        with closing(fresh_look(db_path)) as other:  # nothing visible before the commit
            assert other.execute("SELECT count(*) FROM plans").fetchone()[0] == 0
    assert [e.name for e in plans.list()] == ["First", "Second"]


def test_a_failed_write_leaves_nothing(plans: PlanLibrary, monkeypatch) -> None:
    entry = plans.save_new(mine())

    def fails(base: str) -> str:
        raise OSError("I/O error")

    monkeypatch.setattr(plans, "unique_name", fails)
    with pytest.raises(OSError, match="I/O error"):
        plans.duplicate(entry.id)
    assert not plans.connection.in_transaction
    assert plans.list() == [entry]


# -- plan files ----------------------------------------------------------------------------------


def test_export_import_round_trip(plans: PlanLibrary, tmp_path: Path) -> None:
    original = Plan(
        name="Odd one",
        reps=(RepSpec(10.5, 61.25), RepSpec(8, 90, manual=True)),
        warmup_s=0,
        get_ready_s=7.5,
        cooldown_s=0,
        description="ünïcode — and\nlines",
        source="me",
    )
    entry = plans.save_new(original)
    path = plans.export_plan_file(entry.id, tmp_path / "odd.hillsprint.json")
    assert path == tmp_path / "odd.hillsprint.json"
    assert path.read_text(encoding="utf-8") == original.to_json_text()
    assert load_plan_file(path) == original

    again = plans.import_plan_file(path)  # the name is taken: imported as a copy
    assert again.name == "Odd one (2)"
    assert again.plan == replace(original, name="Odd one (2)")

    plans.delete(entry.id)
    plans.delete(again.id)
    assert plans.import_plan_file(path).plan == original


def test_import_refuses_a_clash_when_asked(plans: PlanLibrary, tmp_path: Path) -> None:
    entry = plans.save_new(mine())
    path = plans.export_plan_file(entry.id, tmp_path / "p.json")
    with pytest.raises(NameClashError):
        plans.import_plan_file(path, rename=False)
    assert plans.list() == [entry]


def test_import_of_a_preset_file_gets_a_new_name(plans: PlanLibrary, tmp_path: Path) -> None:
    path = plans.export_plan_file(preset("minimal"), tmp_path / "minimal.json")
    assert plans.import_plan_file(path).name == "Minimal (2)"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "no such file"),
        (b'{"name": "x"}', "warmup_s: missing"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[1, 2", "not valid JSON"),
    ],
)
def test_import_problems_are_plan_file_errors(
    plans: PlanLibrary, tmp_path: Path, content: bytes | None, words: str
) -> None:
    path = tmp_path / "in.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PlanFileError, match=words) as caught:
        plans.import_plan_file(path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)
    assert plans.list() == []


def test_import_of_a_folder_is_refused(plans: PlanLibrary, tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="is a folder"):
        plans.import_plan_file(tmp_path)


def test_export_replaces_an_older_file(plans: PlanLibrary, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "p.json"
    out.write_text("old", encoding="utf-8")
    plans.export_plan_file(plans.save_new(mine()).id, out)
    assert load_plan_file(out) == mine()
    assert files_in(out.parent) == ["p.json"]


def test_exported_file_has_the_usual_permissions(plans: PlanLibrary, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = plans.export_plan_file(plans.save_new(mine()).id, tmp_path / "p.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_export_to_a_folder_is_refused(plans: PlanLibrary, tmp_path: Path) -> None:
    entry = plans.save_new(mine())
    with pytest.raises(PlanFileError, match=r"cannot export to .*: it is a folder, not a file"):
        plans.export_plan_file(entry.id, tmp_path)
    with pytest.raises(PlanFileError, match=r"folder .*missing does not exist"):
        plans.export_plan_file(entry.id, tmp_path / "missing" / "p.json")
    assert [n for n in files_in(tmp_path) if not n.startswith("hillsprint.sqlite3")] == []


def test_export_of_a_missing_plan(plans: PlanLibrary, tmp_path: Path) -> None:
    with pytest.raises(NotInLibraryError):
        plans.export_plan_file(7, tmp_path / "p.json")
    assert not (tmp_path / "p.json").exists()


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: a read-only folder does not stop root from writing",
)
def test_export_to_a_read_only_folder(plans: PlanLibrary, tmp_path: Path) -> None:
    entry = plans.save_new(mine())
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(PlanFileError, match="no permission to write in that folder"):
            plans.export_plan_file(entry.id, folder / "p.json")
        assert files_in(folder) == []
    finally:
        folder.chmod(0o755)


def test_export_without_permission(plans: PlanLibrary, tmp_path: Path, monkeypatch) -> None:
    """The same refusal, simulated, so that it is tested even when the tests run as root."""
    entry = plans.save_new(mine())
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".partial"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    out = tmp_path / "p.json"
    with pytest.raises(PlanFileError) as caught:
        plans.export_plan_file(entry.id, out)
    assert str(caught.value) == (
        f"cannot export to {out}: no permission to write in that folder; nothing was written"
    )
    assert not out.exists()


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_full_disk_leaves_no_partial_file(
    plans: PlanLibrary, tmp_path: Path, monkeypatch, failing: str
) -> None:
    entry = plans.save_new(mine())
    out = tmp_path / "out"
    out.mkdir()
    (out / "p.json").write_text("older export", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, failing, full)
    with pytest.raises(PlanFileError, match="the disk is full; nothing was written"):
        plans.export_plan_file(entry.id, out / "p.json")
    assert files_in(out) == ["p.json"]
    assert (out / "p.json").read_text(encoding="utf-8") == "older export"


def test_export_to_a_device_is_refused(plans: PlanLibrary) -> None:
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    with pytest.raises(PlanFileError, match="not a regular file"):
        plans.export_plan_file(preset("minimal"), "/dev/null")


def test_plan_file_errors_are_library_errors() -> None:
    assert issubclass(PlanFileError, LibraryError)
    assert issubclass(InvalidFieldError, LibraryError)
    assert issubclass(NameClashError, LibraryError)
    assert issubclass(NotInLibraryError, LookupError)


def test_timestamps_follow_the_clock(conn, clock: ManualClock) -> None:
    clock._wall0 -= timedelta(days=1)
    entry = PlanLibrary(conn, clock).save_new(mine())
    assert entry.created_at == "2026-05-03T07:00:00.000+02:00"
