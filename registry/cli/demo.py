"""`flask demo load`: the original app's sample models."""

import click
from flask.cli import AppGroup

from ..services.demo import load_demo
from .common import service_call

group = AppGroup("demo", help="Sample data.")


@group.command("load")
@click.option("--if-empty", is_flag=True, help="Only when the registry holds no model at all.")
def load_command(if_empty: bool) -> None:
    """Register the 24 sample models that are not there yet."""
    with service_call():
        added = load_demo(only_into_empty=if_empty)
    click.echo(f"Added {added} demo models.")
