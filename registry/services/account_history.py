"""The accounts' audit history: every change to a user or a token, with who made it."""

from typing import Any

from ..extensions import db
from ..models import AccountEvent
from .unit import current_actor

HISTORY_MAX = 500


def record(action: str, username: str, detail: dict[str, Any] | None = None) -> None:
    """Add an entry to the accounts' history, inside the caller's transaction."""
    db.session.add(
        AccountEvent(actor=current_actor(), action=action, username=username, detail=detail)
    )


def list_account_events(limit: int = 50) -> list[AccountEvent]:
    """Return the latest entries of the accounts' history, newest first."""
    limit = max(1, min(limit, HISTORY_MAX))
    query = db.select(AccountEvent).order_by(AccountEvent.id.desc()).limit(limit)
    return list(db.session.scalars(query))
