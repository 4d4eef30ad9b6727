"""The import's answers, pinned: every bad file's error list and every good file's database.

The reader has a fast path for rows in the exported format and careful per-cell checks for the
rest; both must say exactly the same thing. `data/import_errors.txt` holds what the reader said
before the fast path existed (the path of the file shown as FILE), and `data/reps_sample.csv`
the sample export the cases start from (see csv_samples.py). A changed message is then a
visible diff of that file, never a side effect.

Writing the expected file again (only when a message is changed on purpose):
    PYTHONPATH=$PWD python tests/storage/test_csv_pinned.py --write
"""

from __future__ import annotations

import sys
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from csv_samples import (
    BAD_CASES,
    EXPECTED,
    GOOD_CASES,
    SAMPLE,
    build_sample,
    database_digest,
    sequential_ids,
)

from hillsprint.storage.csv_export import export_csv
from hillsprint.storage.csv_import import import_csv
from hillsprint.storage.csv_reading import CsvImportError
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository


def outcome(data: bytes, folder: Path) -> str:
    """What importing `data` into an empty database says, with the file's path as FILE."""
    path = folder / "in.csv"
    path.write_bytes(data)
    with closing(open_database(folder / "db.sqlite3")) as conn:
        try:
            result = import_csv(conn, path)
        except CsvImportError as exc:
            assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
            text = str(exc).replace(str(path), "FILE")
            return f"refused, {exc.total} problem(s)\n{text}"
        return f"imported {result}: {database_digest(conn)}"


def expected() -> dict[str, str]:
    cases: dict[str, str] = {}
    name = None
    for line in EXPECTED.read_text(encoding="utf-8").split("\n"):
        if line.startswith("=== "):
            name = line[4:]
            cases[name] = ""
        elif name is not None:
            cases[name] += line + "\n"
    return {key: value.rstrip("\n") for key, value in cases.items()}


@pytest.fixture(scope="module")
def sample() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture(scope="module")
def pinned() -> dict[str, str]:
    return expected()


def test_the_sample_export_is_byte_identical(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(uuid, "uuid4", sequential_ids())
    with closing(open_database(tmp_path / "db.sqlite3")) as conn:
        build_sample(SessionRepository(conn))
        export_csv(conn, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == SAMPLE.read_bytes()


def test_every_case_is_pinned(pinned) -> None:
    assert sorted(pinned) == sorted([*BAD_CASES, *GOOD_CASES])


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_file_errors_are_unchanged(case: str, sample, pinned, tmp_path: Path) -> None:
    said = outcome(BAD_CASES[case](sample), tmp_path)
    assert said.startswith("refused")
    assert said == pinned[case]


@pytest.mark.parametrize("case", sorted(GOOD_CASES))
def test_good_file_imports_are_unchanged(case: str, sample, pinned, tmp_path: Path) -> None:
    said = outcome(GOOD_CASES[case](sample), tmp_path)
    assert said.startswith("imported")
    assert said == pinned[case]


def write_expected() -> None:
    import tempfile

    sample = SAMPLE.read_bytes()
    parts = []
    for name, case in sorted({**BAD_CASES, **GOOD_CASES}.items()):
        with tempfile.TemporaryDirectory() as folder:
            parts.append(f"=== {name}\n{outcome(case(sample), Path(folder))}\n")
    EXPECTED.write_text("".join(parts), encoding="utf-8")


def write_sample() -> None:
    import tempfile

    uuid.uuid4 = sequential_ids()
    with (
        tempfile.TemporaryDirectory() as folder,
        closing(open_database(Path(folder) / "db.sqlite3")) as conn,
    ):
        build_sample(SessionRepository(conn))
        SAMPLE.parent.mkdir(exist_ok=True)
        export_csv(conn, SAMPLE)


if __name__ == "__main__":
    if "--write-sample" in sys.argv:
        write_sample()
    if "--write" in sys.argv:
        write_expected()
