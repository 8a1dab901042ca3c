"""MLflow's filter grammar and order_by clauses, compiled to the services' search terms."""

import pytest
from werkzeug.exceptions import InternalServerError

from registry.errors import InvalidCursor, Unavailable
from registry.mlflow import failures, filters, ordering
from registry.mlflow.wire import MlflowError
from registry.services.search import Condition

MODELS, VERSIONS = filters.MODEL_GRAMMAR, filters.VERSION_GRAMMAR


def message_of(call, *args) -> str:
    with pytest.raises(MlflowError) as caught:
        call(*args)
    assert caught.value.error_code == "INVALID_PARAMETER_VALUE"
    return caught.value.message


@pytest.mark.parametrize(
    ("text", "grammar", "expected"),
    [
        ("", MODELS, ()),
        ("name = 'fraud'", MODELS, (Condition("name", "=", "fraud"),)),
        ('attribute.name != "x"', MODELS, (Condition("name", "!=", "x"),)),
        ("name like 'fr%'", MODELS, (Condition("name", "LIKE", "fr%"),)),
        ("name ILIKE '%R%'", MODELS, (Condition("name", "ILIKE", "%R%"),)),
        ("name IN ('a', \"b\",)", MODELS, (Condition("name", "IN", ("a", "b")),)),
        ("name not in ('a')", MODELS, (Condition("name", "NOT IN", ("a",)),)),
        (
            "name LIKE 'fr%' AND tags.team = 'risk' AND tag.`mlflow.prompt.is_prompt` != 'true'",
            MODELS,
            (
                Condition("name", "LIKE", "fr%"),
                Condition("tag:team", "=", "risk"),
                Condition("tag:mlflow.prompt.is_prompt", "!=", "true"),
            ),
        ),
        ("tags.mlflow.note LIKE 'a b'", MODELS, (Condition("tag:mlflow.note", "LIKE", "a b"),)),
        ("version_number >= 3", VERSIONS, (Condition("version_number", ">=", 3),)),
        ("version_number != '2'", VERSIONS, (Condition("version_number", "!=", 2),)),
        ("source_path = 's3://b/1'", VERSIONS, (Condition("source", "=", "s3://b/1"),)),
        ("run_id IN ('r1','r2')", VERSIONS, (Condition("run_id", "IN", ("r1", "r2")),)),
        (
            "`name`='x'AND run_id='r'",
            VERSIONS,
            (Condition("name", "=", "x"), Condition("run_id", "=", "r")),
        ),
    ],
)
def test_filters_compile_to_conditions(text, grammar, expected):
    assert filters.parse(text, grammar) == expected


@pytest.mark.parametrize(
    ("text", "grammar", "message"),
    [
        ("name = 'a' OR name = 'b'", MODELS, "Invalid clause(s) in filter string: OR"),
        ("name = 'a' name = 'b'", MODELS, "Invalid clause(s) in filter string: name"),
        (
            "description = 'x'",
            MODELS,
            "Invalid attribute key 'description' specified. Valid keys are '{'name'}'",
        ),
        ("run_id = 'x'", MODELS, "Invalid attribute key 'run_id'"),
        ("creation_timestamp > 5", VERSIONS, "Invalid attribute key 'creation_timestamp'"),
        ("metric.acc > 1", VERSIONS, "Invalid entity type 'metric'"),
        ("tags.team IN ('a')", MODELS, "Invalid comparator for tag: IN"),
        ("tags.team = 5", MODELS, "Expected a quoted string value for tag"),
        ("source_path IN ('a')", VERSIONS, "Invalid comparator for attribute: IN"),
        ("name > 'a'", MODELS, "Invalid comparator for attribute: >"),
        (
            "version_number LIKE '1%'",
            VERSIONS,
            "Invalid comparator for attribute version_number: LIKE",
        ),
        (
            "version_number = 1.5",
            VERSIONS,
            "Invalid value for numeric attribute 'version_number': 1.5",
        ),
        ("version_number = 'abc'", VERSIONS, "Invalid value for numeric attribute"),
        ("name = 5", VERSIONS, "support comparison with numeric values"),
        ("name = 5", MODELS, "Expected a quoted string value"),
        ("name IN ()", MODELS, "but got empty list"),
        ("name IN ('a', 3)", MODELS, "got different type in list"),
        ("name IN ('a'", MODELS, "ill-formed list"),
        ("name IN 'a'", MODELS, "with a list of quoted strings"),
        ("name = ('a')", MODELS, "Only IN and NOT IN"),
        ("name = 'unterminated", MODELS, "Could not be parsed"),
        ("name = 'a' AND", MODELS, "Could not be parsed"),
        ("name", MODELS, "Expected comparison found nothing"),
        ("name =", MODELS, "Expected value token found nothing"),
        ("name NOT 'a'", MODELS, "Expected comparison found 'NOT'"),
        ("(name = 'a')", MODELS, "Invalid clause(s) in filter string: ("),
    ],
)
def test_bad_filters_are_refused_in_mlflows_words(text, grammar, message):
    assert message in message_of(filters.parse, text, grammar)


