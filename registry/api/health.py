"""/healthz and /readyz: is the process up, and can it reach its database."""

from ..auth import PUBLIC, requires
from ..services.health import database_answers
from . import responses
from .blueprints import health
from .problems import problem
from .replies import json_reply
from .routes import Reply, route


@requires(PUBLIC)
@route(
    health,
    "GET",
    "/healthz",
    summary="Liveness",
    tag="health",
    ok=Reply(200, "The process answers.", responses.Health),
    uses_database=False,
)
def healthz():
    """Answer as long as the process runs; it does not touch the database."""
    return json_reply({"status": "ok"})


@requires(PUBLIC)
@route(
    health,
    "GET",
    "/readyz",
    summary="Readiness",
    tag="health",
    ok=Reply(200, "The database answers.", responses.Health),
)
def readyz():
    """Answer 200 when the database answers ``SELECT 1``, else 503."""
    if database_answers():
        return json_reply({"status": "ready"})
    return problem(503, "The database is not answering.")
