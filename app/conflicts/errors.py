"""Errors raised by the conflict engine; mapped to HTTP once, in app/api/errors.py."""


class ConflictInputError(ValueError):
    """Input the engine cannot work with (a window that is inverted, unbounded or too long...); `where` names
    the field."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