def test_prompts_are_left_out_unless_the_filter_asks_for_them():
    prompt = "tag:mlflow.prompt.is_prompt"
    name = (Condition("name", "=", "a"),)
    assert filters.exclude_prompts_unless_asked(name) == (*name, Condition(prompt, "!=", "true"))
    for asks in (Condition(prompt, "=", "TRUE"), Condition(prompt, "!=", "false")):
        assert filters.exclude_prompts_unless_asked((asks,)) == (asks,)
    already = (Condition(prompt, "=", "false"),)
    assert filters.exclude_prompts_unless_asked(already) == already


def test_order_by_clauses():
    assert ordering.model_sort([]) == "name"
    assert ordering.model_sort(["name DESC"]) == "-name"
    assert ordering.model_sort(["timestamp asc", "name DESC"]) == "updated"
    assert ordering.model_sort(["`last_updated_timestamp` DESC"]) == "-updated"
    assert ordering.version_order([]) == ordering.DEFAULT_VERSION_ORDER
    assert ordering.version_order(["attribute.creation_timestamp DESC"]) == (
        ("created", True),
        ("name", False),
        ("version", True),
    )
    assert ordering.version_order(["version_number", "name DESC"]) == (
        ("version", False),
        ("name", True),
    )


@pytest.mark.parametrize(
    ("call", "order_by", "message"),
    [
        (ordering.model_sort, ["creation_timestamp"], "Valid keys are '{'name', 'timestamp'}'"),
        (ordering.model_sort, ["timestamp", "last_updated_timestamp"], "duplicate fields"),
        (ordering.model_sort, ["name sideways"], "Invalid ordering key in order_by clause"),
        (ordering.model_sort, ["name ASC please"], "Could not be parsed"),
        (ordering.version_order, ["source_path"], "Invalid order by key 'source_path'"),
        (ordering.version_order, ["name", "name DESC"], "duplicate fields"),
    ],
)
def test_bad_order_by_clauses(call, order_by, message):
    assert message in message_of(call, order_by)


def test_max_results_limits():
    assert ordering.max_results({}, 100, 1000) == 100
    assert ordering.max_results({"max_results": "1000"}, 100, 1000) == 1000
    assert "at most 1000" in message_of(ordering.max_results, {"max_results": 1001}, 100, 1000)
    assert "positive integer" in message_of(ordering.max_results, {"max_results": "0"}, 100, 1000)
    assert "Invalid value" in message_of(ordering.max_results, {"max_results": True}, 100, 1000)


def test_service_and_server_errors_in_mlflows_words(app):
    assert failures.translate(Unavailable("busy")).error_code == "TEMPORARILY_UNAVAILABLE"
    assert failures.translate(InvalidCursor("stale")).message == "Invalid page token: stale"
    with app.test_request_context("/api/2.0/mlflow/registered-models/get"):
        response, status = failures.render_http_error(InternalServerError())
    assert status == 500
    assert response.get_json()["error_code"] == "INTERNAL_ERROR"
