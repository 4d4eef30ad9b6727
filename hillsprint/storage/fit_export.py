"""A session as a FIT activity file, the format training logs read most fully.

Library: `fit-tool` (BSD-3-Clause, no dependencies) writes the messages. Garmin's own
`garmin-fit-sdk` has an Encoder too, but it comes under Garmin's FIT Protocol License: not an
OSI licence, non-sublicensable, "for internal business purposes", forbidding distribution that
puts it under a licence requiring source disclosure (the GPL does) and forbidding benchmarking.
HillSprint is GPL-3.0-or-later and is shipped as a wheel, a PyInstaller bundle and a Flatpak and
may be packaged by distributions, so it cannot depend on that SDK at run time; the tests use
Garmin's decoder only as an independent checker on the developer's machine.

Layout, after the activity-file recipe of Garmin's FIT cookbook ("Summary Last"):
FileId, DeveloperDataId + FieldDescriptions, DeviceInfo, a timer-start event, timestamped
Record messages (no position: readers such as Strava need a time on every record, not a
position) with timer stop/start events around each pause and each Lap after its records, a
final timer stop, the Session, the Activity.

What HillSprint writes beyond the plain timing (field numbers from the FIT profile, Profile
21.212 as bundled with fit-tool; Garmin's SDK 21.218 agrees):
- Session `workout_rpe` (field 193, uint8): "Common Borg CR10 / 0-10 RPE scale, multiplied
  10x. Aggregate score for all workouts in a single session" (profile comment). HillSprint's
  0-10 session effort uses Foster's wording, so it is written as effort × 10.
  `workout_feel` (192, "how a user felt", 0-100, high is good) is left unset: effort is not
  feeling, and no mapping between them is defensible.
- Developer fields (developer data index 0, HillSprint's application id below), each
  registered with a FieldDescription (name, units): see `DEV_FIELDS`.
- FileId `product_name` "HillSprint", DeviceInfo `product_name` "HillSprint <version>" and
  `software_version`: the program that made the file.

FIT `date_time` has whole seconds (seconds since 1989-12-31 00:00 UTC), so lap and session
`start_time` are the start's whole second (truncated); `total_elapsed_time` and
`total_timer_time` have milliseconds (scale 1000), and consecutive laps add up exactly, so
each lap's start to the millisecond is the first lap's plus the laps before it.
Strings are cut to 254 UTF-8 bytes (a FIT field holds at most 255 bytes with its NUL); the TCX
file keeps the notes whole.
"""

from __future__ import annotations

import uuid
import zlib
from dataclasses import dataclass

from fit_tool.base_type import BaseType
from fit_tool.data_message import DataMessage
from fit_tool.developer_field import DeveloperField
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.common_fields import TimestampField
from fit_tool.profile.messages.developer_data_id_message import DeveloperDataIdMessage
from fit_tool.profile.messages.device_info_message import DeviceInfoMessage
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.field_description_message import FieldDescriptionMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.lap_message import LapMessage
from fit_tool.profile.messages.record_message import RecordDistanceField, RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import (
    Activity as ActivityType,
)
from fit_tool.profile.profile_type import (
    Event,
    EventType,
    FileType,
    Intensity,
    LapTrigger,
    Manufacturer,
    SessionTrigger,
    Sport,
    SubSport,
)

from hillsprint import APP_ID, APP_NAME, __version__
from hillsprint.core.activity_laps import Activity, Lap, LapKind

FIT_EPOCH_S = 631_065_600  # 1989-12-31T00:00:00Z in Unix seconds: FIT's date_time origin
PRODUCT_ID = 1  # our own product number under manufacturer "development" (255)
MAX_STRING_BYTES = 254
# A fixed 16-byte id for HillSprint's developer fields, the same in every file and version, so a
# reader can recognise them: the UUID5 of the app id in the DNS namespace.
APPLICATION_ID = uuid.uuid5(uuid.NAMESPACE_DNS, APP_ID).bytes


@dataclass(frozen=True)
class DevField:
    number: int
    name: str
    units: str
    base_type: BaseType
    message: str  # where it is written


# The developer fields HillSprint writes. Names and units are what readers show.
DEV_FIELDS = {
    "effort": DevField(0, "effort", "RPE 0-10", BaseType.UINT8, "lap"),  # sprint laps
    "rep": DevField(1, "rep", "", BaseType.UINT8, "lap"),  # sprint and walk-down laps
    "foster_load": DevField(2, "foster_load", "AU", BaseType.FLOAT32, "session"),
    "plan": DevField(3, "plan", "", BaseType.STRING, "session"),
    "hill": DevField(4, "hill", "", BaseType.STRING, "session"),
    "notes": DevField(5, "notes", "", BaseType.STRING, "session"),
    "reps_done": DevField(6, "reps_done", "reps", BaseType.UINT8, "session"),
    "reps_planned": DevField(7, "reps_planned", "reps", BaseType.UINT8, "session"),
}

