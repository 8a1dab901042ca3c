"""/api/models: the original Model Registry Lite's API, kept for its clients.

Flat rows ``{id, name, version, framework, description}``, one per version; ``id`` is the
version's UUID. Errors answer ``{"error": message}`` as the original did.
"""

from collections.abc import Iterator
from itertools import chain

from flask import Response, current_app, request, stream_with_context

from ..auth import ADMIN, READ, WRITE, requires
from ..errors import Conflict, NotFound
from ..services import registered_models, versions
from ..services.flat_rows import FlatRow, flat_row, flat_row_batches
from . import render, responses, schemas
from .blueprints import seed
from .body import json_body
from .problems import seed_error
from .replies import json_reply, no_content
from .routes import Reply, route


@requires(READ)
@route(
    seed,
    "GET",
    "/models",
    summary="Every version as a flat row (original API)",
    tag="original API",
    error_style="seed",
    ok=Reply(200, "One row per version, oldest first.", responses.SeedRows),
)
def list_rows():
    """List every version of every model as a flat row, in the order they were added."""
    batches = flat_row_batches()
    # The first batch is read before answering, so a database that fails answers an error
    # rather than a cut-off 200; the rest is sent batch by batch, never held whole.
    first = next(batches, [])
    array = _json_array(chain([first], batches))
    return Response(stream_with_context(array), mimetype="application/json")


def _json_array(batches: Iterator[list[FlatRow]]) -> Iterator[str]:
    dumps = current_app.json.dumps
    yield "["
    separator = ""
    for batch in batches:
        if batch:
            yield separator + dumps([render.seed_row(row) for row in batch])[1:-1]
            separator = ","
    yield "]"


@requires(WRITE)
@route(
    seed,
    "POST",
    "/models",
    summary="Register a version as a flat row (original API)",
    tag="original API",
    error_style="seed",
    body=schemas.SeedModel,
    ok=Reply(201, "The stored row.", responses.SeedRow),
    errors=(409,),
)
def create_row():
    """Add a version, registering its model first when the name is new."""
    row = json_body(schemas.SeedModel)
    fields = {"version": row.version, "framework": row.framework}
    if row.description is not None:
        fields["description"] = row.description
    created = _add_version(row, fields)
    return json_reply(render.seed_row(flat_row(created)), 201)


@requires(ADMIN)
@route(
    seed,
    "DELETE",
    "/models",
    summary="Delete a version by id (original API)",
    tag="original API",
    error_style="seed",
    query=schemas.SeedDeleteQuery,
    ok=Reply(204, "The version is gone, and its model too if it was the last version."),
    errors=(400, 404),
)
def delete_row():
    """Delete the version with this id; its model goes too when it was the last one."""
    version_id = request.args.get("id", "")
    if not version_id:
        return seed_error(400, "Model ID is required")
    versions.delete_version_by_uuid(version_id)
    return no_content()


def _add_version(row: schemas.SeedModel, fields: dict):
    try:
        return versions.create_version(row.name, **fields)
    except NotFound:
        pass
    try:
        created = registered_models.create_model(
            row.name, description=row.description or "", first_version=fields
        )
    except Conflict:
        # Registered meanwhile by another request: add the version to that model instead.
        return versions.create_version(row.name, **fields)
    return created.versions[0]
