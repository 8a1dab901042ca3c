"""/api/v1/models: list, register, read, change and delete models; model tags."""

from ...auth import ADMIN, READ, WRITE, requires
from ...services import model_search, registered_models, views
from ...services.model_search import ModelFilter
from .. import render, responses, schemas
from ..blueprints import v1
from ..body import given_fields, json_body, query_args
from ..conditional import expected_row_version
from ..replies import json_reply, next_page_headers, no_content, tagged_reply
from ..routes import Reply, route

MODEL = Reply(200, "The model.", responses.Model, headers=("ETag",))


def model_reply(name: str, status: int = 200, headers: dict | None = None):
    """Answer with the model called ``name`` as it is now, with its ETag."""
    found, latest = views.model_with_latest(name)
    return tagged_reply(render.model(found, latest), found.row_version, status, headers)


@requires(READ)
@route(
    v1,
    "GET",
    "/models",
    summary="List models",
    tag="models",
    query=schemas.ModelListQuery,
    ok=Reply(200, "One page of models.", responses.ModelPage, headers=("Link",)),
    errors=(400,),
)
def list_models():
    """List models, filtered and sorted, one page at a time (keyset cursor)."""
    query = query_args(schemas.ModelListQuery)
    model_filter = ModelFilter(
        q=query.q or "",
        framework=query.framework or "",
        tags=tuple(_tag_condition(text) for text in query.tag or ()),
        alias=query.alias or "",
        sort=query.sort,
    )
    page = model_search.list_models(model_filter, limit=query.limit, cursor=query.cursor)
    body = {
        "items": [render.model(listing.model, listing.latest) for listing in page.items],
        "next_cursor": page.next_cursor,
    }
    return json_reply(body, headers=next_page_headers(page.next_cursor))


@requires(WRITE)
@route(
    v1,
    "POST",
    "/models",
    summary="Register a model",
    tag="models",
    body=schemas.NewModel,
    ok=Reply(201, "The model was registered.", responses.Model, headers=("ETag", "Location")),
    errors=(409,),
)
def create_model():
    """Register a model, optionally with its first version, in one transaction."""
    fields = given_fields(json_body(schemas.NewModel))
    created, first = registered_models.create_model_view(**fields)
    body = render.model(created, first)
    location = body["links"]["self"]  # what url_for gives, built as every reply's links are
    return tagged_reply(body, created.row_version, 201, {"Location": location})


@requires(READ)
@route(v1, "GET", "/models/<name>", summary="Read a model", tag="models", ok=MODEL)
def get_model(name: str):
    """Show a model with its tags, aliases and latest version."""
    return model_reply(name)


@requires(WRITE)
@route(
    v1,
    "PATCH",
    "/models/<name>",
    summary="Change a model",
    tag="models",
    body=schemas.ModelChanges,
    if_match=True,
    ok=MODEL,
    errors=(409, 412),
)
def update_model(name: str):
    """Rename a model or change its description."""
    changes = given_fields(json_body(schemas.ModelChanges))
    found, latest = registered_models.update_model_view(name, changes, expected_row_version())
    return tagged_reply(render.model(found, latest), found.row_version)


@requires(ADMIN)
@route(
    v1,
    "DELETE",
    "/models/<name>",
    summary="Delete a model",
    tag="models",
    if_match=True,
    ok=Reply(204, "The model and its versions are gone; its history stays."),
    errors=(412,),
)
def delete_model(name: str):
    """Delete a model with all its versions, tags and aliases."""
    registered_models.delete_model(name, expected_row_version())
    return no_content()


@requires(WRITE)
@route(
    v1,
    "PUT",
    "/models/<name>/tags/<path:key>",
    summary="Set a model tag",
    tag="tags",
    body=schemas.TagValue,
    ok=MODEL,
)
def set_model_tag(name: str, key: str):
    """Set a tag of a model, adding or replacing it."""
    value = json_body(schemas.TagValue).value
    found, latest = registered_models.set_model_tag_view(name, key, value)
    return tagged_reply(render.model(found, latest), found.row_version)


@requires(ADMIN)
@route(
    v1,
    "DELETE",
    "/models/<name>/tags/<path:key>",
    summary="Remove a model tag",
    tag="tags",
    ok=Reply(204, "The tag is gone."),
)
def delete_model_tag(name: str, key: str):
    """Remove a tag from a model."""
    registered_models.delete_model_tag(name, key)
    return no_content()


def _tag_condition(text: str) -> tuple[str, str | None]:
    # "key:value" matches that value; a bare "key" matches any value of the key.
    key, separator, value = text.partition(":")
    return (key, value) if separator else (key, None)
