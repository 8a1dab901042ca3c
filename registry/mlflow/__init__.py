"""The MLflow door: the MLflow Model Registry REST API over the registry's services."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the MLflow registry routes (filled in as the plugin grows)."""
