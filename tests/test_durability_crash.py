"""`kill -9` of the whole server during concurrent writes loses no acknowledged write.

A handful of trials here; `make soak` (bench/soak.py) repeats the same 200 times.
"""

import threading
import time

import pytest
from auth_support import make_account
from durability_support import (
    Outcome,
    call,
    create_models,
    gunicorn,
    run_clients,
    sqlite_integrity,
    stored_model_names,
)

TRIALS = 3
CLIENTS = 8
ACKS_BEFORE_KILL = 25


@pytest.mark.parametrize("trial", range(TRIALS))
def test_acknowledged_writes_survive_a_kill_9(app, database_url, tmp_path, trial):
    token = make_account(app, "writer", "editor").token
    server = gunicorn(database_url, 2, tmp_path / "gunicorn.log")
    outcome, stop = Outcome(), threading.Event()
    writers = create_models([server.port], f"crash-{trial}", 10_000, token, stop=stop)
    clients = threading.Thread(target=run_clients, args=(CLIENTS, writers, outcome))
    try:
        clients.start()
        # Kill at a different point of the write stream in each trial.
        while len(outcome.acknowledged) < ACKS_BEFORE_KILL * (trial + 1) and clients.is_alive():
            time.sleep(0.005)
        server.kill()
    finally:
        stop.set()
        clients.join()
        server.kill()
    assert len(outcome.acknowledged) >= ACKS_BEFORE_KILL
    assert not [status for status in outcome.statuses if status >= 500]

    assert set(outcome.acknowledged) <= stored_model_names(database_url)
    if database_url.startswith("sqlite"):
        assert sqlite_integrity(database_url) == "ok"

    restarted = gunicorn(database_url, 2, tmp_path / "gunicorn-restarted.log")
    try:
        after = {"name": "after-restart"}
        status, body = call(restarted.port, "POST", "/api/v1/models", after, token=token)
        assert status == 201, body
        last = f"/api/v1/models/{outcome.acknowledged[-1]}"
        status, body = call(restarted.port, "GET", last, token=token)
        assert status == 200, body
    finally:
        restarted.stop()
