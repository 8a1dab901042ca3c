"""Several workers (and, on PostgreSQL, two gunicorn instances) writing at once lose nothing.

SQLite: one gunicorn with 4 workers on one database file. PostgreSQL: two gunicorn instances
sharing one database. Eight clients write concurrently in every test.
"""

import http.client

import pytest
from auth_support import make_account
from durability_support import (
    Outcome,
    call,
    create_models,
    gunicorn,
    run_clients,
    stored_model_names,
)

from bench.server import Server

CLIENTS = 8


@pytest.fixture
def token(app) -> str:
    """An editor's token: the writers identify with it."""
    return make_account(app, "writer", "editor").token


@pytest.fixture
def servers(app, database_url, tmp_path):
    """The running registry: its instances' ports (the app fixture made the schema)."""
    if database_url.startswith("sqlite"):
        plan = [(4, tmp_path / "gunicorn.log")]
    else:
        plan = [(2, tmp_path / f"gunicorn-{n}.log") for n in (1, 2)]
    instances: list[Server] = []
    try:
        for workers, log_path in plan:
            instances.append(gunicorn(database_url, workers, log_path))
        yield instances
    finally:
        for instance in instances:
            instance.stop()
    for instance in instances:
        assert "database is locked" not in instance.log_path.read_text(errors="replace")


def ports(instances: list[Server]) -> list[int]:
    """Every instance's port, for clients to spread over."""
    return [instance.port for instance in instances]


def test_every_acknowledged_creation_is_stored(servers, database_url, token):
    outcome = run_clients(CLIENTS, create_models(ports(servers), "parallel", 30, token))

    assert outcome.failures == []
    assert set(outcome.statuses) == {201}
    assert len(outcome.acknowledged) == CLIENTS * 30
    assert stored_model_names(database_url) == set(outcome.acknowledged)


def contest(instances: list[Server], path: str, payload: dict, token: str) -> Outcome:
    """Every client sends the same request at the same moment, spread over the instances."""

    def send(index: int, outcome: Outcome) -> None:
        port = ports(instances)[index % len(instances)]
        status, body = call(port, "POST", path, payload, token=token)
        with outcome.lock:
            outcome.statuses.append(status)
            outcome.bodies.append(body)

    return run_clients(CLIENTS, send)


def test_one_of_several_concurrent_creations_of_a_name_wins(servers, token):
    for attempt in range(5):
        outcome = contest(servers, "/api/v1/models", {"name": f"Contested-{attempt}"}, token)

        assert sorted(outcome.statuses) == [201] + [409] * (CLIENTS - 1), outcome.bodies


def test_mlflow_door_answers_resource_already_exists_to_the_losers(servers, token):
    path = "/api/2.0/mlflow/registered-models/create"
    for attempt in range(5):
        outcome = contest(servers, path, {"name": f"mlflow-contested-{attempt}"}, token)

        assert sorted(outcome.statuses) == [200] + [400] * (CLIENTS - 1), outcome.bodies
        codes = [body.get("error_code") for body in outcome.bodies if "error_code" in body]
        assert codes == ["RESOURCE_ALREADY_EXISTS"] * (CLIENTS - 1)


def test_concurrent_version_creations_get_distinct_numbers(servers, token):
    status, _ = call(servers[0].port, "POST", "/api/v1/models", {"name": "shared"}, token=token)
    assert status == 201
    per_client = 15

    def add_versions(index: int, outcome: Outcome) -> None:
        port = ports(servers)[index % len(servers)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_client):
            path = "/api/v1/models/shared/versions"
            status, body = call(port, "POST", path, {"framework": "ONNX"}, connection, token=token)
            with outcome.lock:
                outcome.statuses.append(status)
                outcome.acknowledged.append(body.get("version"))
        connection.close()

    outcome = run_clients(CLIENTS, add_versions)

    assert set(outcome.statuses) == {201}
    expected = {str(number) for number in range(1, CLIENTS * per_client + 1)}
    assert sorted(outcome.acknowledged, key=int) == sorted(expected, key=int)
    listing = "/api/v1/models/shared/versions?limit=200"  # one page holds all of them
    status, listed = call(servers[-1].port, "GET", listing, token=token)
    assert {item["version"] for item in listed["items"]} == expected
