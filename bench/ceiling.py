"""The ceiling: a bare Flask app answering {} (bench/bare.py) under the same gunicorn settings.

It is measured at the start of a run, and again right before every round of a read phase: a
phase lasts well under a second and this VM's speed drifts between phases, so a read phase is
compared with the bare app as fast as the machine was at that moment.
"""

from pathlib import Path

from .client import Client
from .load import PhaseResult, run_phase
from .server import Server, registry_environment

# Rounds of (bare app, read phase): the fastest round of each is reported (see fastest_rounds).
ROUNDS = 5
# Requests the bare app answers in a round, per request of the read phase's round. A bare
# request takes about half a read's time, so its round lasts about as long as the read's. With
# as many requests, its rounds lasted a fifth of a second and their fastest varied twice as much:
# eight sets of five rounds of 1,000 requests gave a mean fastest of 4,429 requests/s with a
# standard deviation of 636; of 2,000 requests, 4,420 and 369 (bench/README.md, session 8).
BARE_PER_READ = 2


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


def fastest_rounds(rounds: list[dict]) -> dict:
    """The phase's fastest round (a row with its ``ceiling_per_second``), against the bare app's
    fastest round of the same rounds, carrying the errors of every round: every answer of every
    round was checked.

    A round's clients connect anew, and which of gunicorn's workers accepts each connection is
    chance: all eight on one worker, or seven and one, came up as often as four and four (ss),
    and a worker with no connection leaves its core idle. That moved a round's throughput by up to
    40 %, the bare app's and the registry's alike. The fastest round of each is the one whose
    connections were shared out best: each one's capacity at that moment.
    """
    chosen = dict(max(rounds, key=lambda row: row["per_second"]))
    chosen["ceiling_per_second"] = max(row["ceiling_per_second"] for row in rounds)
    chosen["errors"] = sum(row["errors"] for row in rounds)
    chosen["error_messages"] = [message for row in rounds for message in row["error_messages"]]
    return chosen


def _empty(client: Client) -> None:
    answer = client.call("GET", "/")
    if answer.json() != {}:
        raise ValueError(f"bare app answered {answer.body!r}")
