"""/api/v1/models/{name}/versions: add, list, read, change and delete versions; their tags."""

from ...auth import ADMIN, READ, WRITE, requires
from ...services import version_tags, versions, views
from .. import render, responses, schemas
from ..blueprints import v1
from ..body import given_fields, json_body, query_args
from ..conditional import expected_row_version
from ..replies import json_reply, next_page_headers, no_content, tagged_reply
from ..routes import Reply, route

VERSION = Reply(200, "The version.", responses.Version, headers=("ETag",))


def version_reply(name: str, label: str, status: int = 200, headers: dict | None = None):
    """Answer with version ``label`` of model ``name`` as it is now, with its ETag."""
    found = views.version_view(name, label)
    return tagged_reply(render.version(found), found.row_version, status, headers)


@requires(READ)
@route(
    v1,
    "GET",
    "/models/<name>/versions",
    summary="List a model's versions",
    tag="versions",
    query=schemas.PageQuery,
    ok=Reply(200, "One page of versions, highest first.", responses.VersionPage, headers=("Link",)),
    errors=(400,),
)
def list_versions(name: str):
    """List a model's versions, highest version first, one page at a time (keyset cursor)."""
    query = query_args(schemas.PageQuery)
    page = views.versions_of(name, limit=query.limit, cursor=query.cursor)
    body = {
        "items": [render.version(found) for found in page.items],
        "next_cursor": page.next_cursor,
    }
    return json_reply(body, headers=next_page_headers(page.next_cursor))


@requires(WRITE)
@route(
    v1,
    "POST",
    "/models/<name>/versions",
    summary="Add a version",
    tag="versions",
    body=schemas.NewVersion,
    ok=Reply(201, "The version was added.", responses.Version, headers=("ETag", "Location")),
    errors=(409,),
)
def create_version(name: str):
    """Add a version to a model; without a label the next number is used."""
    fields = given_fields(json_body(schemas.NewVersion))
    created = versions.create_version_view(name, **fields)
    body = render.version(created)
    location = body["links"]["self"]  # what url_for gives, built as every reply's links are
    return tagged_reply(body, created.row_version, 201, {"Location": location})


@requires(READ)
@route(
    v1,
    "GET",
    "/models/<name>/versions/<version>",
    summary="Read a version",
    tag="versions",
    ok=VERSION,
)
def get_version(name: str, version: str):
    """Show one version with its metrics, tags and aliases."""
    return version_reply(name, version)


@requires(WRITE)
@route(
    v1,
    "PATCH",
    "/models/<name>/versions/<version>",
    summary="Change a version",
    tag="versions",
    body=schemas.VersionChanges,
    if_match=True,
    ok=VERSION,
    errors=(412,),
)
def update_version(name: str, version: str):
    """Change a version's fields; metrics and tags replace the whole set."""
    changes = given_fields(json_body(schemas.VersionChanges))
    versions.update_version(name, version, changes, expected_row_version())
    return version_reply(name, version)


@requires(ADMIN)
@route(
    v1,
    "DELETE",
    "/models/<name>/versions/<version>",
    summary="Delete a version",
    tag="versions",
    if_match=True,
    ok=Reply(204, "The version is gone, with the aliases that pointed at it."),
    errors=(412,),
)
def delete_version(name: str, version: str):
    """Delete one version of a model."""
    versions.delete_version(name, version, expected_row_version())
    return no_content()


@requires(WRITE)
@route(
    v1,
    "PUT",
    "/models/<name>/versions/<version>/tags/<path:key>",
    summary="Set a version tag",
    tag="tags",
    body=schemas.TagValue,
    ok=VERSION,
)
def set_version_tag(name: str, version: str, key: str):
    """Set a tag of a version, adding or replacing it."""
    value = json_body(schemas.TagValue).value
    version_tags.set_version_tag(name, version, key, value)
    return version_reply(name, version)


@requires(ADMIN)
@route(
    v1,
    "DELETE",
    "/models/<name>/versions/<version>/tags/<path:key>",
    summary="Remove a version tag",
    tag="tags",
    ok=Reply(204, "The tag is gone."),
)
def delete_version_tag(name: str, version: str, key: str):
    """Remove a tag from a version."""
    version_tags.delete_version_tag(name, version, key)
    return no_content()
