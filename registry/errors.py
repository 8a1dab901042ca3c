"""The registry's domain errors: every door maps these to its own wire format."""


class RegistryError(Exception):
    """Base of every error a service raises on purpose."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(RegistryError):
    """The named object does not exist."""


class Conflict(RegistryError):
    """The object already exists (a unique name, version or alias is taken)."""


class PreconditionFailed(RegistryError):
    """The caller's copy is stale: the object changed since it was read."""


class InvalidCursor(RegistryError):
    """A paging cursor is malformed, or was made for another query."""


class Unavailable(RegistryError):
    """The database could not take the write (locked, busy or read-only); try again later."""


class ValidationFailed(RegistryError):
    """One or more fields break a rule; ``fields`` lists ``(field, message)`` pairs."""

    def __init__(self, fields: list[tuple[str, str]]):
        self.fields = list(fields)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.fields))

    def as_dict(self) -> dict[str, list[str]]:
        """Group the messages by field, in the order they were raised."""
        grouped: dict[str, list[str]] = {}
        for field, message in self.fields:
            grouped.setdefault(field, []).append(message)
        return grouped
