"""/api/v1/openapi.json and /api/v1/docs: the API describing itself."""

from flask import current_app, render_template, url_for

from ...auth import PUBLIC, requires
from .. import openapi
from ..blueprints import v1
from ..replies import json_reply
from ..routes import TABLE, Operation, Reply, route


@requires(PUBLIC)
@route(
    v1,
    "GET",
    "/openapi.json",
    summary="The OpenAPI document",
    tag="meta",
    ok=Reply(200, "This API's OpenAPI 3.1 document."),
    uses_database=False,
)
def openapi_document():
    """Serve the OpenAPI 3.1 document generated from the route table and the schemas."""
    return json_reply(openapi.document_for(current_app))


@requires(PUBLIC)
@route(
    v1,
    "GET",
    "/docs",
    summary="The interactive API page",
    tag="meta",
    ok=Reply(200, "An HTML page to read and try the API.", media_type="text/html"),
    uses_database=False,
)
def docs_page():
    """Show the interactive API documentation (Swagger UI, served from this package)."""
    return render_template("api/docs.html", document_url=url_for("api_v1.openapi_document"))


TABLE.describe(
    Operation(
        endpoint="api_v1.static",
        method="GET",
        summary="A file of the docs page",
        tag="meta",
        replies=(
            Reply(200, "The file.", media_type="text/css"),
            Reply(200, "The file.", media_type="text/javascript"),
        ),
        errors=(),
        error_style="problem",
        uses_database=False,
        description="The docs page's stylesheets and scripts, shipped inside the package.",
    )
)
