"""`flask models list|show|create|delete` through the app's CLI runner."""

import pytest
from cli_support import parse_table, state


def invoke(runner, *args, **kwargs):
    return runner.invoke(args=list(args), **kwargs)


@pytest.fixture
def registry(runner):
    """Three models: BERT (2 versions, a tag, an alias), ResNet-50 and an empty one."""
    for args in (
        ["models", "create", "BERT", "--description", "Encoder", "--framework", "TensorFlow"],
        ["models", "create", "ResNet-50", "--framework", "PyTorch", "--tag", "team=cv"],
        ["models", "create", "Empty"],
        ["versions", "add", "BERT", "--framework", "PyTorch", "--metric", "acc=0.9"],
        ["aliases", "set", "BERT", "champion", "2"],
    ):
        result = invoke(runner, *args)
        assert result.exit_code == 0, result.output


def test_list_shows_each_model_with_its_latest_version_in_columns(runner, registry):
    result = invoke(runner, "models", "list")
    assert result.exit_code == 0, result.output
    rows = parse_table(result.stdout)
    assert [(row["NAME"], row["LATEST"], row["FRAMEWORK"], row["ALIASES"]) for row in rows] == [
        ("BERT", "2", "PyTorch", "champion"),
        ("Empty", "-", "-", ""),
        ("ResNet-50", "1", "PyTorch", ""),
    ]
    assert all(len(row["UPDATED"]) == len("2024-01-01 12:00") for row in rows)


def test_list_filters_sorts_and_limits(runner, registry):
    def names(*args):
        result = invoke(runner, "models", "list", *args)
        assert result.exit_code == 0, result.output
        return [row["NAME"] for row in parse_table(result.stdout)]

    assert names("--framework", "TensorFlow") == ["BERT"]
    assert names("--tag", "team=cv") == ["ResNet-50"]
    assert names("--tag", "team") == ["ResNet-50"]
    assert names("--q", "encoder") == ["BERT"]
    assert names("--sort", "-name") == ["ResNet-50", "Empty", "BERT"]
    limited = invoke(runner, "models", "list", "--limit", "1")
    assert [row["NAME"] for row in parse_table(limited.stdout)] == ["BERT"]
    assert "raise --limit" in limited.stderr


def test_list_says_when_nothing_matches(runner):
    result = invoke(runner, "models", "list", "--q", "nothing")
    assert result.exit_code == 0
    assert result.stdout == "No models found.\n"


def test_list_with_an_unknown_sort_prints_the_service_message(runner, registry):
    result = invoke(runner, "models", "list", "--sort", "size")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: sort: Sort must be one of: name, -name")
    assert "Traceback" not in result.output


def test_show_prints_the_model_and_its_versions(runner, registry):
    result = invoke(runner, "models", "show", "bert")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Name:", "BERT"]
    assert "Aliases:       champion -> 2" in lines
    assert "  Encoder" in lines
    versions = parse_table("\n".join(lines[lines.index("") + 1 :]))
    assert [
        (row["VERSION"], row["FRAMEWORK"], row["STAGE"], row["ALIASES"], row["METRICS"])
        for row in versions
    ] == [("2", "PyTorch", "None", "champion", "acc=0.9"), ("1", "TensorFlow", "None", "", "")]


def test_show_spells_out_control_characters_of_stored_text(app, runner):
    result = invoke(runner, "models", "create", "m", "--description", "a\x1b[31mred")
    assert result.exit_code == 0, result.output
    shown = invoke(runner, "models", "show", "m").stdout
    assert "\x1b" not in shown
    assert "a\\x1b[31mred" in shown


def test_show_of_a_missing_model_fails(runner):
    result = invoke(runner, "models", "show", "nope")
    assert result.exit_code == 1
    assert result.stderr == "Error: Model 'nope' not found.\n"
    assert result.stdout == ""


def test_create_registers_a_model_with_its_first_version(app, runner):
    result = invoke(
        runner,
        "models",
        "create",
        "Stable Diffusion",
        "--version",
        "1.5",
        "--framework",
        "PyTorch",
        "--source",
        "hf://stabilityai/sd",
        "--tag",
        "task=image",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "Registered model 'Stable Diffusion' with version '1.5' (PyTorch).\n"
    shown = invoke(runner, "models", "show", "stable diffusion").stdout
    assert "task=image" in shown
    assert "hf://stabilityai/sd" in shown


def test_create_without_a_version_registers_the_model_alone(runner):
    result = invoke(runner, "models", "create", "card-only", "--description", "soon")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Registered model 'card-only'.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["", "--framework", "PyTorch"], "Error: name: Name is required.\n"),
        (["a/b"], "Error: name: Name must not contain '/' or ':'.\n"),
        (["BERT"], "Error: A model named 'BERT' already exists.\n"),
        (["bert"], "Error: A model named 'BERT' already exists.\n"),
        (["new", "--version", "1.0"], "Error: framework: Framework is required.\n"),
        (["new", "--framework", "Caffe"], "Error: framework: Framework must be one of: "),
        (["new", "--framework", "JAX", "--source", "ftp://x/y"], "Error: source: Source scheme"),
    ],
)
def test_create_with_bad_input_fails_and_writes_nothing(app, runner, registry, args, message):
    before = state(app)
    result = invoke(runner, "models", "create", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.output
    assert state(app) == before


def test_create_lists_every_failing_field(runner):
    result = invoke(runner, "models", "create", " x", "--framework", "Caffe")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: name: Name must not start or end with a space."
    assert lines[1].startswith("Error: framework: Framework must be one of:")


def test_create_with_a_tag_that_is_not_key_value_is_a_usage_error(runner):
    result = invoke(runner, "models", "create", "m", "--tag", "novalue")
    assert result.exit_code == 2
    assert "'novalue' is not KEY=VALUE." in result.stderr


def test_delete_with_yes_deletes_the_model(runner, registry):
    result = invoke(runner, "models", "delete", "bert", "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Deleted model 'BERT' and its 2 version(s).\n"
    assert invoke(runner, "models", "show", "BERT").exit_code == 1


def test_delete_asks_first_and_keeps_the_model_on_no(app, runner, registry):
    before = state(app)
    refused = invoke(runner, "models", "delete", "BERT", input="n\n")
    assert refused.exit_code == 1
    assert "Delete model 'BERT' and its 2 version(s)?" in refused.output
    assert state(app) == before
    accepted = invoke(runner, "models", "delete", "BERT", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert invoke(runner, "models", "show", "BERT").exit_code == 1


def test_delete_of_a_missing_model_fails(runner):
    result = invoke(runner, "models", "delete", "nope", "--yes")
    assert result.exit_code == 1
    assert result.stderr == "Error: Model 'nope' not found.\n"
