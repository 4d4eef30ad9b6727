"""PySide6 widgets in rooms named after what the runner is doing: home/ (window, start), hill/,
history/, library/ (plans, hills) and common/ (shared). Thin: they render and forward input."""
