"""Errors raised by the geometry layer; mapped to HTTP once, in app/api/errors.py."""


class GeometryError(ValueError):
    """A geometry that cannot be accepted; `where` says which part (ring, coordinate, feature)."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


class GisFileError(GeometryError):
    """A GIS file that cannot be read as a whole (format, size, safety, CRS); nothing from it is used.

    `reason` is a short machine code: empty, too_large, unsupported, unsafe, crs, layer, field, unreadable.
    """

    def __init__(self, message: str, reason: str, where: str = "file") -> None:
        super().__init__(message, where)
        self.reason = reason
