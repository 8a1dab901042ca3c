"""The production entry point: gunicorn serves ``wsgi:app``."""

from registry import config, create_app

app = create_app(commands=False)  # a web server runs no `flask` commands
config.require_real_secret_key(app.config)
config.secure_cookies_unless_configured(app.config)
