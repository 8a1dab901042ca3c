"""Registry objects (as the services return them) the way the API shows them.

The shapes are declared in responses.py; tests check these dicts against them.
"""

from datetime import datetime

from flask import Flask, current_app, request, url_for

from ..services.compare import Comparison
from ..services.flat_rows import FlatRow
from ..services.views import ModelView, VersionSummary, VersionView

# Where the app keeps what model links are built from (see model_url).
LINKS = "api.model_links"
SEGMENT = "api.segment_converter"


def timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, always to the microsecond so every value has one format."""
    return moment.isoformat(timespec="microseconds") + "Z"


def model_url(name: str) -> str:
    """The API URL of the model called ``name``: what url_for gives, quoted by the route's own
    converter. The parts around the name are built once per app and script root (url_for per
    row cost more than the rest of a list row)."""
    app = current_app._get_current_object()  # one lookup through the proxy, not three
    links = app.extensions.setdefault(LINKS, {})
    script_root = request.script_root
    around = links.get(script_root)
    if around is None:
        # The converter quotes every reserved character: "\0" comes out as "%00".
        around = url_for("api_v1.get_model", name="\0").split("%00")
        links[script_root] = around
    return _segment(app, name).join(around)


def _segment(app: Flask, text: str) -> str:
    converter = app.extensions.get(SEGMENT)
    if converter is None:
        url_map = app.url_map
        converter = app.extensions[SEGMENT] = url_map.converters["default"](url_map)
    return converter.to_url(text)


def model(found: ModelView, latest: VersionSummary | None) -> dict:
    """A model with its tags, aliases and latest version."""
    url = model_url(found.name)
    return {
        "name": found.name,
        "description": found.description,
        "created_at": timestamp(found.created_at),
        "updated_at": timestamp(found.updated_at),
        "tags": found.tags,
        "aliases": found.aliases,
        "latest_version": version_summary(latest) if latest else None,
        "links": {"self": url, "versions": f"{url}/versions"},
    }


def version_summary(found: VersionSummary) -> dict:
    """The few fields of a version that a model shows of its latest one."""
    return {
        "id": found.uuid,
        "version": found.version,
        "framework": found.framework,
        "status": found.status,
        "stage": found.stage,
        "created_at": timestamp(found.created_at),
    }


def version(found: VersionView) -> dict:
    """A version with its metrics, tags and the aliases pointing at it."""
    url = model_url(found.model_name)
    label = _segment(current_app._get_current_object(), found.version)
    return {
        "id": found.uuid,
        "model": found.model_name,
        "version": found.version,
        "framework": found.framework,
        "source": found.source,
        "run_id": found.run_id,
        "run_link": found.run_link,
        "status": found.status,
        "stage": found.stage,
        "description": found.description,
        "metrics": found.metrics,
        "tags": found.tags,
        "aliases": list(found.aliases),
        "created_at": timestamp(found.created_at),
        "updated_at": timestamp(found.updated_at),
        "links": {
            "self": f"{url}/versions/{label}",
            "model": url,
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


def comparison(model_name: str, compared: Comparison, shown: list[VersionView]) -> dict:
    """Versions side by side, one row per field (``shown``: the compared versions' views)."""
    return {
        "model": model_name,
        "versions": [version(found) for found in shown],
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


def seed_row(row: FlatRow) -> dict:
    """A version as the original app's flat row: one description, the version's or its model's."""
    return {
        "id": row.uuid,
        "name": row.name,
        "version": row.version,
        "framework": row.framework,
        "description": row.description or row.model_description,
    }
