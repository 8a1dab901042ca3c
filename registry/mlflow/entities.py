"""Our models and versions as MLflow's RegisteredModel and ModelVersion JSON objects.

Timestamps are int64 milliseconds since the epoch (our rows hold naive UTC datetimes);
version labels are strings; empty lists are left out, as protobuf's JSON encoding does.
"""

from datetime import datetime, timedelta
from typing import Any

from registry.services.views import ModelView, VersionView

EPOCH = datetime(1970, 1, 1)
MILLISECOND = timedelta(milliseconds=1)
MLFLOW_STATUSES = ("PENDING_REGISTRATION", "FAILED_REGISTRATION", "READY")


def milliseconds(moment: datetime) -> int:
    """A naive UTC datetime as whole milliseconds since the epoch."""
    return (moment - EPOCH) // MILLISECOND


def registered_model(model: ModelView, latest: list[VersionView]) -> dict[str, Any]:
    """A RegisteredModel object; ``latest`` holds the highest version of each stage."""
    body: dict[str, Any] = {
        "name": model.name,
        "creation_timestamp": milliseconds(model.created_at),
        "last_updated_timestamp": milliseconds(model.updated_at),
    }
    if model.description:
        body["description"] = model.description
    put_list(body, "latest_versions", [model_version(version) for version in latest])
    put_list(body, "tags", key_values(model.tags))
    put_list(
        body,
        "aliases",
        [{"alias": alias, "version": version} for alias, version in model.aliases.items()],
    )
    return body


def model_version(version: VersionView) -> dict[str, Any]:
    """A ModelVersion object."""
    body: dict[str, Any] = {
        "name": version.model_name,
        "version": version.version,
        "creation_timestamp": milliseconds(version.created_at),
        "last_updated_timestamp": milliseconds(version.updated_at),
        "current_stage": version.stage,
        "description": version.description,
        "source": version.source,
        "run_id": version.run_id,
        "run_link": version.run_link,
        "status": version.status if version.status in MLFLOW_STATUSES else "READY",
    }
    put_list(body, "tags", key_values(version.tags))
    put_list(body, "aliases", list(version.aliases))
    return body


def key_values(tags: dict[str, str]) -> list[dict[str, str]]:
    """Tags as MLflow's list of ``{"key", "value"}`` objects."""
    return [{"key": key, "value": value} for key, value in tags.items()]


def put_list(body: dict[str, Any], field: str, items: list) -> None:
    """Set ``body[field]`` to ``items`` unless the list is empty (protobuf leaves those out)."""
    if items:
        body[field] = items
