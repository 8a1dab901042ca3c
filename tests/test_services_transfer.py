"""Import at the service layer: the format, the rules, all or nothing."""

import json

import pytest
from cli_support import state
from sqlalchemy import text

from registry.errors import Conflict, ValidationFailed
from registry.extensions import db
from registry.services import aliases, model_search, registered_models, transfer, versions
from registry.services.events import list_events
from registry.services.lookup import get_model, get_version
from registry.services.model_search import ModelFilter
from registry.services.transfer import import_lines
from registry.services.transfer_records import read_model
from registry.services.transfer_store import bulk_load, insert_batch
from registry.services.unit import acting_as, atomic

pytest_plugins = ["cli_fixtures"]
VERSION_ID = "5b1f7a52-3c4e-4d0a-9d55-0c2b8f5e1a01"


def lines(*records) -> list[str]:
    return [json.dumps(record) for record in records]


def failure(exc_info) -> list[tuple[str, str]]:
    return exc_info.value.fields


def test_import_keeps_every_field_it_is_given(app_context):
    record = {
        "name": "resnet",
        "description": "card",
        "created_at": "2024-01-02T03:04:05.678901Z",
        "updated_at": "2024-02-02T00:00:00+02:00",
        "next_version": 7,
        "tags": {"team": "cv"},
        "aliases": {"champion": "2"},
        "versions": [
            {"version": "1", "framework": "PyTorch", "stage": "archived"},
            {
                "version": "2",
                "id": VERSION_ID.upper(),
                "framework": "ONNX",
                "source": "s3://b/k",
                "run_id": "r1",
                "run_link": "https://runs/r1",
                "status": "PENDING_REGISTRATION",
                "description": "best",
                "metrics": {"acc": 1, "loss": 0.25},
                "tags": {"k": "v"},
                "created_at": "2024-01-03T00:00:00",
            },
        ],
    }
    assert import_lines(lines(record)) == 1
    model = get_model("RESNET")
    assert (model.description, model.next_version) == ("card", 7)
    assert model.created_at.isoformat() == "2024-01-02T03:04:05.678901"
    assert model.updated_at.isoformat() == "2024-02-01T22:00:00"
    assert {tag.key: tag.value for tag in model.tags} == {"team": "cv"}
    assert aliases.get_version_by_alias("resnet", "champion").version == "2"
    second = get_version("resnet", "2")
    assert second.uuid == VERSION_ID
    assert (second.status, second.run_id, second.run_link) == (
        "PENDING_REGISTRATION",
        "r1",
        "https://runs/r1",
    )
    assert {metric.key: metric.value for metric in second.metrics} == {"acc": 1.0, "loss": 0.25}
    assert second.updated_at == second.created_at
    assert get_version("resnet", "1").stage == "Archived"
    assert versions.create_version("resnet", framework="JAX").version == "7"


def test_versions_without_a_label_are_numbered_and_the_counter_follows(app_context):
    record = {
        "name": "m",
        "versions": [
            {"framework": "JAX"},
            {"version": "5", "framework": "JAX"},
            {"framework": "JAX"},
            {"version": "2.0", "framework": "JAX"},
        ],
    }
    import_lines(lines(record))
    assert [version.version for version in get_model("m").versions] == ["1", "5", "6", "2.0"]
    assert get_model("m").next_version == 7


