"""Domain errors: what services and selectors raise when a request cannot be carried out.

They know nothing of HTTP. The API's problem-details handler (config.api.errors) gives each
one its answer; a management command or a task reads the same message. Every app may import
this module; it imports none.
"""

from __future__ import annotations

from collections.abc import Sequence


class DomainError(Exception):
    """A request the domain refuses, with a sentence the caller can act on."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    """No such object for this tenant (another tenant's object included: it does not exist)."""


class Conflict(DomainError):
    """The request conflicts with the current state: a duplicate, or an object that is final."""


class InvalidInput(DomainError):
    """Some fields are wrong: `errors` holds (dotted field path, message) pairs, in order.

    A path of "" names the request as a whole.
    """

    def __init__(self, errors: Sequence[tuple[str, str]]) -> None:
        self.errors = [(field, message) for field, message in errors]
        if not self.errors:
            raise ValueError("InvalidInput needs at least one (field, message).")
        super().__init__("; ".join(f"{f}: {m}" if f else m for f, m in self.errors))

    @classmethod
    def field(cls, field: str, message: str) -> InvalidInput:
        """Return the error of one field."""
        return cls([(field, message)])


class Unavailable(DomainError):
    """A dependency (the database, say) is down; nothing changed, retry after `retry_after` s."""

    def __init__(self, detail: str, *, retry_after: int = 5) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
