"""The window and the start: main window, start screen and its choices, the advice panels,
settings and the damaged-database dialog. It composes the other rooms; none imports it."""