def test_every_imported_model_gets_one_event_naming_the_actor(app_context):
    with acting_as("operator"):
        import_lines(lines({"name": "a", "versions": [{"framework": "JAX"}]}, {"name": "b"}))
    history = list_events(get_model("a")).items
    assert [(event.action, event.actor, event.after) for event in history] == [
        ("model.imported", "operator", {"name": "a", "description": "", "versions": ["1"]})
    ]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"name": ""}, [("line 1: name", "Name is required.")]),
        (
            {"name": "x", "colour": "red"},
            [("line 1: colour", "This field is not part of a model.")],
        ),
        (
            {"name": "x", "next_version": 0},
            [("line 1: next_version", "Next version must be a whole number from 1 to 2147483647.")],
        ),
        (
            {"name": "x", "next_version": 2**31},
            [("line 1: next_version", "Next version must be a whole number from 1 to 2147483647.")],
        ),
        (
            {"name": "x", "created_at": "yesterday"},
            [
                (
                    "line 1: created_at",
                    "Timestamps must be ISO 8601, such as 2024-05-01T12:00:00Z.",
                )
            ],
        ),
        (
            {"name": "x", "versions": {}},
            [("line 1: versions", "Versions must be a list of versions.")],
        ),
        (
            {"name": "x", "versions": [3]},
            [("line 1: versions[0]", "A version must be a JSON object.")],
        ),
        (
            {"name": "x", "versions": [{"version": "1"}]},
            [("line 1: versions[0].framework", "Framework is required.")],
        ),
        (
            {"name": "x", "versions": [{"framework": "JAX", "status": "LOST"}]},
            [
                (
                    "line 1: versions[0].status",
                    "Status must be one of: PENDING_REGISTRATION, FAILED_REGISTRATION, READY.",
                )
            ],
        ),
        (
            {"name": "x", "versions": [{"framework": "JAX", "id": "not-a-uuid"}]},
            [("line 1: versions[0].id", "Id must be a UUID.")],
        ),
        (
            {"name": "x", "versions": [{"framework": "JAX", "metrics": {"acc": float("nan")}}]},
            [("line 1: versions[0].metrics", "Metric 'acc' must be a finite number.")],
        ),
        (
            {"name": "x", "versions": [{"framework": "JAX", "metrics": {"acc": 10**400}}]},
            [("line 1: versions[0].metrics", "Metric 'acc' must be a finite number.")],
        ),
        (
            {"name": "x", "updated_at": "0001-01-01T00:00:00+01:00"},
            [
                (
                    "line 1: updated_at",
                    "Timestamps must be ISO 8601, such as 2024-05-01T12:00:00Z.",
                )
            ],
        ),
        (
            {"name": "x", "versions": [{"framework": "JAX"}, {"version": "1", "framework": "JAX"}]},
            [("line 1: versions[1].version", "Model 'x' already has version '1'.")],
        ),
        (
            {"name": "x", "versions": [{"framework": "JAX"}], "aliases": {"champion": "9"}},
            [("line 1: aliases.champion", "Model 'x' has no version '9'.")],
        ),
        (
            {"name": "x", "versions": [{"framework": "JAX"}], "aliases": {"latest": "1"}},
            [("line 1: aliases.latest", "'latest' alias name (case insensitive) is reserved.")],
        ),
        (
            {"name": "x", "tags": {"k": 1}, "description": 5},
            [
                ("line 1: description", "Description must be text."),
                ("line 1: tags", "Tag 'k' value must be text."),
            ],
        ),
    ],
)
def test_a_record_that_breaks_a_rule_is_refused_with_its_line_and_field(
    app_context, record, expected
):
    with pytest.raises(ValidationFailed) as raised:
        import_lines(lines(record))
    assert failure(raised) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"[1, 2]", "A line must hold one JSON object: a model."),
        (b"{'name': 'x'}", "Not valid JSON (Expecting property name enclosed in double quotes"),
        (b'{"name": "\xff"}', "Not valid UTF-8 text."),
    ],
)
def test_a_line_that_is_not_a_json_object_is_refused(app_context, raw, message):
    with pytest.raises(ValidationFailed) as raised:
        import_lines([b'{"name": "fine"}\n', b"\n", raw])
    [(field, text)] = failure(raised)
    assert field == "line 3"
    assert text.startswith(message)


def test_half_a_surrogate_pair_is_refused_and_a_whole_pair_kept(app_context):
    with pytest.raises(ValidationFailed) as raised:
        import_lines(['{"name": "fine"}', '{"name": "a\\ud800b"}'])
    assert failure(raised) == [
        ("line 2", "Text must not contain unpaired surrogates (\\ud800-\\udfff).")
    ]
    import_lines(['{"name": "smile \\ud83d\\ude00", "description": "\\\\ud800"}'])
    assert get_model("smile \U0001f600").description == "\\ud800"


