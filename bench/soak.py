"""`python -m bench.soak` (`make soak`): kill -9 the server during concurrent writes, again and
again, and count the acknowledged writes that did not survive.

Each trial starts gunicorn (the shipped config) on the same database, lets 8 clients register
models until a random number of them were acknowledged, SIGKILLs the master and every worker
at once, then reads the database directly: every acknowledged model must be there, and SQLite
must pass ``PRAGMA integrity_check``. TRIALS (default 200) and BENCH_DATABASE_URL (PostgreSQL)
come from the environment.
"""

import logging
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from registry.config import normalise_database_url

from .client import Client
from .database import api_token, flask, fresh_database
from .server import Server, registry_environment

CLIENTS = 8
log = logging.getLogger("bench.soak")


class Writers:
    """Clients registering models as fast as they can, remembering what was acknowledged."""

    def __init__(self, port: int, prefix: str, token: str | None):
        self.port, self.prefix, self.token = port, prefix, token
        self.acknowledged: list[str] = []
        self.server_errors = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self._write, args=(index,)) for index in range(CLIENTS)
        ]

    def start(self) -> None:
        """Start every client."""
        for thread in self.threads:
            thread.start()

    def join(self) -> None:
        """Stop the clients and wait for them."""
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def _write(self, index: int) -> None:
        client = Client(self.port, [], self.token)
        number = 0
        while not self.stop.is_set():
            name = f"{self.prefix}-{index}-{number}"
            number += 1
            payload = {"name": name, "first_version": {"framework": "PyTorch"}}
            try:
                answer = client.call("POST", "/api/v1/models", payload, expect=None)
            except OSError:  # no answer (the server is gone): unacknowledged, not counted
                client.close()
                if self.stop.wait(0.01):
                    break
                continue
            with self.lock:
                if answer.status == 201:
                    self.acknowledged.append(name)
                elif answer.status >= 500:
                    self.server_errors += 1
        client.close()


def stored_names(url: str, prefix: str) -> set[str]:
    """The names of the trial's models found in the database."""
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT name FROM registered_models WHERE name LIKE :prefix"),
                {"prefix": prefix + "-%"},
            )
            return set(rows.scalars())
    finally:
        engine.dispose()


def integrity(url: str) -> str:
    """``PRAGMA integrity_check`` on SQLite ("ok" when sound); PostgreSQL has no equivalent."""
    if not url.startswith("sqlite"):
        return "ok"
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("PRAGMA integrity_check")).scalar()
    finally:
        engine.dispose()


def trial(url: str, token: str | None, number: int, rng: random.Random, log_path: Path) -> dict:
    """One crash; return how many writes were acknowledged and lost, the server errors
    answered and the integrity check."""
    prefix = f"soak-{number}"
    with Server("wsgi:app", registry_environment(url), 2, log_path) as server:
        server.start("/readyz")
        writers = Writers(server.port, prefix, token)
        target = rng.randint(1, 60)
        writers.start()
        while len(writers.acknowledged) < target and all(t.is_alive() for t in writers.threads):
            time.sleep(0.002)
        server.kill()
        writers.join()
    acknowledged = set(writers.acknowledged)
    return {
        "acknowledged": len(acknowledged),
        "lost": len(acknowledged - stored_names(url, prefix)),
        "server_errors": writers.server_errors,
        "integrity": integrity(url),
    }


def main() -> int:
    """Run the trials; print the count of trials and of lost writes; 1 if any was lost."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    trials = int(os.environ.get("TRIALS", "200"))
    rng = random.Random(int(os.environ.get("SEED", "6")))
    totals = dict.fromkeys(("trials", "acknowledged", "lost", "server_errors", "bad_integrity"), 0)
    with tempfile.TemporaryDirectory(prefix="registry-soak-") as scratch:
        directory = Path(scratch)
        with fresh_database(directory, os.environ.get("BENCH_DATABASE_URL", "")) as url:
            flask(url, "db", "upgrade")
            token = api_token(url)
            for number in range(trials):
                found = trial(url, token, number, rng, directory / "gunicorn.log")
                totals["trials"] += 1
                for key in ("acknowledged", "lost", "server_errors"):
                    totals[key] += found[key]
                totals["bad_integrity"] += found["integrity"] != "ok"
                log.info("trial %d: %s", number + 1, found)
    print(
        f"trials: {totals['trials']}  acknowledged writes: {totals['acknowledged']}  "
        f"lost writes: {totals['lost']}  server errors: {totals['server_errors']}  "
        f"failed integrity checks: {totals['bad_integrity']}"
    )
    return 1 if totals["lost"] or totals["server_errors"] or totals["bad_integrity"] else 0


if __name__ == "__main__":
    sys.exit(main())
