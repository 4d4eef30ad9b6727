"""PySide6 widgets. Thin: they render state and forward input; training logic lives in
hillsprint.core and SQL in hillsprint.storage."""
