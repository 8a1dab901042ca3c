"""`flask export FILE` and `flask import FILE`: round trips, failures that change nothing."""

import json

import pytest
from app_support import fresh_app
from cli_support import exported, state

from registry.services import aliases, registered_models, versions
from registry.services.events import list_events
from registry.services.lookup import get_model

pytest_plugins = ["cli_fixtures"]


@pytest.fixture
def filled(app, runner):
    """The demo models plus a model using every field: tags, metrics, stages, aliases, runs."""
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        registered_models.create_model(
            "Ünïcode model",
            description="# Card\n\nwith *markdown* and ünïcode",
            tags={"team": "nlp", "empty": ""},
            first_version={"framework": "PyTorch", "metrics": {"acc": 0.5}},
        )
        versions.create_version(
            "Ünïcode model",
            framework="ONNX",
            source="s3://bucket/model/2",
            run_id="abc123",
            run_link="https://runs.example/abc123",
            description="exported",
            metrics={"acc": 0.9123456789, "loss": -1e-12},
            tags={"dataset": "squad"},
            stage="Production",
        )
        versions.create_version("Ünïcode model", version="3.0.0-rc1", framework="JAX")
        versions.delete_version("Ünïcode model", "3.0.0-rc1")
        versions.create_version("Ünïcode model", framework="JAX")
        versions.delete_version("Ünïcode model", "3")
        aliases.set_alias("Ünïcode model", "champion", "2")
        aliases.set_alias("Ünïcode model", "previous", "1")


def test_export_writes_one_json_object_per_model_oldest_first(app, runner, filled, tmp_path):
    target = tmp_path / "registry.jsonl"
    result = runner.invoke(args=["export", str(target)])
    assert result.exit_code == 0, result.output
    assert "Exported 25 models to" in result.stderr
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 25
    assert [record["name"] for record in records[:2]] == ["EfficientNet-B0", "RoBERTa"]
    model = records[-1]
    assert model["name"] == "Ünïcode model"
    assert model["aliases"] == {"champion": "2", "previous": "1"}
    assert model["next_version"] == 4
    assert model["tags"] == {"empty": "", "team": "nlp"}
    assert [version["version"] for version in model["versions"]] == ["1", "2"]
    second = model["versions"][1]
    assert second["stage"] == "Production"
    assert second["metrics"] == {"acc": 0.9123456789, "loss": -1e-12}
    assert second["run_link"] == "https://runs.example/abc123"
    assert second["created_at"].endswith("Z")


def test_export_to_stdout(runner, filled):
    result = runner.invoke(args=["export", "-"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout_bytes.decode("utf-8").splitlines()) == 25
    assert "Exported 25 models to stdout." in result.stderr


def test_export_then_import_into_an_empty_database_gives_the_same_registry(
    app, second_app, runner, filled, tmp_path
):
    target = tmp_path / "registry.jsonl"
    assert runner.invoke(args=["export", str(target)]).exit_code == 0
    result = second_app.test_cli_runner().invoke(args=["import", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 25 models.\n"
    assert "Importing models" in result.stderr
    assert exported(second_app) == exported(app)
    with second_app.app_context():
        history = list_events(get_model("BERT")).items
        assert [(event.action, event.actor) for event in history] == [("model.imported", "cli")]
        # The counter came along: a deleted number is not handed out again.
        assert versions.create_version("Ünïcode model", framework="JAX").version == "4"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_sqlite_export_moves_to_postgresql_unchanged(
    app, app_config, runner, filled, second_postgres_url, tmp_path
):
    target = tmp_path / "registry.jsonl"
    assert runner.invoke(args=["export", str(target)]).exit_code == 0
    with fresh_app({**app_config, "SQLALCHEMY_DATABASE_URI": second_postgres_url}) as postgres:
        result = postgres.test_cli_runner().invoke(args=["import", str(target)])
        assert result.exit_code == 0, result.output
        assert exported(postgres) == exported(app)


def test_import_reads_stdin(app, second_app, runner, filled):
    lines = runner.invoke(args=["export", "-"]).stdout_bytes
    result = second_app.test_cli_runner().invoke(args=["import", "-"], input=lines)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 25 models.\n"
    assert exported(second_app) == exported(app)


def test_a_bad_record_on_line_3_fails_the_whole_import(app, runner, filled, tmp_path):
    good = {"name": "fresh-1", "versions": [{"framework": "JAX"}]}
    bad = {
        "name": "fresh-2",
        "versions": [{"framework": "Caffe", "metrics": {"acc": "high"}}],
    }
    source = tmp_path / "bad.jsonl"
    lines = [good, {**good, "name": "fresh-0"}, bad, {**good, "name": "fresh-3"}]
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    before = state(app)
    result = runner.invoke(args=["import", str(source)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        "Error: line 3: versions[0].framework: Framework must be one of: "
        "PyTorch, TensorFlow, JAX, ONNX, scikit-learn, XGBoost, Other.",
        "Error: line 3: versions[0].metrics: Metric 'acc' must be a number.",
    ]
    assert "Traceback" not in result.output
    assert state(app) == before


def test_importing_a_model_that_exists_refuses_the_whole_import(app, runner, filled, tmp_path):
    source = tmp_path / "clash.jsonl"
    source.write_text(
        json.dumps({"name": "new-model"}) + "\n" + json.dumps({"name": "bert"}) + "\n"
    )
    before = state(app)
    result = runner.invoke(args=["import", str(source)])
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: line 2: A model named 'BERT' already exists.\n")
    assert state(app) == before


def test_importing_text_that_is_not_json_names_the_line(app, runner, tmp_path):
    source = tmp_path / "broken.jsonl"
    source.write_text('{"name": "a"}\n\n{"name": \n')
    result = runner.invoke(args=["import", str(source)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("Error: line 3: Not valid JSON")
    assert state(app) == ([], 0)


def test_import_of_a_missing_file_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(args=["import", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_export_into_a_missing_directory_fails_cleanly(runner, tmp_path):
    result = runner.invoke(args=["export", str(tmp_path / "no" / "such" / "file.jsonl")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Could not open file")
    assert "Traceback" not in result.output
