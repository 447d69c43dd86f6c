"""The registry's error hierarchy; app/api/errors.py maps each to one HTTP status."""

from __future__ import annotations


class RegistryError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class BadRequest(RegistryError):
    """The request is not of the right shape (not JSON, not a Feature, unknown filter)."""


class Invalid(RegistryError):
    """A field has a value that cannot be accepted."""

    status = 422
    code = "invalid"


class NotFound(RegistryError):
    status = 404
    code = "not_found"


class Forbidden(RegistryError):
    status = 403
    code = "forbidden"


class Unauthorized(RegistryError):
    status = 401
    code = "unauthorized"


class PreconditionFailed(RegistryError):
    status = 412
    code = "precondition_failed"


class PreconditionRequired(RegistryError):
    status = 428
    code = "precondition_required"


class Conflict(RegistryError):
    status = 409
    code = "conflict"
