"""The benchmark suite: the registry under gunicorn, measured over HTTP against a bare ceiling."""
