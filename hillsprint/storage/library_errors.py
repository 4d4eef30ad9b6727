"""How the plan and hill libraries refuse a write: one `LibraryError` family with one-line
messages a screen can show as they are. Shared by `plans` and `hills`, so a caller that handles
one library's refusals handles the other's."""

from __future__ import annotations


class LibraryError(Exception):
    """A library operation was refused; the one-line message says why."""


class NotInLibraryError(LibraryError, LookupError):
    """No plan or hill with that id."""


class NameClashError(LibraryError):
    """The name is already taken (ignoring case) by another plan or hill, or by a preset."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name


class InvalidFieldError(LibraryError, ValueError):
    """A value is not allowed; `field` names it (also at the start of the message) and
    `problem` says why."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem
