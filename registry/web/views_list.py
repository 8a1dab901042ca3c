"""The list of registered models: search, filter, sort and page, all held in the URL."""

from flask import current_app, flash, make_response, redirect, render_template, request, url_for

from ..auth import READ, requires
from ..errors import InvalidCursor, ValidationFailed
from ..services.model_search import count_models, list_models
from .blueprint import bp
from .helpers import is_htmx
from .listing import SORTS, ListView

# A filtered list counts its matches up to this many, then says "1,000+": counting every match
# of a common filter would read every row of a large registry on each page.
COUNT_LIMIT = 1000


@requires(READ)
@bp.get("/")
def index():
    """List the models as the URL's search, filters, sort and cursor say."""
    view = ListView.from_args(request.args)
    model_filter = view.model_filter()
    page, problems, status = None, [], 200
    try:
        page = list_models(
            model_filter, limit=current_app.config["REGISTRY_PAGE_SIZE"], cursor=view.cursor or None
        )
    except InvalidCursor as error:
        flash(f"{error.message} Showing the first page.", "error")
        return redirect(url_for("web.index", **view.params(cursor="")), 303)
    except ValidationFailed as error:
        problems, status = [message for _, message in error.fields], 400
    at_most = COUNT_LIMIT if view.is_filtered else None
    total = count_models(model_filter, at_most=at_most) if page is not None else 0
    template = "web/_list_results.html" if is_htmx() else "web/list.html"
    response = make_response(
        render_template(
            template,
            view=view,
            page=page,
            total=total,
            count_limit=COUNT_LIMIT,
            problems=problems,
            sorts=SORTS,
            fragment=is_htmx(),
        ),
        status,
    )
    # The same URL answers a whole page or a fragment: caches must keep them apart.
    response.vary.add("HX-Request")
    if is_htmx():
        # Show the tidy URL (no empty parameters) in the address bar after filtering in place.
        response.headers["HX-Push-Url"] = url_for("web.index", **view.params())
    return response
