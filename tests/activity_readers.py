"""Reading exported activity files back with independent readers, for the export tests.

- FIT: Garmin's own decoder (`garmin-fit-sdk`: `is_fit`, `check_integrity`, `read` with no
  errors) and `fitdecode`, a second implementation.
- TCX: Garmin's TrainingCenterDatabase v2 schema (vendored in storage/schemas/, checked with
  `xmlschema`) and `tcxreader`.
Imported by name, like tests/cli_support.py.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import fitdecode
import pytest
import xmlschema
from garmin_fit_sdk import Decoder, Stream
from tcxreader.tcxreader import TCXReader

SCHEMA_FILE = Path(__file__).parent / "storage" / "schemas" / "TrainingCenterDatabasev2.xsd"
SCHEMA_SHA256 = "b690f3c3b943c5a0784246add6671218489d5762b6e1dcff00544a6556eee35e"
TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
_schema = None


@dataclass
class FitView:
    """What a reader found: messages by name, as lists of {field name: value} dicts."""

    messages: dict[str, list[dict]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> list[dict]:
        return self.messages.get(name, [])


def garmin_read(data: bytes) -> FitView:
    """Garmin's decoder; fails the test on any integrity problem or decode error. Developer
    fields are returned by their registered names."""
    assert Decoder(Stream.from_byte_array(bytearray(data))).is_fit()
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    names = {
        (d["developer_data_index"], d["field_definition_number"]): d["field_name"]
        for d in messages.get("field_description_mesgs", [])
    }
    view = FitView()
    for key, items in messages.items():
        name = key.removesuffix("_mesgs")
        rows = []
        for item in items:
            row = {k: v for k, v in item.items() if k != "developer_fields"}
            for number, value in item.get("developer_fields", {}).items():
                row[names[(0, number)]] = value
            rows.append(row)
        view.messages[name] = rows
    return view


def fitdecode_read(data: bytes) -> FitView:
    """fitdecode with CRC checks on; developer fields by name, like the other fields."""
    view = FitView()
    with fitdecode.FitReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.RAISE,
    ) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                row = {f.name: f.value for f in frame.fields}
                units = {f.name: f.units for f in frame.fields}
                row["_units"] = units
                view.messages.setdefault(frame.name, []).append(row)
    return view


def tcx_schema() -> xmlschema.XMLSchema:
    global _schema
    if not SCHEMA_FILE.exists():
        pytest.skip(f"{SCHEMA_FILE} is not there (see schemas/README.md)")
    if _schema is None:
        assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256
        _schema = xmlschema.XMLSchema(str(SCHEMA_FILE))
    return _schema


def validate_tcx(data: bytes) -> None:
    tcx_schema().validate(io.BytesIO(data))


def tcxreader_read(data: bytes, tmp_path: Path):
    path = tmp_path / "read-back.tcx"
    path.write_bytes(data)
    # no GPS in HillSprint files: keep the trackpoints without a position
    return TCXReader().read(str(path), only_gps=False)


def tcx_laps(data: bytes) -> list[dict]:
    """Each Lap's StartTime, TotalTimeSeconds, DistanceMeters, Intensity and Notes."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(data)
    out = []
    for lap in root.iter(f"{TCX}Lap"):
        out.append(
            {
                "start": datetime.fromisoformat(lap.get("StartTime")),
                "seconds": float(lap.findtext(f"{TCX}TotalTimeSeconds")),
                "distance": float(lap.findtext(f"{TCX}DistanceMeters")),
                "intensity": lap.findtext(f"{TCX}Intensity"),
                "trigger": lap.findtext(f"{TCX}TriggerMethod"),
                "notes": lap.findtext(f"{TCX}Notes"),
            }
        )
    return out
