"""Cues the runner hears: which clips a cue plays (no Qt), the mixer and the stream that place
them on time, the players and their test double. Nothing here draws; the session controller
shows the player what is coming and asks it to play."""
