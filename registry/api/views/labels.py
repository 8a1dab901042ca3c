"""/api/v1/models/{name}/aliases/{alias}: point an alias at a version, read or remove it."""

from ...auth import READ, WRITE, requires
from ...services import aliases, views
from .. import render, schemas
from ..blueprints import v1
from ..body import json_body
from ..replies import no_content, tagged_reply
from ..routes import Reply, route
from .versions import VERSION


@requires(READ)
@route(
    v1,
    "GET",
    "/models/<name>/aliases/<alias>",
    summary="Resolve an alias",
    tag="aliases",
    ok=VERSION,
)
def get_alias(name: str, alias: str):
    """Show the version an alias points at."""
    found = views.version_by_alias(name, alias)
    return tagged_reply(render.version(found), found.row_version)


@requires(WRITE)
@route(
    v1,
    "PUT",
    "/models/<name>/aliases/<alias>",
    summary="Set an alias",
    tag="aliases",
    body=schemas.AliasTarget,
    ok=VERSION,
)
def set_alias(name: str, alias: str):
    """Point an alias at a version, creating or moving it."""
    target = json_body(schemas.AliasTarget).version
    found = aliases.set_alias_view(name, alias, target)
    return tagged_reply(render.version(found), found.row_version)


@requires(WRITE)
@route(
    v1,
    "DELETE",
    "/models/<name>/aliases/<alias>",
    summary="Remove an alias",
    tag="aliases",
    ok=Reply(204, "The alias is gone."),
)
def delete_alias(name: str, alias: str):
    """Remove an alias from a model."""
    aliases.delete_alias(name, alias)
    return no_content()
