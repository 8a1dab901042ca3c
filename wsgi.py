"""The production entry point: gunicorn serves ``wsgi:app``."""

from registry import config, create_app

app = create_app()
config.require_real_secret_key(app.config)
