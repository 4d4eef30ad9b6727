"""Widgets, words and the look shared by more than one journey (hill, history, library, home).
It imports no journey package, so each of them can use it."""
