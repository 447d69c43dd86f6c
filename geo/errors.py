"""Errors raised by the geometry layer; mapped to HTTP once, in app/api/errors.py."""


class GeometryError(ValueError):
    """A geometry that cannot be accepted; `where` says which part (ring, coordinate, feature)."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
