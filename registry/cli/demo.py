"""`flask demo load`: the original app's sample models."""

import click
from flask.cli import AppGroup

from ..services.demo import load_demo
from .common import service_call

group = AppGroup("demo", help="Sample data.")


@group.command("load")
def load_command() -> None:
    """Register the 24 sample models that are not there yet."""
    with service_call():
        added = load_demo()
    click.echo(f"Added {added} demo models.")
