"""`flask models ...`: list, show, register and delete registered models."""

import click
from flask.cli import AppGroup

from ..services.lookup import get_model
from ..services.model_search import ModelFilter, list_models
from ..services.registered_models import create_model, delete_model
from ..services.versions import count_versions
from .common import echo_fields, echo_table, key_values, moment, pairs_text, printable, service_call
from .versions import echo_versions, limit_option

group = AppGroup("models", help="List, show, register and delete models.")


@group.command("list")
@click.option("--q", "text", default="", help="Text to find in names and descriptions.")
@click.option("--framework", default="", help="Only models with a version in this framework.")
@click.option(
    "--tag", "tags", multiple=True, metavar="KEY[=VALUE]", help="Only models with this tag."
)
@click.option("--sort", default="name", help="name, -name, updated, -updated, created, -created.")
@click.option("--limit", default=50, type=click.IntRange(min=1), help="Show at most this many.")
def list_command(text: str, framework: str, tags: tuple[str, ...], sort: str, limit: int) -> None:
    """List models with their latest version."""
    tag_filter = tuple(
        (key, value if separator else None)
        for key, separator, value in (tag.partition("=") for tag in tags)
    )
    model_filter = ModelFilter(q=text, framework=framework, tags=tag_filter, sort=sort)
    with service_call():
        page = list_models(model_filter, limit=limit)
    if not page.items:
        click.echo("No models found.")
        return
    echo_table(
        ("NAME", "LATEST", "FRAMEWORK", "ALIASES", "UPDATED"),
        [
            (
                listing.model.name,
                listing.latest.version if listing.latest else "-",
                listing.latest.framework if listing.latest else "-",
                " ".join(listing.model.aliases),
                moment(listing.model.updated_at),
            )
            for listing in page.items
        ],
    )
    if page.next_cursor:
        click.echo(f"Showing the first {limit} models; raise --limit to see more.", err=True)


@group.command("show")
@click.argument("name")
@limit_option
def show_command(name: str, limit: int) -> None:
    """Show a model: its card, tags, aliases and highest versions."""
    with service_call():
        model = get_model(name)
    aliases = {alias.alias: alias.version.version for alias in model.aliases}
    echo_fields(
        [
            ("Name", model.name),
            ("Created", moment(model.created_at)),
            ("Updated", moment(model.updated_at)),
            ("Next version", model.next_version),
            ("Tags", pairs_text({tag.key: tag.value for tag in model.tags}) or "-"),
            ("Aliases", pairs_text(aliases, " -> ") or "-"),
        ]
    )
    click.echo("Description:")
    for line in (model.description or "-").splitlines():
        click.echo(f"  {printable(line)}")
    click.echo()
    echo_versions(model, limit)


@group.command("create")
@click.argument("name")
@click.option("--description", default="", help="The model card (markdown).")
@click.option("--version", "label", default=None, help="The first version's label.")
@click.option("--framework", default=None, help="The first version's framework.")
@click.option("--source", default=None, help="The first version's artifact URI.")
@click.option("--tag", "tags", multiple=True, metavar="KEY=VALUE", callback=key_values)
def create_command(
    name: str,
    description: str,
    label: str | None,
    framework: str | None,
    source: str | None,
    tags: dict[str, str],
) -> None:
    """Register a model, with a first version when --framework (or --version) is given."""
    first = {"version": label, "framework": framework, "source": source}
    first_version = {field: value for field, value in first.items() if value is not None}
    with service_call():
        model = create_model(name, description, tags, first_version=first_version or None)
        versions = [(version.version, version.framework) for version in model.versions]
    message = f"Registered model '{model.name}'"
    if versions:
        message += f" with version '{versions[0][0]}' ({versions[0][1]})"
    click.echo(message + ".")


@group.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_command(name: str, yes: bool) -> None:
    """Delete a model with all its versions and aliases (its history stays)."""
    with service_call():
        model = get_model(name)
        shown, count = model.name, count_versions(model)
        if not yes:
            click.confirm(f"Delete model '{shown}' and its {count} version(s)?", abort=True)
        delete_model(name)
    click.echo(f"Deleted model '{shown}' and its {count} version(s).")
