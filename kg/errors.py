"""The one exception type for input a user can fix.

The CLI turns a `UserError` into one sentence on stderr and an exit code, never a traceback.
Its message names the file, the line or record, and what to do about it.
"""

from __future__ import annotations


class UserError(Exception):
    """Input polkg cannot use; `str(err)` is the whole message for the user."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = ""
        if file:
            where = f"{file}:{line}: " if line else f"{file}: "
        super().__init__(where + message)


def did_you_mean(value: str, choices: list[str]) -> str:
    """ " (did you mean 'x'?)" naming the choice closest to a mistyped `value`, or "" when
    none is close: for messages about names (queries, classes, kinds, graphs)."""
    import difflib

    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
