"""`flask versions ...`: add, list and delete the versions of a model."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click
from flask.cli import AppGroup

from ..services.lookup import get_version
from ..services.versions import create_version, delete_version, list_versions
from .common import echo_table, key_values, metric_values, moment, pairs_text, service_call

if TYPE_CHECKING:
    from ..models import ModelVersion

group = AppGroup("versions", help="Add, list and delete the versions of a model.")


@group.command("add")
@click.argument("model")
@click.option("--version", "label", default=None, help="Label; default: the next number.")
@click.option("--framework", default=None, help="The framework it was trained with.")
@click.option("--source", default=None, help="Where the artifact lives (a URI).")
@click.option("--description", default=None, help="What changed in this version.")
@click.option("--metric", "metrics", multiple=True, metavar="NAME=NUMBER", callback=metric_values)
@click.option("--tag", "tags", multiple=True, metavar="KEY=VALUE", callback=key_values)
def add_command(
    model: str,
    label: str | None,
    framework: str | None,
    source: str | None,
    description: str | None,
    metrics: dict[str, float | str],
    tags: dict[str, str],
) -> None:
    """Add a version to a model."""
    given = {
        "version": label,
        "framework": framework,
        "source": source,
        "description": description,
        "metrics": metrics or None,
        "tags": tags or None,
    }
    fields = {field: value for field, value in given.items() if value is not None}
    with service_call():
        version = create_version(model, **fields)
        message = f"Added version '{version.version}' to model '{version.model.name}'."
    click.echo(message)


@group.command("list")
@click.argument("model")
def list_command(model: str) -> None:
    """List every version of a model, highest first."""
    with service_call():
        versions = list_versions(model)
    echo_versions(model, versions)


@group.command("delete")
@click.argument("model")
@click.argument("version")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_command(model: str, version: str, yes: bool) -> None:
    """Delete one version of a model; aliases pointing at it go with it."""
    with service_call():
        found = get_version(model, version)
        what = f"version '{found.version}' of model '{found.model.name}'"
        if not yes:
            click.confirm(f"Delete {what}?", abort=True)
        delete_version(model, version)
    click.echo(f"Deleted {what}.")


def echo_versions(model: str, versions: Sequence["ModelVersion"]) -> None:
    """Print a table of versions, or say there are none."""
    if not versions:
        click.echo(f"Model '{model}' has no versions.")
        return
    echo_table(
        ("VERSION", "FRAMEWORK", "STAGE", "ALIASES", "METRICS", "CREATED", "SOURCE"),
        [
            (
                version.version,
                version.framework,
                version.stage,
                " ".join(alias.alias for alias in version.aliases),
                pairs_text({metric.key: f"{metric.value:g}" for metric in version.metrics}),
                moment(version.created_at),
                version.source,
            )
            for version in versions
        ],
    )
