"""Instructions per read, counted by valgrind: the registry's reads beside the bare app's ``{}``.

`make bench-instructions` (needs valgrind). The VM's speed drifts from one minute to the next; an
instruction count does not (the same code, data and environment give the same count within a few
parts in a thousand). Each kind of request is sent in-process to the WSGI app (no server, no
sockets), warmed up, then counted in WINDOWS windows of REQUESTS requests with callgrind's
instrumentation on only around them; the lowest window counts (a request that records the
token's last use, once a minute, is a write and costs many times a read). Useful to see what a
change does to a read's own work; the throughput against the ceiling is `make bench`'s read
phases.
"""

import io
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

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
CASES = {
    "bare {}": ("bench.bare", "/", ""),
    "api model": ("wsgi", API, ""),
    "api version": ("wsgi", f"{API}/versions/2", ""),
    "api version by alias": ("wsgi", f"{API}/aliases/champion", ""),
    "mlflow model": ("wsgi", f"{MLFLOW}/registered-models/get", query(name=MODEL)[1:]),
    "mlflow version": ("wsgi", f"{MLFLOW}/model-versions/get", query(name=MODEL, version="2")[1:]),
    "mlflow version by alias": (
        "wsgi",
        f"{MLFLOW}/registered-models/alias",
        query(name=MODEL, alias="champion")[1:],
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


def count_one(case: str) -> None:
    """In the process valgrind runs: warm up, then count REQUESTS requests of ``case``."""
    module, path, query_string = CASES[case]
    app = __import__(module, fromlist=["app"]).app
    token = os.environ.get("BENCH_TOKEN", "")
    for _ in range(WARM_UP):
        _ask(app, path, query_string, token)
    _callgrind("--instr=on")
    for _ in range(WINDOWS):
        for _ in range(REQUESTS):
            _ask(app, path, query_string, token)
        _callgrind("--dump")
    _callgrind("--instr=off")


def _ask(app, path: str, query_string: str, token: str) -> None:
    statuses = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query_string,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT": "application/json",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    body = b"".join(app(environ, lambda status, _headers, _exc=None: statuses.append(status)))
    if not statuses[0].startswith("200"):
        raise RuntimeError(f"{path} answered {statuses[0]}: {body[:200]!r}")


def _callgrind(command: str) -> None:
    subprocess.run(
        ["callgrind_control", command, str(os.getpid())], check=True, capture_output=True
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        count_one(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
