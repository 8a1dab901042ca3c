"""Registry objects (as the services return them) the way the API shows them.

The shapes are declared in responses.py; tests check these dicts against them.
"""

from datetime import datetime

from flask import url_for

from ..services.compare import Comparison


def timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, always to the microsecond so every value has one format."""
    return moment.isoformat(timespec="microseconds") + "Z"


def model(found, latest) -> dict:
    """A model with its tags, aliases and latest version."""
    return {
        "name": found.name,
        "description": found.description,
        "created_at": timestamp(found.created_at),
        "updated_at": timestamp(found.updated_at),
        "tags": {tag.key: tag.value for tag in found.tags},
        "aliases": {alias.alias: alias.version.version for alias in found.aliases},
        "latest_version": version_summary(latest) if latest else None,
        "links": {
            "self": url_for("api_v1.get_model", name=found.name),
            "versions": url_for("api_v1.list_versions", name=found.name),
        },
    }


def version_summary(found) -> dict:
    """The few fields of a version that a model shows of its latest one."""
    return {
        "id": found.uuid,
        "version": found.version,
        "framework": found.framework,
        "status": found.status,
        "stage": found.stage,
        "created_at": timestamp(found.created_at),
    }


def version(found) -> dict:
    """A version with its metrics, tags and the aliases pointing at it."""
    name = found.model.name
    return {
        "id": found.uuid,
        "model": name,
        "version": found.version,
        "framework": found.framework,
        "source": found.source,
        "run_id": found.run_id,
        "run_link": found.run_link,
        "status": found.status,
        "stage": found.stage,
        "description": found.description,
        "metrics": {metric.key: metric.value for metric in found.metrics},
        "tags": {tag.key: tag.value for tag in found.tags},
        "aliases": [alias.alias for alias in found.aliases],
        "created_at": timestamp(found.created_at),
        "updated_at": timestamp(found.updated_at),
        "links": {
            "self": url_for("api_v1.get_version", name=name, version=found.version),
            "model": url_for("api_v1.get_model", name=name),
        },
    }


def event(found) -> dict:
    """One entry of the history."""
    return {
        "id": found.id,
        "at": timestamp(found.at),
        "actor": found.actor,
        "action": found.action,
        "model": found.model_name,
        "version": found.version,
        "before": found.before,
        "after": found.after,
    }


def comparison(model_name: str, compared: Comparison) -> dict:
    """Versions side by side, one row per field."""
    return {
        "model": model_name,
        "versions": [version(found) for found in compared.versions],
        "fields": [
            {
                "field": row.field,
                "values": [
                    timestamp(value) if isinstance(value, datetime) else value
                    for value in row.values
                ],
                "differs": row.differs,
            }
            for row in compared.rows
        ],
    }


def seed_row(found) -> dict:
    """A version as the original app's flat row."""
    return {
        "id": found.uuid,
        "name": found.model.name,
        "version": found.version,
        "framework": found.framework,
        "description": found.description or found.model.description,
    }
