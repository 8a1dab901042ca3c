"""Reads outside a unit of work run straight on a driver connection: the same rows and types as
through the session, a unit of work's own state inside one, the pool's connection handed back
as it was lent or resting for the next app context, and database errors raised as
SQLAlchemy's."""

import gc
from datetime import datetime

import pytest
from app_support import Abandoned
from sqlalchemy import bindparam, column, create_engine, literal_column, select, table, text
from sqlalchemy.exc import DBAPIError, OperationalError

from registry import create_app, driver_reads
from registry.extensions import db
from registry.models import RegisteredModel
from registry.services import registered_models, versions
from registry.services import view_queries as q
from registry.services.authentication import TOKEN_BY_HASH
from registry.services.unit import atomic

MISSING_TABLE = select(column("x")).select_from(table("no_such_table"))


def seed(app) -> None:
    with app.app_context():
        registered_models.create_model_view("bert", "A model.", tags={"team": "nlp"})
        versions.create_version_view("bert", framework="JAX", metrics={"auc": 0.1 + 0.2})


def through_the_session(statement, parameters):
    return [tuple(row) for row in db.session.execute(statement, parameters)]


def test_rows_match_the_session_column_for_column(app):
    seed(app)
    checks = [
        (q.MODEL_WITH_LATEST, {"key": "bert"}),
        (q.VERSION_BY_LABEL, {"key": "bert", "version": "1"}),
        (q.VERSION_DETAILS_OF_ONE, {"id": 1}),
        (q.MODEL_WITH_STAGE_TOPS, {"key": "bert"}),
        (q.MODEL_AND_TOPS_DETAILS[1], {"id": 1, q.TOP_IDS[0]: 1}),
    ]
    for statement, parameters in checks:
        with app.app_context():
            direct = [tuple(row) for row in driver_reads.rows(statement, parameters)]
            assert not db.session.registry.has()  # the session was never used
        with app.app_context():
            assert direct == through_the_session(statement, parameters)
            assert direct


def test_columns_are_converted_by_their_types_and_named(app):
    seed(app)
    with app.app_context():
        row = driver_reads.first(q.MODEL_WITH_LATEST, {"key": "bert"})
        details = driver_reads.rows(q.VERSION_DETAILS_OF_ONE, {"id": row.latest_id})
    assert isinstance(row.created_at, datetime)
    assert isinstance(row.latest_created_at, datetime)
    assert (row.name, row.latest_framework, row.latest_version) == ("bert", "JAX", "1")
    assert [(found.key, found.number) for found in details] == [("auc", 0.1 + 0.2)]


def test_a_boolean_column_reads_as_a_bool(app, admin):
    from registry.services.tokens import hash_secret

    with app.app_context():
        row = driver_reads.first(TOKEN_BY_HASH, {"digest": hash_secret(admin.token)})
    assert row.disabled is False
    assert row.username == admin.username


def test_first_is_none_when_nothing_matches(app):
    with app.app_context():
        assert driver_reads.first(q.MODEL_BY_KEY, {"key": "nobody"}) is None
        assert driver_reads.rows(q.MODEL_BY_KEY, {"key": "nobody"}) == []


def test_inside_a_unit_of_work_reads_see_its_uncommitted_rows(app):
    with app.app_context():
        with pytest.raises(Abandoned), atomic():
            db.session.add(RegisteredModel(name="half", name_key="half"))
            db.session.flush()
            assert driver_reads.first(q.MODEL_BY_KEY, {"key": "half"}).name == "half"
            raise Abandoned
        assert driver_reads.first(q.MODEL_BY_KEY, {"key": "half"}) is None


def test_reads_outside_see_each_commit_at_once(app):
    with app.app_context():
        assert driver_reads.first(q.MODEL_BY_KEY, {"key": "late"}) is None
        with app.app_context():  # another request, on another connection
            registered_models.create_model("late")
        assert driver_reads.first(q.MODEL_BY_KEY, {"key": "late"}).name == "late"


def test_a_list_parameter_goes_through_the_session_where_it_must(app):
    seed(app)
    with app.app_context():
        found = driver_reads.rows(q.MODELS_BY_ID, {"ids": [1]})
    assert [row.name for row in found] == ["bert"]


