"""The web door: server-rendered, terminal-styled pages over the services."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the web blueprint, its error pages and template helpers on the app."""
