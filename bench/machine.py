"""The machine under the benchmark: what it is, and how busy other processes kept it.

The load generator and the server share the cores; on a shared machine other processes may
take some too, and every number below would be lower for it. So each phase records how many
cores, on average, were busy with processes that are neither the server nor the benchmark.
"""

import os
import platform
import sqlite3
from collections.abc import Callable
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def describe(url: str) -> dict:
    """Cores, CPU, and the versions of Python, SQLite, gunicorn and PostgreSQL."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    machine = {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "gunicorn": version("gunicorn"),
    }
    if url.startswith("postgres"):
        machine["postgresql"] = _postgresql_version(url)
    return machine


def _postgresql_version(url: str) -> str:
    from sqlalchemy import create_engine, text

    from registry.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    with engine.connect() as connection:
        found = connection.execute(text("SHOW server_version")).scalar()
    engine.dispose()
    return f"PostgreSQL {found}"


@contextmanager
def other_load(own_pids: Callable[[], list[int]]):
    """Measure, over the block, the cores kept busy by processes other than ``own_pids()``
    (the server's, and the database backends serving it) and this one; yields a dict whose
    "cores" is filled in at the end."""
    found = {"cores": 0.0}
    busy, ours, wall = _busy_ticks(), _ticks([os.getpid(), *own_pids()]), _uptime()
    yield found
    elapsed = _uptime() - wall
    if elapsed > 0:
        others = (_busy_ticks() - busy) - (_ticks([os.getpid(), *own_pids()]) - ours)
        found["cores"] = max(0.0, others / TICKS / elapsed)


def _busy_ticks() -> int:
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, iowait = fields[3], fields[4]
    return sum(fields[:8]) - idle - iowait


def _ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def _uptime() -> float:
    return float(Path("/proc/uptime").read_text().split()[0])
