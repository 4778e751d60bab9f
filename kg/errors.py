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

    def lines(self) -> list[str]:
        """The message as the lines the CLI prints, each after "polkg: error: "."""
        return [str(self)]


class UserErrors(UserError):
    """Several problems found in one pass over the input, reported together.

    A curator who fixes one mistake per build, only to meet the next, loses an afternoon:
    the loaders check every file and every claim they can and raise all they found at once.
    `str(err)` is one line per problem; `lines()` adds the count."""

    # Past this many problems the rest are counted, not listed: the first ones are the fix.
    SHOWN = 50

    def __init__(self, errors: list[UserError]) -> None:
        self.errors = errors
        self.file = errors[0].file if errors else None
        self.line = errors[0].line if errors else None
        shown = [str(e) for e in errors[: self.SHOWN]]
        if len(errors) > self.SHOWN:
            shown.append(f"… and {len(errors) - self.SHOWN} more")
        Exception.__init__(self, "\n".join(shown))

    def lines(self) -> list[str]:
        more = [f"{len(self.errors)} problems in all: fix them and run again"]
        return str(self).splitlines() + more


class ErrorCollector:
    """Collects the `UserError`s raised inside `with collector:` blocks, so a loop can check
    every item and report every problem at the end (`raise_if_any`)."""

    def __init__(self) -> None:
        self.errors: list[UserError] = []

    def __enter__(self) -> ErrorCollector:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> bool:
        if isinstance(exc, UserErrors):
            self.errors.extend(exc.errors)
            return True
        if isinstance(exc, UserError):
            self.errors.append(exc)
            return True
        return False

    def raise_if_any(self) -> None:
        """Raise what was collected: the one error itself, or all of them together."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise UserErrors(self.errors)


def did_you_mean(value: str, choices: list[str]) -> str:
    """ " (did you mean 'x'?)" naming the choice closest to a mistyped `value`, or "" when
    none is close: for messages about names (queries, classes, kinds, graphs)."""
    import difflib

    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
