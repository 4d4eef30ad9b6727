"""One rule for a stored timestamp (the repository and the CSV import word their own refusals)."""

from __future__ import annotations

import pytest

from hillsprint.core.clock import NoUtcOffsetError, OffsetSecondsError, canonical_timestamp


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("2026-05-04T07:00:00+02:00", "2026-05-04T07:00:00.000+02:00"),
        ("2026-05-04T07:00:00.123456+05:45", "2026-05-04T07:00:00.123+05:45"),
        ("2026-05-04T05:00:00Z", "2026-05-04T05:00:00.000+00:00"),
    ],
)
def test_a_timestamp_is_stored_with_milliseconds_and_its_offset(text, stored):
    assert canonical_timestamp(text) == stored


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("2026-05-04T07:00:00", NoUtcOffsetError),
        ("2026-05-04T07:00:00+02:00:30", OffsetSecondsError),
        ("yesterday", ValueError),
    ],
)
def test_what_cannot_be_stored_is_refused_by_kind(text, error):
    with pytest.raises(error) as caught:
        canonical_timestamp(text)
    if error is ValueError:
        assert not isinstance(caught.value, (NoUtcOffsetError, OffsetSecondsError))
