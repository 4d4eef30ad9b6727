"""Transitional: the two libraries now live in `plans` (PlanLibrary, write_plan_file) and
`hills` (HillLibrary), their refusals in `library_errors`, a hill's rules in `core.hill`. These
two names are re-exported only for `ui/home/start_choices.py`, written before the split; import
them from `core.hill` and `library_errors` there and delete this file."""

from hillsprint.core.hill import Hill
from hillsprint.storage.library_errors import LibraryError

__all__ = ["Hill", "LibraryError"]
