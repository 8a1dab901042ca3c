"""The audit history: one event per change, written in the change's own transaction."""

from typing import Any

from ..extensions import db
from ..models import Event, ModelVersion, RegisteredModel
from .query import Page, keyset_page
from .unit import current_actor


def record(
    action: str,
    model: RegisteredModel,
    version: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an event for ``action`` on ``model`` to the current transaction."""
    db.session.add(
        Event(
            actor=current_actor(),
            action=action,
            model_id=model.id,
            model_name=model.name,
            version=version,
            before=before,
            after=after,
        )
    )


def model_snapshot(model: RegisteredModel) -> dict[str, Any]:
    """Return the fields of a model that the history shows before and after a change."""
    return {"name": model.name, "description": model.description}


def version_snapshot(version: ModelVersion) -> dict[str, Any]:
    """Return the fields of a version that the history shows before and after a change."""
    return {
        "version": version.version,
        "framework": version.framework,
        "stage": version.stage,
        "source": version.source,
        "run_id": version.run_id,
        "description": version.description,
        "metrics": {metric.key: metric.value for metric in version.metrics},
        "tags": {tag.key: tag.value for tag in version.tags},
    }


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