def test_json_nested_too_deeply_is_refused(app_context):
    with pytest.raises(ValidationFailed) as raised:
        import_lines(['{"name": "x", "tags": ' + "[" * 100_000 + "]" * 100_000 + "}"])
    assert failure(raised) == [("line 1", "Not valid JSON (nested too deeply).")]


def test_a_byte_order_mark_and_blank_lines_are_accepted(app_context):
    assert import_lines([b'\xef\xbb\xbf{"name": "a"}\n', b"   \n", b'{"name": "b"}']) == 2


def test_a_name_twice_in_the_input_is_a_conflict_naming_both_lines(app_context):
    with pytest.raises(Conflict, match="line 3: The model 'BERT' is on line 1 already."):
        import_lines(lines({"name": "bert"}, {"name": "other"}, {"name": "BERT"}))


def test_a_version_id_twice_in_the_input_is_a_conflict(app_context):
    version = {"framework": "JAX", "id": VERSION_ID}
    with pytest.raises(Conflict, match=f"line 2: The version id '{VERSION_ID}' is on line 1"):
        import_lines(
            lines({"name": "a", "versions": [version]}, {"name": "b", "versions": [version]})
        )


def test_a_version_id_already_in_the_registry_is_a_conflict(app_context):
    taken = versions.create_version(registered_models.create_model("a").name, framework="JAX").uuid
    record = {"name": "b", "versions": [{"framework": "JAX", "id": taken}]}
    with pytest.raises(Conflict, match=f"line 1: A version with id '{taken}' already exists."):
        import_lines(lines(record))


def test_a_failure_in_a_later_batch_undoes_the_earlier_batches(app, monkeypatch):
    monkeypatch.setattr(transfer, "IMPORT_BATCH", 3)
    with app.app_context():
        registered_models.create_model("existing", first_version={"framework": "JAX"})
    before = state(app)
    records = [{"name": f"m{index}", "versions": [{"framework": "JAX"}]} for index in range(10)]
    records[8] = {"name": "EXISTING"}
    with app.app_context(), pytest.raises(Conflict, match="line 9: A model named 'existing'"):
        import_lines(lines(*records))
    assert state(app) == before


def test_a_collision_the_checks_missed_is_a_conflict_and_leaves_nothing(app):
    # A model created between the import's check and its write (a race) meets the unique key
    # in the bulk write itself: COPY on PostgreSQL, an INSERT on SQLite.
    with app.app_context():
        registered_models.create_model("taken")
    before = state(app)
    batch = [read_model(1, json.dumps({"name": "fresh"})), read_model(2, '{"name": "taken"}')]
    with app.app_context(), pytest.raises(Conflict), atomic(), bulk_load():
        insert_batch(batch)
    assert state(app) == before


def test_imported_models_are_in_the_text_search_index(app_context):
    registered_models.create_model("already-here", "Registered before the import.")
    lines = [json.dumps({"name": f"imported-{n}", "description": f"Bulk row {n}."}) for n in (1, 2)]
    import_lines(lines)
    search = model_search.list_models(ModelFilter(q="bulk row")).items
    assert [listing.model.name for listing in search] == ["imported-1", "imported-2"]
    assert [row.model.name for row in model_search.list_models(ModelFilter(q="before")).items] == [
        "already-here"
    ]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_an_import_leaves_the_trigram_indexes_writing_through(app_context):
    import_lines([json.dumps({"name": "imported", "description": "One row."})])
    options = db.session.execute(
        text("SELECT reloptions FROM pg_class WHERE right(relname, 5) = '_trgm'")
    ).scalars()
    assert list(options) == [["fastupdate=off"]] * 3
    with pytest.raises(ValidationFailed):
        import_lines([json.dumps({"name": ""})])  # a failed import takes nothing with it
    options = db.session.execute(
        text("SELECT reloptions FROM pg_class WHERE right(relname, 5) = '_trgm'")
    ).scalars()
    assert list(options) == [["fastupdate=off"]] * 3
