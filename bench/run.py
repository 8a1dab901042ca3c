"""`python -m bench`: the bare ceiling, then the registry on a fresh, seeded database."""

import json
import logging
import runpy
import sys
import tempfile
from pathlib import Path

from . import ceiling, machine, report
from .database import Backends, analyze, api_token, flask, fresh_database
from .dataset import World, write_jsonl
from .load import run_phase
from .plan import Step, steps
from .server import PROJECT_ROOT, Server, gunicorn_threads, registry_environment
from .settings import Settings, from_environment
from .warmup import warm_up

log = logging.getLogger("bench")


def main() -> int:
    """Run everything, print the table and the targets, write the JSON; 1 if any error."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    settings = from_environment()
    if settings.models < 1:
        sys.exit("N must be at least 1.")
    threads = gunicorn_threads(settings.admin_url)
    with (
        tempfile.TemporaryDirectory(prefix="registry-bench-") as scratch,
        ceiling.start(settings.workers, threads, Path(scratch)) as bare_server,
    ):
        directory = Path(scratch)
        bare = measure_bare(settings, bare_server)
        with fresh_database(directory, settings.admin_url) as url:
            seed = seed_database(url, settings, directory)
            token = api_token(url)
            server, phases = measure_registry(url, settings, directory, token, bare_server)
            description = machine.describe(url)
    result = {
        "machine": description,
        "settings": describe_settings(settings, threads),
        "seed": seed,
        "bare": bare,
        "server": server,
        "phases": phases,
    }
    result["targets"] = [verdict.as_dict() for verdict in report.verdicts(result)]
    settings.output.parent.mkdir(parents=True, exist_ok=True)
    settings.output.write_text(json.dumps(result, indent=2) + "\n")
    print(report.text(result))
    print(json.dumps(result))
    errors = sum(row["errors"] for row in bare["phases"] + phases)
    if errors:
        print(f"FAILED: {errors} requests got a wrong answer (see error_messages).")
    return 1 if errors else 0


def measure_bare(settings: Settings, server: Server) -> dict:
    """The bare app's start-up, memory and throughput with 1 and with C clients."""
    log.info("bare app: answering after %.2f s", server.started_in)
    rss = server.rss_mb()
    # Untimed, as the registry's warm-up is: every worker answers some first.
    ceiling.run(server, 100, settings.clients)
    phases = []
    for clients in _client_counts(settings):
        with machine.other_load(server.pids) as other:
            result = ceiling.run(server, settings.operations, clients)
        phases.append(result.summary() | {"kind": "ceiling", "other_cores": other["cores"]})
    return {"start_seconds": server.started_in, "rss_mb": rss, "phases": phases}


def seed_database(url: str, settings: Settings, directory: Path) -> dict:
    """Upgrade the fresh database, then import the N generated models through `flask import`."""
    log.info("seed: flask db upgrade")
    upgrade = flask(url, "db", "upgrade")
    data = directory / "seed.jsonl"
    write_jsonl(data, settings.models)
    log.info("seed: flask import of %s models", f"{settings.models:,}")
    imported = flask(url, "import", str(data))
    analyze(url)
    return {
        "upgrade_seconds": round(upgrade, 2),
        "import_seconds": round(imported, 2),
        "models_per_second": round(settings.models / imported, 1),
    }


def measure_registry(
    url: str, settings: Settings, directory: Path, token: str | None, bare_server: Server
) -> tuple[dict, list[dict]]:
    """Start the registry, run every phase against it, and measure its memory.

    :param token: the API token the API and MLflow clients send (None: no accounts).
    :param bare_server: the bare app, running, to measure the ceiling again before each read.
    """
    world = World(settings.models)
    log_path = directory / "gunicorn.log"
    backends = Backends(url)
    with Server("wsgi:app", registry_environment(url), settings.workers, log_path) as server:
        started = server.start("/readyz")
        rss_start = server.rss_mb()
        log.info("registry: first answer after %.2f s, %.0f MB", started, rss_start)
        warm_up(server.port, token, settings.clients)
        phases = []
        for step in steps(settings, world):
            for clients in _client_counts(settings):
                row = _measure(step, clients, server, backends, token, bare_server)
                step.after(clients)
                phases.append(row)
                log.info(
                    "%-6s %-28s C=%-2d %7.0f req/s  p95 %6.2f ms  errors %d  other load %.2f",
                    step.door, step.phase, clients, row["per_second"],
                    row["p95_ms"], row["errors"], row["other_cores"],
                )  # fmt: skip
        rss_end = server.rss_mb()
    backends.close()
    return {"start_seconds": started, "rss_start_mb": rss_start, "rss_end_mb": rss_end}, phases


def _measure(
    step: Step,
    clients: int,
    server: Server,
    backends: Backends,
    token: str | None,
    bare_server: Server,
) -> dict:
    """One phase with ``clients`` clients, as a table row; a read phase in a few rounds, each
    right after the bare app (the ceiling at that moment), reported by its fastest round against
    the bare app's fastest."""
    reads = step.kind == "read"
    rounds = []
    for _ in range(ceiling.ROUNDS if reads else 1):
        operations = step.build(clients)
        bare_requests = len(operations) * ceiling.BARE_PER_READ
        bare = ceiling.run(bare_server, bare_requests, clients) if reads else None
        credentials = token if step.api_client else None
        with machine.other_load(lambda: server.pids() + backends.pids()) as other:
            result = run_phase(step.phase, step.door, server.port, operations, clients, credentials)
        row = result.summary() | {"kind": step.kind, "other_cores": other["cores"]}
        if bare is not None:
            row["ceiling_per_second"] = round(bare.per_second, 1)
        rounds.append(row)
    return ceiling.fastest_rounds(rounds) if reads else rounds[0]


def _client_counts(settings: Settings) -> list[int]:
    return [1] if settings.clients == 1 else [1, settings.clients]


def describe_settings(settings: Settings, threads: int) -> dict:
    """The run's settings, as the report shows them."""
    conf = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    return {
        "models": settings.models,
        "versions": 3 * settings.models,
        "clients": settings.clients,
        "operations": settings.operations,
        "workers": settings.workers,
        "database": "PostgreSQL" if settings.admin_url else "SQLite (WAL, synchronous=FULL)",
        "gunicorn": f"{settings.workers} {conf.get('worker_class', 'sync')} workers × "
        f"{threads} thread{'' if threads == 1 else 's'} (gunicorn.conf.py)",
    }
