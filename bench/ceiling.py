"""The ceiling: a bare Flask app answering {} (bench/bare.py) under the same gunicorn settings.

It is measured at the start of a run, and again right before every round of a read phase: a
phase lasts well under a second and this VM's speed drifts between phases, so a read phase is
compared with the bare app as fast as the machine was at that moment.
"""

from pathlib import Path

from .client import Client
from .load import PhaseResult, run_phase
from .server import Server, registry_environment

# Rounds of (bare app, read phase); the round with the median share is reported. One round's
# share swings by ±5 points on this VM: the median of five moves less than that of three.
ROUNDS = 5


def start(workers: int, threads: int, directory: Path) -> Server:
    """Start the bare app with the registry's gunicorn settings (``threads`` per worker, which
    depend on the registry's database); stop it with the Server.

    Its access log goes to a file, as the registry's does: a line per request either way.
    """
    environment = registry_environment(f"sqlite:///{directory / 'unused.sqlite3'}")
    server = Server("bench.bare:app", environment, workers, directory / "bare.log", threads=threads)
    server.start("/")
    return server


def run(server: Server, requests: int, clients: int) -> PhaseResult:
    """Ask the bare app ``requests`` times, ``clients`` at a time."""
    return run_phase("bare {}", "bare", server.port, [_empty] * requests, clients)


def median_round(rounds: list[dict]) -> dict:
    """The round (a phase row with its ``ceiling_per_second``) whose share of the ceiling is
    the median, carrying the errors of every round: every answer of every round was checked."""
    ordered = sorted(rounds, key=lambda row: row["per_second"] / row["ceiling_per_second"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["errors"] = sum(row["errors"] for row in rounds)
    chosen["error_messages"] = [message for row in rounds for message in row["error_messages"]]
    return chosen


def _empty(client: Client) -> None:
    answer = client.call("GET", "/")
    if answer.json() != {}:
        raise ValueError(f"bare app answered {answer.body!r}")
