"""`flask demo load`, and what every command shows as its help."""

import click
import pytest
from cli_support import parse_table

from registry.services.events import list_events
from registry.services.lookup import get_model


def test_demo_load_adds_the_24_sample_models_once(app, runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert first.stdout == "Added 24 demo models.\n"
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert second.stdout == "Added 0 demo models.\n"
    rows = parse_table(runner.invoke(args=["models", "list", "--limit", "100"]).stdout)
    assert len(rows) == 24
    assert {"name": "Stable Diffusion", "latest": "1.5", "framework": "PyTorch"} in [
        {"name": row["NAME"], "latest": row["LATEST"], "framework": row["FRAMEWORK"]}
        for row in rows
    ]


def test_demo_load_if_empty_leaves_a_used_registry_alone(app, runner):
    created = runner.invoke(args=["models", "create", "mine"])
    assert created.exit_code == 0, created.output
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert (result.exit_code, result.stdout) == (0, "Added 0 demo models.\n")
    runner.invoke(args=["models", "delete", "mine", "--yes"])
    assert runner.invoke(args=["demo", "load", "--if-empty"]).stdout == "Added 24 demo models.\n"


def test_changes_made_through_the_cli_are_attributed_to_it(app, runner):
    runner.invoke(args=["demo", "load"])
    with app.app_context():
        history = list_events(get_model("BERT")).items
    assert {(event.action, event.actor) for event in history} == {
        ("model.created", "cli"),
        ("version.created", "cli"),
    }


COMMANDS = [
    ["models", "list"],
    ["models", "show"],
    ["models", "create"],
    ["models", "delete"],
    ["versions", "add"],
    ["versions", "list"],
    ["versions", "delete"],
    ["aliases", "set"],
    ["aliases", "remove"],
    ["demo", "load"],
    ["export"],
    ["import"],
    ["backup"],
]


# Help text needs no database: one kind is enough.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_a_one_line_help(app, runner, path):
    command = app.cli
    for name in path:
        command = command.get_command(click.Context(command), name)
    assert command.help and "\n" not in command.help.strip()
    result = runner.invoke(args=[*path, "--help"])
    assert result.exit_code == 0
    assert command.help.strip() in " ".join(result.stdout.split())
