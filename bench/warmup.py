"""Untimed requests before the timed phases, so that a phase measures the steady state.

A worker's first requests of each kind cost more than the rest: SQLAlchemy compiles every
statement once per process, and the interpreter's and SQLite's caches fill. The run's first phase
(creating models) paid all of that for both workers, up to a tenth of its time. The warm-up sends
each kind of request the phases send, from several clients at once so that every worker gets
some, on models of its own that it deletes again: the phases' data stays as generated.
"""

from functools import partial

from .client import Client, query, segment
from .load import run_phase

API = "/api/v1/models"
MLFLOW = "/api/2.0/mlflow"
MODELS_PER_CLIENT = 4


def warm_up(port: int, token: str | None, clients: int) -> None:
    """Send the warm-up requests; every answer must have the status expected.

    :raises RuntimeError: an answer did not (the server is not fit to be measured).
    """
    names = [f"bench-warm-up-{index:03d}" for index in range(clients * MODELS_PER_CLIENT)]
    operations = [partial(_every_kind, name) for name in names]
    result = run_phase("warm-up", "all", port, operations, clients, token)
    if result.errors:
        raise RuntimeError(f"warm-up failed: {result.error_messages}")


def _every_kind(name: str, client: Client) -> None:
    path, ml_name = f"{API}/{segment(name)}", f"{name}-mlflow"
    client.call("POST", API, {"name": name, "tags": {"team": "bench"}}, expect=201)
    client.call("POST", f"{path}/versions", {"framework": "JAX", "metrics": {"a": 1.0}}, expect=201)
    client.call("PUT", f"{path}/aliases/champion", {"version": "1"})
    client.call("PATCH", path, {"description": "Warming up."})
    client.call("PUT", f"{path}/tags/reviewed", {"value": "yes"})
    for read in (path, f"{path}/versions/1", f"{path}/aliases/champion", f"{path}/versions"):
        client.call("GET", read)
    client.call("GET", API + query(framework="JAX"))
    client.call("GET", API + query(q=name))
    client.call("GET", "/" + query(framework="JAX", sort="name"), headers={"Accept": "text/html"})
    client.call("POST", f"{MLFLOW}/registered-models/create", {"name": ml_name})
    client.call("POST", f"{MLFLOW}/model-versions/create", {"name": ml_name, "source": "s3://b/1"})
    alias = {"name": ml_name, "alias": "champion", "version": "1"}
    client.call("POST", f"{MLFLOW}/registered-models/alias", alias)
    client.call("PATCH", f"{MLFLOW}/registered-models/update", {"name": ml_name, "description": ""})
    tag = {"name": ml_name, "key": "reviewed", "value": "yes"}
    client.call("POST", f"{MLFLOW}/registered-models/set-tag", tag)
    client.call("GET", f"{MLFLOW}/registered-models/get" + query(name=ml_name))
    client.call("GET", f"{MLFLOW}/model-versions/get" + query(name=ml_name, version="1"))
    client.call("GET", f"{MLFLOW}/registered-models/alias" + query(name=ml_name, alias="champion"))
    search = {"filter": f"name LIKE '%{ml_name}%'", "max_results": "100"}
    client.call("GET", f"{MLFLOW}/registered-models/search" + query(**search))
    client.call("DELETE", f"{MLFLOW}/registered-models/delete", {"name": ml_name})
    client.call("DELETE", path, expect=204)
