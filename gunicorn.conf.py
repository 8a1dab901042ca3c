"""gunicorn settings: PORT and WEB_CONCURRENCY come from the environment (the PaaS way)."""

import gc
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
accesslog = "-"


def post_worker_init(worker) -> None:
    """Freeze what loading the app allocated, so that a full garbage collection scans only what
    requests made since: scanning the whole heap paused a request for ~50 ms every hundred or
    so list pages."""
    gc.freeze()
