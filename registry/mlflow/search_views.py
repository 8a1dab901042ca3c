"""The two search RPCs: filters, order and pages are evaluated in the database.

Page tokens are the services' keyset cursors, opaque to the client; unlike MLflow's offsets
they neither skip nor repeat rows when models change between pages, and a token replayed
with another filter or order is refused instead of silently misplacing the page.
"""

from typing import Any

from registry.auth import READ, requires
from registry.services import model_search, version_search, views

from . import entities, filters, ordering
from .blueprint import rpc
from .wire import request_fields, string, strings


@requires(READ)
@rpc("/registered-models/search", "GET")
def search_registered_models() -> dict[str, Any]:
    """Return one page of models matching an MLflow filter, in the requested order."""
    fields = request_fields(repeated=("order_by",))
    conditions = filters.parse(string(fields, "filter") or "", filters.MODEL_GRAMMAR)
    model_filter = model_search.ModelFilter(
        conditions=filters.exclude_prompts_unless_asked(conditions),
        sort=ordering.model_sort(strings(fields, "order_by")),
    )
    limit = ordering.max_results(fields, ordering.MODEL_DEFAULT_RESULTS, ordering.MODEL_MAX_RESULTS)
    page = model_search.list_model_ids(
        model_filter, limit=limit, cursor=string(fields, "page_token") or None
    )
    models = views.model_views(page.items)
    latest = views.highest_versions_per_stage(page.items)
    body: dict[str, Any] = {}
    entities.put_list(
        body,
        "registered_models",
        [entities.registered_model(model, latest[model.id]) for model in models],
    )
    if page.next_cursor:
        body["next_page_token"] = page.next_cursor
    return body


@requires(READ)
@rpc("/model-versions/search", "GET")
def search_model_versions() -> dict[str, Any]:
    """Return one page of versions of any model matching an MLflow filter."""
    fields = request_fields(repeated=("order_by",))
    conditions = filters.parse(string(fields, "filter") or "", filters.VERSION_GRAMMAR)
    version_filter = version_search.VersionFilter(
        conditions=filters.exclude_prompts_unless_asked(conditions),
        order=ordering.version_order(strings(fields, "order_by")),
    )
    limit = ordering.max_results(fields, ordering.VERSION_MAX_RESULTS, ordering.VERSION_MAX_RESULTS)
    page = version_search.search_version_ids(
        version_filter,
        limit=min(limit, ordering.VERSION_PAGE_CAP),
        cursor=string(fields, "page_token") or None,
    )
    body: dict[str, Any] = {}
    found = views.version_views(page.items)
    entities.put_list(
        body, "model_versions", [entities.model_version(version) for version in found]
    )
    if page.next_cursor:
        body["next_page_token"] = page.next_cursor
    return body
