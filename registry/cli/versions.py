"""`flask versions ...`: add, list and delete the versions of a model."""

from typing import TYPE_CHECKING

import click
from flask.cli import AppGroup

from ..services.lookup import get_model, get_version
from ..services.versions import count_versions, create_version, delete_version, versions_page
from .common import echo_table, key_values, metric_values, moment, pairs_text, service_call

if TYPE_CHECKING:
    from ..models import RegisteredModel

# A model may have tens of thousands of versions: a terminal shows the highest ones.
SHOWN_VERSIONS = 50

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


def limit_option(command):
    """The --limit option of a command that prints a model's versions."""
    return click.option(
        "--limit",
        default=SHOWN_VERSIONS,
        type=click.IntRange(min=1),
        help=f"Show at most this many versions (default {SHOWN_VERSIONS}).",
    )(command)


@group.command("list")
@click.argument("model")
@limit_option
def list_command(model: str, limit: int) -> None:
    """List a model's versions, highest first."""
    with service_call():
        echo_versions(get_model(model), limit)


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


def echo_versions(model: "RegisteredModel", limit: int) -> None:
    """Print a table of ``model``'s highest ``limit`` versions, or say there are none."""
    page = versions_page(model, limit)
    versions = page.items
    if not versions:
        click.echo(f"Model '{model.name}' has no versions.")
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
    if page.next_cursor is not None:
        total = count_versions(model)
        click.echo(
            f"Showing the highest {limit} of {total:,} versions; raise --limit to see more.",
            err=True,
        )
