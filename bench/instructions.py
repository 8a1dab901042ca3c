"""Instructions per request, counted by valgrind: the registry's reads and creations beside the
bare app's ``{}``.

`make bench-instructions` (needs valgrind). The VM's speed drifts from one minute to the next; an
instruction count does not (the same code, data and environment give the same count within a few
parts in a thousand). Each kind of request is sent in-process to the WSGI app (no server, no
sockets), warmed up, then counted in WINDOWS windows of REQUESTS requests with callgrind's
instrumentation on only around them; the lowest window counts (a request that records the
token's last use, once a minute, is a write and costs many times a read). A creation's count is
its CPU work; the wait for the disk to flush its commit is not in it. Useful to see what a change
does to a request's own work; the throughput against the ceiling is `make bench`'s phases.
"""

import io
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from .client import query, segment
from .database import api_token, flask, fresh_database
from .dataset import seeded_name, write_jsonl
from .server import PROJECT_ROOT, registry_environment

MODELS = 50
WARM_UP = 300
REQUESTS = 200
WINDOWS = 2
MODEL = seeded_name(7)
MLFLOW = "/api/2.0/mlflow"
API = f"/api/v1/models/{segment(MODEL)}"


class Case(NamedTuple):
    """One kind of request: the app that answers it, and what to send (``body(n)`` is the
    JSON body of the n-th request of a creation)."""

    module: str
    path: str
    query_string: str = ""
    body: object = None


def _new_model(n: int) -> dict:
    return {"name": f"instructions-{n}", "description": "Counted.", "tags": {"team": "bench"}}


def _new_version(_n: int) -> dict:
    return {"framework": "JAX", "source": "s3://bench/instructions", "metrics": {"auc": 0.9}}


CASES = {
    "bare {}": Case("bench.bare", "/"),
    "api model": Case("wsgi", API),
    "api version": Case("wsgi", f"{API}/versions/2"),
    "api version by alias": Case("wsgi", f"{API}/aliases/champion"),
    "mlflow model": Case("wsgi", f"{MLFLOW}/registered-models/get", query(name=MODEL)[1:]),
    "mlflow version": Case(
        "wsgi", f"{MLFLOW}/model-versions/get", query(name=MODEL, version="2")[1:]
    ),
    "mlflow version by alias": Case(
        "wsgi", f"{MLFLOW}/registered-models/alias", query(name=MODEL, alias="champion")[1:]
    ),
    "api create model": Case("wsgi", "/api/v1/models", body=_new_model),
    "api create version": Case("wsgi", f"{API}/versions", body=_new_version),
    "mlflow create model": Case(
        "wsgi", f"{MLFLOW}/registered-models/create", body=lambda n: {"name": f"mlflow-{n}"}
    ),
}


def main() -> int:
    """Seed a small SQLite registry, count each kind of read, print the table."""
    with tempfile.TemporaryDirectory(prefix="registry-instructions-") as scratch:
        directory = Path(scratch)
        with fresh_database(directory) as url:
            flask(url, "db", "upgrade")
            write_jsonl(directory / "seed.jsonl", MODELS)
            flask(url, "import", str(directory / "seed.jsonl"))
            environment = registry_environment(url) | {"BENCH_TOKEN": api_token(url) or ""}
            counts = {case: _count(case, environment, directory) for case in CASES}
    bare = counts["bare {}"]
    print("| request | instructions per request | × bare |")
    print("|---|---|---|")
    for case, count in counts.items():
        print(f"| {case} | {count:,.0f} | {count / bare:.2f} |")
    return 0


def _count(case: str, environment: dict, directory: Path) -> float:
    output = directory / f"callgrind.{len(list(directory.glob('callgrind.*')))}"
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={output}",
            sys.executable,
            "-m",
            "bench.instructions",
            "--one",
            case,
        ],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    # One file per window (callgrind_control --dump), each with the window's total.
    windows = [
        int(re.search(r"^totals: (\d+)", dump.read_text(), re.MULTILINE).group(1))
        for dump in sorted(directory.glob(f"{output.name}.*"))
    ]
    if done.returncode != 0 or len(windows) != WINDOWS:
        raise RuntimeError(f"counting {case!r} failed:\n{done.stdout}\n{done.stderr}")
    return min(windows) / REQUESTS


def count_one(name: str) -> None:
    """In the process valgrind runs: warm up, then count REQUESTS requests of case ``name``."""
    case = CASES[name]
    app = __import__(case.module, fromlist=["app"]).app
    token = os.environ.get("BENCH_TOKEN", "")
    numbers = itertools.count()
    for _ in range(WARM_UP):
        _ask(app, case, next(numbers), token)
    _callgrind("--instr=on")
    for _ in range(WINDOWS):
        for _ in range(REQUESTS):
            _ask(app, case, next(numbers), token)
        _callgrind("--dump")
    _callgrind("--instr=off")


def _ask(app, case: Case, number: int, token: str) -> None:
    statuses = []
    body = b"" if case.body is None else json.dumps(case.body(number)).encode()
    environ = {
        "REQUEST_METHOD": "GET" if case.body is None else "POST",
        "PATH_INFO": case.path,
        "QUERY_STRING": case.query_string,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT": "application/json",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if body:
        environ["CONTENT_TYPE"] = "application/json"
        environ["CONTENT_LENGTH"] = str(len(body))
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    answer = b"".join(app(environ, lambda status, _headers, _exc=None: statuses.append(status)))
    if not statuses[0].startswith(("200", "201")):
        raise RuntimeError(f"{case.path} answered {statuses[0]}: {answer[:200]!r}")


def _callgrind(command: str) -> None:
    subprocess.run(
        ["callgrind_control", command, str(os.getpid())], check=True, capture_output=True
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        count_one(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
