"""Real gunicorn servers and concurrent writers for the durability tests.

The servers are the benchmarks' (bench.server): the shipped gunicorn.conf.py on 127.0.0.1, in a
process group of their own, so a test stops (or SIGKILLs) exactly the processes it started.
"""

import http.client
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.server import Server, registry_environment
from registry.config import normalise_database_url


def gunicorn(database_url: str, workers: int, log_path: Path) -> Server:
    """Start ``gunicorn wsgi:app`` on the database and return it once /readyz answers."""
    server = Server("wsgi:app", registry_environment(database_url), workers, log_path)
    try:
        server.start("/readyz")
    except RuntimeError as error:
        raise RuntimeError(f"{error}\n{log_path.read_text(errors='replace')[-2000:]}") from None
    return server


def call(
    port: int, method: str, path: str, payload=None, connection=None, *, token: str | None
) -> tuple[int, dict]:
    """One request with ``token`` (None: anonymous); returns the status and the JSON body
    (empty dict when there is none)."""
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = None if payload is None else json.dumps(payload)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if body is not None:
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read()
    finally:
        if own:
            connection.close()
    return response.status, json.loads(raw) if raw.strip() else {}


@dataclass
class Outcome:
    """What concurrent clients got back: every status, and the names the server acknowledged."""

    statuses: list[int] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    bodies: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def run_clients(count: int, work, outcome: Outcome | None = None) -> Outcome:
    """Run ``work(client_index, outcome)`` in ``count`` threads started together; return
    the outcome they recorded (into ``outcome`` when given, under ``outcome.lock``)."""
    outcome = outcome or Outcome()
    start = threading.Barrier(count)

    def client(index: int) -> None:
        start.wait()
        work(index, outcome)

    threads = [threading.Thread(target=client, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def create_models(ports: list[int], prefix: str, per_client: int, token: str, stop=None):
    """A ``work`` function: client i registers ``per_client`` models through the API on
    ``ports[i % len(ports)]``, on one keep-alive connection, with ``token``, recording every
    201."""

    def work(index: int, outcome: Outcome) -> None:
        port = ports[index % len(ports)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for number in range(per_client):
            if stop is not None and stop.is_set():
                break
            name = f"{prefix}-{index}-{number}"
            payload = {"name": name, "first_version": {"framework": "PyTorch"}}
            try:
                status, body = call(
                    port, "POST", "/api/v1/models", payload, connection, token=token
                )
            except (OSError, http.client.HTTPException) as error:
                # No answer: the write may or may not have happened; only answers count.
                with outcome.lock:
                    outcome.failures.append(repr(error))
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            with outcome.lock:
                outcome.statuses.append(status)
                outcome.bodies.append(body)
                if status == 201:
                    outcome.acknowledged.append(name)
        connection.close()

    return work


def stored_model_names(database_url: str) -> set[str]:
    """The names of every model in the database, read directly (not through the server)."""
    engine = create_engine(normalise_database_url(database_url))
    try:
        with engine.connect() as connection:
            return set(connection.execute(text("SELECT name FROM registered_models")).scalars())
    finally:
        engine.dispose()


def sqlite_integrity(database_url: str) -> str:
    """``PRAGMA integrity_check`` of a SQLite database: "ok" when it is sound."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("PRAGMA integrity_check")).scalar()
    finally:
        engine.dispose()