def test_the_connection_goes_back_to_the_pool_as_it_was_lent(one_connection, app):
    with app.app_context():
        driver_reads.first(q.MODEL_BY_KEY, {"key": "x"})
    with app.app_context():  # the same connection again: a write on it is all or nothing
        with pytest.raises(Abandoned), atomic():
            db.session.add(RegisteredModel(name="half", name_key="half"))
            db.session.flush()
            raise Abandoned
    with app.app_context():
        assert driver_reads.first(q.MODEL_BY_KEY, {"key": "half"}) is None
        assert db.engine.pool.checkedout() == 1
    with app.app_context():
        assert db.engine.pool.checkedout() == 0


def read_once(app):
    """Run a driver read in an app context of its own; the pooled connection it ran on."""
    with app.app_context():
        driver_reads.first(q.MODEL_BY_KEY, {"key": "x"})
        return driver_reads.borrowed().pooled


def test_an_ended_app_contexts_connection_rests_for_the_next_one(app):
    first = read_once(app)
    with app.app_context():
        assert db.engine.pool.checkedout() == 1  # the pool still counts it lent
        driver_reads.first(q.MODEL_BY_KEY, {"key": "x"})
        assert driver_reads.borrowed().pooled is first
    assert first.dbapi_connection is not None


def test_a_connection_left_in_a_transaction_goes_back_to_the_pool_which_ends_it(app):
    with app.app_context():
        driver_reads.first(q.MODEL_BY_KEY, {"key": "x"})
        lent = driver_reads.borrowed()
        driver_reads.run(lent, "BEGIN", (), None, lambda _cursor: None)
        assert not lent.idle()
    with app.app_context():
        assert db.engine.pool.checkedout() == 0
        driver_reads.first(q.MODEL_BY_KEY, {"key": "x"})
        again = driver_reads.borrowed()
        assert again is not lent
        assert again.idle()  # the pool rolled the transaction back as it took the connection


def test_disposing_of_the_engine_closes_the_resting_connections(app):
    resting = read_once(app)
    with app.app_context():
        db.engine.dispose()
    assert resting.dbapi_connection is None
    assert read_once(app).dbapi_connection is not None  # the new pool lends a new one


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_app_that_goes_away_closes_its_resting_connections(app_config):
    app = create_app(app_config)
    with app.app_context():
        db.create_all()
    resting = read_once(app)
    del app
    gc.collect()
    assert resting.dbapi_connection is None


def test_a_database_error_is_sqlalchemys_and_the_connection_still_reads(app):
    seed(app)
    with app.app_context():
        with pytest.raises(DBAPIError) as raised:
            driver_reads.rows(MISSING_TABLE, {})
        assert "no_such_table" in str(raised.value)
        assert driver_reads.first(q.MODEL_BY_KEY, {"key": "bert"}).name == "bert"


def test_a_bound_value_is_never_part_of_the_statement(app):
    seed(app)
    sneaky = select(column("name")).select_from(table("registered_models"))
    sneaky = sneaky.where(column("name") == bindparam("name"))
    with app.app_context():
        assert driver_reads.rows(sneaky, {"name": "bert' OR '1'='1"}) == []
        assert [row.name for row in driver_reads.rows(sneaky, {"name": "bert"})] == ["bert"]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_lost_postgresql_connection_is_replaced(one_connection, app):
    seed(app)
    with app.app_context():
        backend = driver_reads.first(select(literal_column("pg_backend_pid()").label("pid")), {})
        other = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
        with other.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend.pid})
        other.dispose()
    # The pool held one connection; the terminated one is found lost and replaced.
    with app.app_context():
        with pytest.raises(OperationalError) as raised:
            driver_reads.first(q.MODEL_BY_KEY, {"key": "bert"})
        assert raised.value.connection_invalidated
        assert driver_reads.first(q.MODEL_BY_KEY, {"key": "bert"}).name == "bert"


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_prepares_the_keyed_reads_and_never_the_sessions_statements(one_connection, app):
    seed(app)
    prepared = text("SELECT statement FROM pg_prepared_statements")
    search = select(RegisteredModel.name).where(RegisteredModel.name.ilike(bindparam("pattern")))
    with app.app_context():
        for _ in range(10):  # psycopg would prepare a statement run five times on its own
            driver_reads.first(q.MODEL_BY_KEY, {"key": "bert"})
    with app.app_context():  # the pool's one connection again, now the session's
        for _ in range(10):
            db.session.execute(search, {"pattern": "%er%"}).all()
        found = [row.statement for row in db.session.execute(prepared)]
    assert any("name_key" in statement for statement in found)
    assert not any("ILIKE" in statement for statement in found)  # planned for every value
