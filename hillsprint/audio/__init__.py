"""Cues the runner hears: which clips a cue plays (no Qt), the player that plays them on time
and its test double. Nothing here draws; the session controller asks it to play."""
