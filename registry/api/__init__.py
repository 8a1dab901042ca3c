"""The JSON API door: /api/v1, its OpenAPI document, the seed-compatible /api/models, health."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the API's blueprints and error rendering on the app."""
