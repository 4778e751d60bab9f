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
