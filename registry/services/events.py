"""The audit history: one event per change, written in the change's own transaction."""

from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import insert

from ..extensions import db
from ..models import Event, ModelVersion, RegisteredModel, utcnow
from .query import Page, keyset_page
from .unit import current_actor, execute

# Built once, run on the transaction's connection: an ORM Event costs a flush of its own.
INSERT_EVENT = insert(Event.__table__)
SNAPSHOT_FIELDS = ("version", "framework", "stage", "source", "run_id", "description")


class Named(Protocol):
    """A model as the history names it: an ORM object or a row (services.model_rows)."""

    id: int
    name: str
    description: str


def record(
    action: str,
    model: Named,
    version: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an event for ``action`` on ``model`` to the current transaction."""
    execute(
        INSERT_EVENT,
        {
            "at": utcnow(),
            "actor": current_actor(),
            "action": action,
            "model_id": model.id,
            "model_name": model.name,
            "version": version,
            "before": before,
            "after": after,
        },
    )


def model_snapshot(model: Named) -> dict[str, Any]:
    """Return the fields of a model that the history shows before and after a change."""
    return {"name": model.name, "description": model.description}


def version_snapshot(version: ModelVersion) -> dict[str, Any]:
    """Return the fields of a version that the history shows before and after a change."""
    return new_version_snapshot(
        {field: getattr(version, field) for field in SNAPSHOT_FIELDS},
        {metric.key: metric.value for metric in version.metrics},
        {tag.key: tag.value for tag in version.tags},
    )


def new_version_snapshot(
    columns: Mapping[str, Any], metrics: Mapping[str, float], tags: Mapping[str, str]
) -> dict[str, Any]:
    """Return the history's snapshot of a version from its columns, metrics and tags."""
    snapshot = {field: columns[field] for field in SNAPSHOT_FIELDS}
    snapshot["metrics"] = dict(metrics)
    snapshot["tags"] = dict(tags)
    return snapshot


def list_events(model: RegisteredModel, limit: int = 50, cursor: str | None = None) -> Page:
    """Return a page of ``model``'s history, newest first."""
    statement = db.select(Event).where(Event.model_id == model.id)
    return keyset_page(
        statement,
        [(Event.id, True)],
        limit=limit,
        cursor=cursor,
        bound_to=("events", model.id),
    )
