"""Failure counts kept in Redis are shared: every worker and every instance caps an address
together, and a Redis that is down lets requests through rather than refusing everyone."""

import os
import socket
import uuid

import pytest
import redis
from auth_support import make_account
from skips import skip_or_fail

from registry import create_app
from registry.extensions import db

REDIS_URL = os.environ.get("REGISTRY_TEST_REDIS_URL", "")
LIMIT = 10
PATH = "/api/v1/models"


@pytest.fixture
def redis_url():
    """The Redis server the shared counts are kept on (skipped without one, but not in CI)."""
    if not REDIS_URL:
        skip_or_fail("REGISTRY_TEST_REDIS_URL is not set: the shared failure counts are untested")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis at {REDIS_URL} does not answer: {error}")
    return REDIS_URL


@pytest.fixture
def database_url(tmp_path):
    """One SQLite file the instances share (the counts are what is tested, not the database)."""
    return f"sqlite:///{tmp_path / 'registry.sqlite3'}"


@pytest.fixture
def instances(app_config):
    """Make apps on one database and one failure-count storage, as gunicorn instances are."""
    made = []

    def make(storage_uri: str, count: int = 2) -> list:
        config = {**app_config, "REGISTRY_RATELIMIT_STORAGE_URI": storage_uri}
        made.extend(create_app(config) for _ in range(count))
        with made[0].app_context():
            db.create_all()
        return made[-count:]

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


def address() -> str:
    """An address no other test run has counted failures for (counts outlive a run by a
    minute)."""
    return "10." + ".".join(str(byte) for byte in uuid.uuid4().bytes[:3])


def fail_tokens(app, caller: str) -> None:
    client = app.test_client()
    for attempt in range(LIMIT):
        headers = {"Authorization": f"Bearer mrl_guess{attempt}"}
        response = client.get(PATH, headers=headers, environ_base={"REMOTE_ADDR": caller})
        assert response.status_code == 401


def read_with(app, secret: str, caller: str) -> int:
    headers = {"Authorization": f"Bearer {secret}"}
    return app.test_client().get(PATH, headers=headers, environ_base={"REMOTE_ADDR": caller})


def test_failures_on_one_instance_cap_the_address_on_another(instances, redis_url):
    first, second = instances(redis_url)
    good = make_account(second, "carol", "viewer")
    caller = address()
    fail_tokens(first, caller)
    refused = read_with(second, good.token, caller)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert read_with(second, good.token, address()).status_code == 200


def test_counts_kept_in_memory_are_each_instances_own(instances):
    first, second = instances("memory://")
    good = make_account(second, "carol", "viewer")
    caller = address()
    fail_tokens(first, caller)
    assert read_with(first, good.token, caller).status_code == 429
    assert read_with(second, good.token, caller).status_code == 200


def test_a_storage_that_is_down_lets_requests_through_and_says_so(instances, redis_url, caplog):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    (app,) = instances(f"redis://127.0.0.1:{closed}", count=1)
    good = make_account(app, "carol", "viewer")
    assert read_with(app, good.token, address()).status_code == 200
    assert read_with(app, "mrl_wrong", address()).status_code == 401
    assert "Rate-limit storage failed" in caplog.text
