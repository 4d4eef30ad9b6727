"""HillSprint: a hill-sprint session timer with per-rep effort and training history."""

__version__ = "0.1.0"
APP_ID = "io.github.hillsprint.HillSprint"
APP_NAME = "HillSprint"