_INTENSITY = {
    LapKind.WARMUP: Intensity.WARMUP,
    LapKind.SPRINT: Intensity.ACTIVE,
    # "rest" rather than "recovery" (4): rest is in every profile version and is what TCX's
    # "Resting" maps to, so both files say the same.
    LapKind.WALK_DOWN: Intensity.REST,
    LapKind.COOLDOWN: Intensity.COOLDOWN,
}

# Local message numbers, one per message type, so records, events and laps do not redefine
# each other's layout at every switch.
_LOCAL = {
    "file_id": 0,
    "developer": 1,
    "field_description": 2,
    "device_info": 3,
    "event": 4,
    "record": 5,
    "lap": 6,
    "session": 7,
    "activity": 8,
}


def fit_bytes(activity: Activity, serial: str = "") -> bytes:
    """The whole FIT file. `serial` (the session id) makes the FileId serial number, so the
    same session always gives the same file and different sessions differ."""
    out = FitFileBuilder(auto_define=True)
    for message in _head(activity, serial):
        out.add(message)
    out.add(_event(activity, 0, EventType.START))
    for _, _, message in sorted(_timeline(activity), key=lambda item: item[:2]):
        out.add(message)
    out.add(_event(activity, activity.end_ms, EventType.STOP_ALL))
    out.add(_session(activity))
    out.add(_summary(activity))
    return out.build_bytes()


def _head(activity: Activity, serial: str) -> list:
    """FileId, the developer data id with the field descriptions, and the DeviceInfo."""
    start_s = _whole_second_ms(activity, 0)
    file_id = FileIdMessage(local_id=_LOCAL["file_id"])
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = PRODUCT_ID
    file_id.serial_number = (zlib.crc32(serial.encode("utf-8")) or 1) if serial else 1
    file_id.time_created = start_s  # the session's start: re-exporting gives the same file
    file_id.product_name = APP_NAME
    developer = DeveloperDataIdMessage(local_id=_LOCAL["developer"])
    developer.application_id = APPLICATION_ID
    developer.developer_data_index = 0
    developer.application_version = _version_number(__version__)
    head = [file_id, developer]
    for field in DEV_FIELDS.values():
        description = FieldDescriptionMessage(local_id=_LOCAL["field_description"])
        description.developer_data_index = 0
        description.field_definition_number = field.number
        description.fit_base_type_id = field.base_type
        description.field_name = field.name
        if field.units:
            description.units = field.units
        head.append(description)
    device = DeviceInfoMessage(local_id=_LOCAL["device_info"])
    device.timestamp = start_s
    device.device_index = 0  # the creator
    device.manufacturer = Manufacturer.DEVELOPMENT.value
    device.product = PRODUCT_ID
    device.product_name = _text(f"{APP_NAME} {__version__}")
    device.software_version = _software_version(__version__)
    head.append(device)
    return head


def _session(activity: Activity) -> SessionMessage:
    session = SessionMessage(developer_fields=_session_fields(activity), local_id=_LOCAL["session"])
    session.message_index = 0
    session.timestamp = _whole_second_ms(activity, activity.end_ms)
    session.start_time = _whole_second_ms(activity, 0)
    session.total_elapsed_time = activity.end_ms / 1000
    session.total_timer_time = activity.timer_ms / 1000
    session.event = Event.SESSION
    session.event_type = EventType.STOP
    session.trigger = SessionTrigger.ACTIVITY_END
    session.sport = Sport.RUNNING
    session.sub_sport = SubSport.GENERIC
    session.first_lap_index = 0
    session.num_laps = len(activity.laps)
    if activity.distance_m is not None:
        session.total_distance = activity.distance_m
    if activity.ascent_m is not None:
        session.total_ascent = round(activity.ascent_m)
    if activity.session_rpe is not None:
        session.workout_rpe = activity.session_rpe * 10  # profile: 0-10 scale × 10
    return session


def _summary(activity: Activity) -> ActivityMessage:
    end_s = _whole_second_ms(activity, activity.end_ms)
    summary = ActivityMessage(local_id=_LOCAL["activity"])
    summary.timestamp = end_s
    summary.total_timer_time = activity.timer_ms / 1000
    summary.num_sessions = 1
    summary.type = ActivityType.MANUAL
    summary.event = Event.ACTIVITY
    summary.event_type = EventType.STOP
    # local_date_time: seconds since the FIT epoch in the runner's local time at the end; with
    # the UTC timestamp beside it, it gives readers the time zone (FIT activity file docs).
    local_s = end_s // 1000 + int(activity.end_offset.total_seconds())
    summary.local_timestamp = local_s - FIT_EPOCH_S
    return summary


def _timeline(activity: Activity):
    """(ms, order, message) for the records, the pause events and the laps; at one instant a
    timer start comes first, then the record, then a timer stop, then a lap ending there."""
    seconds_done: set[int] = set()
    for ms in activity.sample_ms(0, activity.end_ms):
        second = _whole_second_ms(activity, ms)
        if second in seconds_done:
            continue
        seconds_done.add(second)
        yield ms, 1, _record(second, activity.distance_at(ms))
    for a, b in activity.stops:
        yield a, 2, _event(activity, a, EventType.STOP)
        if b < activity.end_ms:
            yield b, 0, _event(activity, b, EventType.START)
    for index, lap in enumerate(activity.laps):
        yield lap.end_ms, 3, _lap(activity, index, lap)


