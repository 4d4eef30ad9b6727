"""A hill described in words, in the runner's units ('120 m, 8 % gradient, road'), for the
start screen, the session detail and the hills list. No widgets: the start screen imports it
on the way to its first paint, the hills dialog only when opened. The description itself is
the hill's (`core.hill.describe_hill`); this module looks the hill up in the library."""

from __future__ import annotations

from collections.abc import Callable

from hillsprint.core.hill import describe_hill
from hillsprint.core.units import LENGTH_UNITS
from hillsprint.storage.errors import StorageError
from hillsprint.storage.hills import HillLibrary


def surface_word(surface: str | None) -> str:
    return surface.capitalize() if surface else "—"


def hill_details_lookup(library: HillLibrary, units: str = "m") -> Callable[[str], str | None]:
    """A function from a hill name (as typed, or as a session stored it) to its description:
    None when no hill of the library has that name (ignoring case), '' when it has no length,
    gradient or surface yet. Reads the library at each call, so it never goes stale.
    `StartScreen.set_hill_details` and `SessionDetail` take it."""
    if units not in LENGTH_UNITS:
        raise ValueError(f"units: expected 'm' or 'ft', got {units!r}")

    def lookup(name: str) -> str | None:
        try:
            hill = library.find(name)
        except StorageError:
            return None
        return None if hill is None else describe_hill(hill, units)

    return lookup
