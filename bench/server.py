"""The production server under test: gunicorn with the shipped gunicorn.conf.py, on 127.0.0.1."""

import http.client
import os
import runpy
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
START_TIMEOUT = 30.0


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def registry_environment(database_url: str) -> dict[str, str]:
    """The environment the registry runs in: its database, a real secret key, the app name."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REGISTRY_SECRET_KEY": secrets.token_hex(32),
        "FLASK_APP": "registry",
    }


def gunicorn_threads(database_url: str) -> int:
    """The threads per worker the shipped gunicorn.conf.py gives a registry on
    ``database_url`` (GUNICORN_THREADS when set)."""
    conf = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    return int(os.environ.get("GUNICORN_THREADS") or conf["threads_for"](database_url))


class Server:
    """A gunicorn master and its workers, started in a process group of their own so that
    stopping it stops exactly the processes it started."""

    def __init__(
        self,
        app: str,
        environment: dict[str, str],
        workers: int = 2,
        log_path: Path | None = None,
        extra_args: tuple[str, ...] = (),
        threads: int | None = None,
    ):
        self.port = free_port()
        self.app = app
        self.environment = {
            **environment,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(workers),
        }
        if threads is not None:
            self.environment["GUNICORN_THREADS"] = str(threads)
        self.log_path = log_path
        self.extra_args = extra_args
        self.process: subprocess.Popen | None = None
        self.started_in = 0.0

    def start(self, ready_path: str = "/") -> float:
        """Start gunicorn and wait for the first 200 at ``ready_path``; return the seconds."""
        command = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", *self.extra_args, self.app]
        began = time.perf_counter()
        with open(self.log_path or os.devnull, "ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env=self.environment,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        self._wait_until_answering(ready_path, began)
        self.started_in = time.perf_counter() - began
        return self.started_in

    def _wait_until_answering(self, path: str, began: float) -> None:
        while time.perf_counter() - began < START_TIMEOUT:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}: {self.app}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", path)
                status = connection.getresponse().status
                connection.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.005)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer {path} within {START_TIMEOUT} s")

    def pids(self) -> list[int]:
        """The master's pid and its workers' pids."""
        if self.process is None:
            return []
        master = self.process.pid
        children_file = Path(f"/proc/{master}/task/{master}/children")
        try:
            children = [int(pid) for pid in children_file.read_text().split()]
        except OSError:
            children = []
        return [master, *children]

    def rss_mb(self) -> float:
        """The resident memory of the master and all workers (VmRSS summed), in MB."""
        total_kb = 0
        for pid in self.pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        return total_kb / 1024

    def kill(self) -> None:
        """SIGKILL the whole process group at once: a crash, not a shutdown."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        """Shut gunicorn down gracefully (SIGTERM to its group), forcefully after 10 s."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()
