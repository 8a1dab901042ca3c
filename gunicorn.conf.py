"""gunicorn settings: PORT and WEB_CONCURRENCY come from the environment (the PaaS way)."""

import gc
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"


def threads_for(database_url: str) -> int:
    """Threads per worker for a registry on ``database_url`` (unset: the SQLite default).

    On PostgreSQL a thread waits for each round trip to the server, and the worker's other
    threads run meanwhile. SQLite does its work inside the worker, on its CPU: a second thread
    only waits for the GIL, and hands requests back and forth between cores. With one thread per
    worker, at N = 100,000, reads with one client came back a fifth sooner and creations ran
    1.4 to 1.9 times as fast (bench/README.md).
    """
    return 4 if database_url.startswith("postgres") else 1


threads = int(os.environ.get("GUNICORN_THREADS") or threads_for(os.environ.get("DATABASE_URL", "")))
timeout = 30
accesslog = "-"


def post_worker_init(worker) -> None:
    """Freeze what loading the app allocated, so that a full garbage collection scans only what
    requests made since: scanning the whole heap paused a request for ~50 ms every hundred or
    so list pages."""
    gc.freeze()
