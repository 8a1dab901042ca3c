"""`flask versions add|list|delete` and `flask aliases set|remove` through the CLI runner."""

import pytest
from cli_support import parse_table, state

from registry.services.lookup import get_version
from registry.services.registered_models import create_model
from registry.services.versions import create_version


def invoke(runner, *args, **kwargs):
    return runner.invoke(args=list(args), **kwargs)


@pytest.fixture
def bert(runner):
    """A model BERT with version 1 (TensorFlow)."""
    result = invoke(runner, "models", "create", "BERT", "--framework", "TensorFlow")
    assert result.exit_code == 0, result.output


def test_add_takes_the_next_number_and_every_field(app, runner, bert):
    result = invoke(
        runner,
        "versions",
        "add",
        "bert",
        "--framework",
        "PyTorch",
        "--source",
        "s3://models/bert/2",
        "--description",
        "fine-tuned",
        "--metric",
        "accuracy=0.93",
        "--metric",
        "loss=1e-2",
        "--tag",
        "dataset=squad",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "Added version '2' to model 'BERT'.\n"
    with app.app_context():
        version = get_version("BERT", "2")
        assert (version.framework, version.source, version.description) == (
            "PyTorch",
            "s3://models/bert/2",
            "fine-tuned",
        )
        assert {metric.key: metric.value for metric in version.metrics} == {
            "accuracy": 0.93,
            "loss": 0.01,
        }
        assert {tag.key: tag.value for tag in version.tags} == {"dataset": "squad"}


def test_add_with_an_explicit_label(runner, bert):
    result = invoke(runner, "versions", "add", "BERT", "--version", "1.1.0", "--framework", "JAX")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Added version '1.1.0' to model 'BERT'.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--framework", "JAX"], "Error: Model 'nope' not found.\n"),
        (["BERT"], "Error: framework: Framework is required.\n"),
        (["BERT", "--version", "1", "--framework", "JAX"], "Error: Model 'BERT' already has"),
        (["BERT", "--version", "a b", "--framework", "JAX"], "Error: version: Version must be"),
        (["BERT", "--framework", "JAX", "--metric", "acc=high"], "Error: metrics: Metric 'acc' "),
        (["BERT", "--framework", "JAX", "--metric", "acc=nan"], "Error: metrics: Metric 'acc' "),
        (["BERT", "--framework", "JAX", "--source", "file:///etc"], "Error: source: Source "),
    ],
)
def test_add_with_bad_input_fails_and_writes_nothing(app, runner, bert, args, message):
    before = state(app)
    result = invoke(runner, "versions", "add", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.output
    assert state(app) == before


def test_list_shows_versions_highest_first_in_columns(runner, bert):
    invoke(runner, "versions", "add", "BERT", "--framework", "PyTorch", "--metric", "f1=0.5")
    invoke(runner, "aliases", "set", "BERT", "champion", "2")
    result = invoke(runner, "versions", "list", "BERT")
    assert result.exit_code == 0, result.output
    rows = parse_table(result.stdout)
    assert [(row["VERSION"], row["FRAMEWORK"], row["ALIASES"], row["METRICS"]) for row in rows] == [
        ("2", "PyTorch", "champion", "f1=0.5"),
        ("1", "TensorFlow", "", ""),
    ]
    assert result.stderr == ""  # every version is shown: no note


@pytest.fixture
def many(app):
    """A model "many" with versions 1 to 55."""
    with app.app_context():
        create_model("many")
        for _ in range(55):
            create_version("many", framework="JAX")


def shown_versions(output: str) -> list[str]:
    return [row["VERSION"] for row in parse_table(output)]


def test_list_shows_the_highest_fifty_and_says_how_many_there_are(runner, many):
    result = invoke(runner, "versions", "list", "many")
    assert result.exit_code == 0, result.output
    assert shown_versions(result.stdout) == [str(number) for number in range(55, 5, -1)]
    assert result.stderr == "Showing the highest 50 of 55 versions; raise --limit to see more.\n"


@pytest.mark.parametrize(
    ("limit", "shown", "note"),
    [
        ("3", ["55", "54", "53"], "Showing the highest 3 of 55 versions"),
        ("55", [str(number) for number in range(55, 0, -1)], ""),
        ("1000", [str(number) for number in range(55, 0, -1)], ""),
    ],
)
def test_list_limit_sets_how_many_are_shown(runner, many, limit, shown, note):
    result = invoke(runner, "versions", "list", "many", "--limit", limit)
    assert result.exit_code == 0, result.output
    assert shown_versions(result.stdout) == shown
    assert result.stderr.startswith(note) and bool(result.stderr) == bool(note)


def test_models_show_takes_the_same_limit(runner, many):
    result = invoke(runner, "models", "show", "many", "--limit", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert shown_versions("\n".join(lines[lines.index("") + 1 :])) == ["55", "54"]
    assert result.stderr == "Showing the highest 2 of 55 versions; raise --limit to see more.\n"


@pytest.mark.parametrize("command", [("versions", "list"), ("models", "show")])
def test_a_limit_under_one_is_a_usage_error(runner, many, command):
    result = invoke(runner, *command, "many", "--limit", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--limit'" in result.stderr


def test_list_of_a_model_without_versions(runner):
    invoke(runner, "models", "create", "empty")
    result = invoke(runner, "versions", "list", "empty")
    assert result.exit_code == 0
    assert result.stdout == "Model 'empty' has no versions.\n"


def test_list_of_a_missing_model_fails(runner):
    result = invoke(runner, "versions", "list", "nope")
    assert result.exit_code == 1
    assert result.stderr == "Error: Model 'nope' not found.\n"


def test_delete_asks_first_then_deletes(app, runner, bert):
    before = state(app)
    refused = invoke(runner, "versions", "delete", "BERT", "1", input="n\n")
    assert refused.exit_code == 1
    assert "Delete version '1' of model 'BERT'?" in refused.output
    assert state(app) == before
    result = invoke(runner, "versions", "delete", "BERT", "1", "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Deleted version '1' of model 'BERT'.\n"
    assert invoke(runner, "versions", "list", "BERT").stdout == "Model 'BERT' has no versions.\n"


def test_delete_of_a_missing_version_fails(runner, bert):
    result = invoke(runner, "versions", "delete", "BERT", "9", "--yes")
    assert result.exit_code == 1
    assert result.stderr == "Error: Model 'BERT' has no version '9'.\n"


def test_aliases_set_moves_and_removes(runner, bert):
    invoke(runner, "versions", "add", "BERT", "--framework", "PyTorch")
    first = invoke(runner, "aliases", "set", "bert", "champion", "1")
    assert first.exit_code == 0, first.output
    assert first.stdout == "Alias 'champion' of model 'BERT' points at version '1'.\n"
    moved = invoke(runner, "aliases", "set", "BERT", "champion", "2")
    assert moved.stdout == "Alias 'champion' of model 'BERT' points at version '2'.\n"
    rows = parse_table(invoke(runner, "versions", "list", "BERT").stdout)
    assert [row["ALIASES"] for row in rows] == ["champion", ""]
    removed = invoke(runner, "aliases", "remove", "BERT", "champion")
    assert removed.exit_code == 0, removed.output
    assert removed.stdout == "Removed alias 'champion' of model 'BERT'.\n"
    rows = parse_table(invoke(runner, "versions", "list", "BERT").stdout)
    assert [row["ALIASES"] for row in rows] == ["", ""]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set", "BERT", "latest", "1"], "Error: alias: 'latest' alias name"),
        (["set", "BERT", "v3", "1"], "Error: alias: Version alias name 'v3' is reserved.\n"),
        (["set", "BERT", "champion", "7"], "Error: Model 'BERT' has no version '7'.\n"),
        (["set", "nope", "champion", "1"], "Error: Model 'nope' not found.\n"),
        (["remove", "BERT", "champion"], "Error: Model 'BERT' has no alias 'champion'.\n"),
    ],
)
def test_aliases_with_bad_input_fail_and_write_nothing(app, runner, bert, args, message):
    before = state(app)
    result = invoke(runner, "aliases", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert state(app) == before
