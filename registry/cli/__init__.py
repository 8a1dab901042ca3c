"""The operators' door: `flask` commands, one group per noun, thin over the services."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register every command group on the app's CLI."""