def _record(unix_ms: int, distance: float | None) -> DataMessage:
    """A Record message with only the fields written. fit-tool's RecordMessage builds all of
    its ~85 profile fields for every record (about 1 ms each: 1.4 s for a 35-minute session);
    this carries the same global message number and field definitions, so readers see the
    same record."""
    timestamp = TimestampField()
    fields = [timestamp]
    timestamp.set_value(0, unix_ms)
    if distance is not None:
        metres = RecordDistanceField()
        metres.set_value(0, distance)
        fields.append(metres)
    return DataMessage(
        local_id=_LOCAL["record"],
        global_id=RecordMessage.ID,
        name=RecordMessage.NAME,
        fields=fields,
    )


def _lap(activity: Activity, index: int, lap: Lap) -> LapMessage:
    fields = []
    if lap.kind is LapKind.SPRINT and lap.effort is not None:
        fields.append(_dev("effort", lap.effort))
    if lap.kind in (LapKind.SPRINT, LapKind.WALK_DOWN):
        fields.append(_dev("rep", lap.rep))
    message = LapMessage(developer_fields=fields, local_id=_LOCAL["lap"])
    message.message_index = index
    message.timestamp = _whole_second_ms(activity, lap.end_ms)
    message.start_time = _whole_second_ms(activity, lap.start_ms)
    message.total_elapsed_time = lap.elapsed_ms / 1000
    message.total_timer_time = lap.timer_ms / 1000
    message.event = Event.LAP
    message.event_type = EventType.STOP
    message.lap_trigger = _trigger(activity, index, lap)
    message.sport = Sport.RUNNING
    message.sub_sport = SubSport.GENERIC
    message.intensity = _INTENSITY[lap.kind]
    if lap.distance_m is not None:
        message.total_distance = lap.distance_m
    if lap.ascent_m is not None:
        message.total_ascent = round(lap.ascent_m)
    return message


def _trigger(activity: Activity, index: int, lap: Lap) -> LapTrigger:
    if index == len(activity.laps) - 1:
        return LapTrigger.SESSION_END
    return LapTrigger.MANUAL if lap.manual else LapTrigger.TIME


def _session_fields(activity: Activity) -> list[DeveloperField]:
    fields = [
        _dev("plan", _text(activity.plan_name)),
        _dev("reps_done", min(activity.reps_done, 254)),
        _dev("reps_planned", min(activity.reps_planned, 254)),
    ]
    if activity.foster_load is not None:
        fields.append(_dev("foster_load", float(activity.foster_load)))
    if activity.hill.name:
        fields.append(_dev("hill", _text(activity.hill.name)))
    if activity.notes.strip():
        fields.append(_dev("notes", _text(activity.notes)))
    return fields


def _dev(key: str, value) -> DeveloperField:
    spec = DEV_FIELDS[key]
    if spec.base_type == BaseType.STRING:
        field = DeveloperField(
            developer_data_index=0,
            field_id=spec.number,
            base_type=spec.base_type,
            growable=True,
            name=spec.name,
            units=spec.units,
        )
    else:
        field = DeveloperField(
            developer_data_index=0,
            field_id=spec.number,
            base_type=spec.base_type,
            size=spec.base_type.size,
            name=spec.name,
            units=spec.units,
        )
    field.set_value(0, value)
    return field


def _event(activity: Activity, ms: int, kind: EventType) -> EventMessage:
    event = EventMessage(local_id=_LOCAL["event"])
    event.timestamp = _whole_second_ms(activity, ms)
    event.event = Event.TIMER
    event.event_type = kind
    event.event_group = 0
    return event


def _whole_second_ms(activity: Activity, ms: int) -> int:
    """Unix milliseconds of the whole UTC second containing instant `ms` (FIT has seconds)."""
    unix_ms = round(activity.at(ms).timestamp() * 1000)
    return unix_ms - unix_ms % 1000


def _text(value: str) -> str:
    """At most MAX_STRING_BYTES of UTF-8, cut at a character boundary, without NULs."""
    data = value.replace("\x00", "").encode("utf-8")[:MAX_STRING_BYTES]
    return data.decode("utf-8", "ignore")


def _version_parts(version: str) -> list[int]:
    parts = []
    for piece in version.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return parts + [0] * (3 - len(parts))


def _version_number(version: str) -> int:
    """0.1.0 -> 100, 1.2.3 -> 10203 (DeveloperDataId application_version, uint32)."""
    major, minor, patch = _version_parts(version)
    return major * 10_000 + minor * 100 + patch


def _software_version(version: str) -> float:
    """DeviceInfo software_version (uint16, scale 100): major + minor / 100, so 0.1.0 is
    written as 0.01 and 1.2.3 as 1.02 (the full version is in product_name)."""
    major, minor, _ = _version_parts(version)
    return min(major + minor / 100, 655.34)
