"""A session as a TCX file (Garmin Training Center Database v2), written with the standard
library's XML.

TCX is the older XML format most training logs still import. It has no developer fields and no
RPE, but every lap and the activity have a free-text `Notes`, so the efforts go there in words
("Sprint 3: effort 7 (Very hard)"); the activity's `Notes` carries the plan, the hill, the
session effort, the Foster load and the runner's notes in full.

Element by element (Garmin's TrainingCenterDatabasev2.xsd; the tests validate against it):
- `Activity Sport="Running"`, `Id` = the start instant (UTC, milliseconds).
- One `Lap StartTime=...` per phase with `TotalTimeSeconds` (the timer time: pauses left
  out; TCX has no elapsed time), `DistanceMeters` (the hill's length on the sprint of a done
  rep when the hill's length is known, else 0: the schema requires the element), `Calories` 0
  (required; unknown), `Intensity` (Active; Resting for a walk-down), `TriggerMethod` (Time,
  or Manual when the runner ended the phase), a `Track` per stretch between pauses whose
  `Trackpoint`s have a `Time` (whole seconds and the stretch's ends) and, with a known hill
  length, the `DistanceMeters` covered so far, and `Notes`.
- `Training/Plan/Name`: the plan's name cut to the schema's 15 characters (in full in Notes).
- `Creator xsi:type="Device_t"` named HillSprint with its version.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime

from hillsprint import APP_NAME, __version__
from hillsprint.core.activity_laps import Activity, Lap, LapKind
from hillsprint.core.effort import effort_words

TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{TCX_NS} http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd"
MAX_PLAN_NAME = 15  # RestrictedToken_t: 1 to 15 characters
PRODUCT_ID = 1


def tcx_bytes(activity: Activity) -> bytes:
    """The whole TCX file, UTF-8 with an XML declaration."""
    root = ET.Element(
        "TrainingCenterDatabase",
        {"xmlns": TCX_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": SCHEMA_LOCATION},
    )
    activities = ET.SubElement(root, "Activities")
    element = ET.SubElement(activities, "Activity", Sport="Running")
    _text(element, "Id", _stamp(activity.at(0)))
    for lap in activity.laps:
        _lap(element, activity, lap)
    _text(element, "Notes", activity_notes(activity))
    # xsd:token collapses XML's four whitespace characters only; measure what is left after that
    plan_name = " ".join(re.split(r"[ \t\n\r]+", _xml_safe(activity.plan_name).strip(" \t\n\r")))
    plan_name = plan_name[:MAX_PLAN_NAME].rstrip(" ")
    if plan_name:
        training = ET.SubElement(element, "Training", VirtualPartner="false")
        plan = ET.SubElement(training, "Plan", Type="Workout", IntervalWorkout="true")
        _text(plan, "Name", plan_name)
    creator = ET.SubElement(element, "Creator", {"xsi:type": "Device_t"})
    _text(creator, "Name", APP_NAME)
    _text(creator, "UnitId", "0")
    _text(creator, "ProductID", str(PRODUCT_ID))
    _version(creator, __version__)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def lap_notes(activity: Activity, lap: Lap) -> str:
    """ "Sprint 3 of 8: effort 7 (Very hard)", "Walk-down 3 (ended with Space)", ..."""
    if lap.kind is LapKind.SPRINT:
        head = f"Sprint {lap.rep} of {activity.reps_planned}"
        facts = []
        if lap.effort is not None:
            words = effort_words(lap.effort)
            facts.append(f"effort {lap.effort}" + (f" ({words})" if words else ""))
        else:
            facts.append("no effort given")
        if lap.skipped:
            facts.append("cut short")
        return f"{head}: {', '.join(facts)}"
    if lap.kind is LapKind.WALK_DOWN and lap.manual:
        return f"{lap.title} (ended with Space)"
    return lap.title


def activity_notes(activity: Activity) -> str:
    """Plan, hill, efforts, load and the runner's notes, one fact a line."""
    lines = [f"Hill sprints: {activity.plan_name}"]
    if activity.hill.name:
        facts = []
        if activity.hill.length_m is not None:
            facts.append(f"{activity.hill.length_m:g} m")
        if activity.hill.gradient_pct is not None:
            facts.append(f"{activity.hill.gradient_pct:g} %")
        lines.append(f"Hill: {activity.hill.name}" + (f" ({', '.join(facts)})" if facts else ""))
    reps = f"Reps: {activity.reps_done} of {activity.reps_planned}"
    if activity.status == "ended_early":
        reps += " (ended early)"
    lines.append(reps)
    efforts = [
        f"{lap.rep}: {lap.effort}"
        for lap in activity.laps
        if lap.kind is LapKind.SPRINT and lap.effort is not None
    ]
    if efforts:
        lines.append("Effort per rep (0-10): " + ", ".join(efforts))
    if activity.session_rpe is not None:
        words = effort_words(activity.session_rpe)
        lines.append(
            f"Session effort: {activity.session_rpe}/10" + (f" ({words})" if words else "")
        )
    if activity.foster_load is not None:
        lines.append(f"Training load (Foster session RPE): {activity.foster_load:.0f} AU")
    if activity.notes.strip():
        lines.extend(["", activity.notes.strip()])
    lines.extend(["", f"Recorded with {APP_NAME} {__version__}"])
    return "\n".join(lines)


def _lap(parent: ET.Element, activity: Activity, lap: Lap) -> None:
    element = ET.SubElement(parent, "Lap", StartTime=_stamp(activity.at(lap.start_ms)))
    _text(element, "TotalTimeSeconds", _seconds(lap.timer_ms))
    _text(element, "DistanceMeters", _metres(lap.distance_m or 0.0))
    _text(element, "Calories", "0")
    _text(element, "Intensity", "Resting" if lap.kind is LapKind.WALK_DOWN else "Active")
    _text(element, "TriggerMethod", "Manual" if lap.manual else "Time")
    # A lap the timer never ran in (paused throughout) still gets one point at its start:
    # readers such as tcxreader build laps from trackpoints and would lose it otherwise.
    stretches = activity.running(lap.start_ms, lap.end_ms) or [(lap.start_ms, lap.start_ms)]
    for a, b in stretches:
        track = ET.SubElement(element, "Track")
        for ms in activity.sample_ms(a, b) or [a]:
            point = ET.SubElement(track, "Trackpoint")
            _text(point, "Time", _stamp(activity.at(ms)))
            distance = activity.distance_at(ms)
            if distance is not None:
                _text(point, "DistanceMeters", _metres(distance))
    _text(element, "Notes", lap_notes(activity, lap))


def _version(parent: ET.Element, version: str) -> None:
    numbers = []
    for piece in version.split(".")[:4]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        numbers.append(min(int(digits) if digits else 0, 65535))
    numbers += [0] * (4 - len(numbers))
    element = ET.SubElement(parent, "Version")
    for name, number in zip(
        ("VersionMajor", "VersionMinor", "BuildMajor", "BuildMinor"), numbers, strict=True
    ):
        _text(element, name, str(number))


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _xml_safe(text)
    return element


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped: drop them."""
    return "".join(
        ch
        for ch in text
        if ch in "\t\n\r"
        or (" " <= ch <= "\ud7ff")
        or ("\ue000" <= ch <= "\ufffd")
        or ch >= "\U00010000"
    )


def _stamp(moment: datetime) -> str:
    """xsd:dateTime in UTC with milliseconds: 2026-05-04T05:00:00.250Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.3f}"


def _metres(value: float) -> str:
    return f"{value:.2f}"
