"""/api/v1/models/{name}/events and /compare: a model's history, and versions side by side."""

from ...auth import READ, requires
from ...services import compare, events, views
from ...services.lookup import get_model as find_model
from .. import render, responses, schemas
from ..blueprints import v1
from ..body import query_args
from ..replies import json_reply, next_page_headers
from ..routes import Reply, route


@requires(READ)
@route(
    v1,
    "GET",
    "/models/<name>/events",
    summary="A model's history",
    tag="history",
    query=schemas.PageQuery,
    ok=Reply(200, "One page of events, newest first.", responses.EventPage, headers=("Link",)),
    errors=(400,),
)
def list_events(name: str):
    """List who changed what in a model, newest first, one page at a time."""
    query = query_args(schemas.PageQuery)
    page = events.list_events(find_model(name), limit=query.limit, cursor=query.cursor)
    body = {"items": [render.event(found) for found in page.items], "next_cursor": page.next_cursor}
    return json_reply(body, headers=next_page_headers(page.next_cursor))


@requires(READ)
@route(
    v1,
    "GET",
    "/models/<name>/compare",
    summary="Compare versions",
    tag="history",
    query=schemas.CompareQuery,
    ok=Reply(200, "The versions side by side.", responses.Comparison),
)
def compare_versions(name: str):
    """Compare two or more versions of a model field by field."""
    labels = query_args(schemas.CompareQuery).versions.split(",")
    compared = compare.compare_versions(name, labels)
    shown = views.version_views([found.id for found in compared.versions])
    return json_reply(render.comparison(compared.versions[0].model.name, compared, shown))
