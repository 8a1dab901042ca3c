"""Units of work that run only Core statements run on the app context's driver connection: all
or nothing, their reads see their writes, the ORM is refused in them, a session transaction
already open takes them in, and the connection goes back to the pool as it was lent."""

import pytest
from app_support import Abandoned
from sqlalchemy import create_engine, insert, literal_column, select, text
from sqlalchemy.exc import IntegrityError

from registry import driver_reads
from registry.errors import Conflict, Unavailable
from registry.extensions import db
from registry.models import Event, ModelTag, RegisteredModel
from registry.services import aliases, events, registered_models, versions, views
from registry.services import view_queries as q
from registry.services.model_rows import find_model, insert_model
from registry.services.unit import atomic, execute


def stored(app) -> tuple[list[str], list[str]]:
    """The models' names and the history's actions, read in an app context of their own."""
    with app.app_context():
        names = sorted(db.session.scalars(select(RegisteredModel.name)))
        actions = list(db.session.scalars(select(Event.action).order_by(Event.id)))
        return names, actions


def test_a_core_unit_commits_without_the_session(app):
    with app.app_context():
        model, first = registered_models.create_model_view(
            "bert", "card", {"team": "nlp", "env": "prod"}, first_version={"framework": "JAX"}
        )
        assert not db.session.registry.has()  # begun, run and committed on the driver
    assert stored(app) == (["bert"], ["model.created", "version.created"])
    with app.app_context():
        assert views.model_view("bert") == model
        assert views.version_view("bert", "1") == first


def test_pointing_an_alias_reads_the_version_back_in_its_own_transaction(app):
    with app.app_context():
        registered_models.create_model_view("bert", first_version={"framework": "JAX"})
    with app.app_context():
        found = aliases.set_alias_view("BERT", "champion", "1")
        assert not db.session.registry.has()
    assert (found.model_name, found.version, found.aliases) == ("bert", "1", ("champion",))


def test_a_failed_core_unit_leaves_nothing(app):
    with app.app_context():
        with pytest.raises(Abandoned), atomic(orm=False):
            model = insert_model("half", "")
            events.record("model.created", model)
            execute(insert(ModelTag.__table__), [{"model_id": model.id, "key": "k", "value": "v"}])
            raise Abandoned
        assert not db.session.registry.has()
        registered_models.create_model("whole")  # the connection writes on afterwards
    assert stored(app) == (["whole"], ["model.created"])


def test_reads_inside_a_core_unit_see_its_writes(app):
    with app.app_context():
        with pytest.raises(Abandoned), atomic(orm=False):
            model = insert_model("half", "")
            assert find_model("HALF").id == model.id
            assert driver_reads.first(q.MODEL_BY_KEY, {"key": "half"}).name == "half"
            raise Abandoned
        assert driver_reads.first(q.MODEL_BY_KEY, {"key": "half"}) is None


def test_a_change_returns_what_its_own_transaction_reads(app):
    with app.app_context():
        registered_models.create_model("bert")
        found, latest = registered_models.update_model_view("bert", {"description": "new"})
    assert (found.description, found.row_version, latest) == ("new", 2, None)


def test_the_orm_is_refused_in_a_core_unit_and_nothing_is_kept(app):
    with app.app_context():
        registered_models.create_model("bert")
        versions.create_version("bert", framework="JAX")
    with app.app_context():
        with pytest.raises(RuntimeError, match="driver connection"), atomic(orm=False):
            insert_model("half", "")
            db.session.scalars(select(RegisteredModel)).all()
    with app.app_context():
        with pytest.raises(RuntimeError, match="driver connection"), atomic(orm=False):
            insert_model("half", "")
            versions.update_version("bert", "1", {"description": "an ORM unit inside"})
    assert stored(app) == (["bert"], ["model.created", "version.created"])


def test_a_core_unit_joins_a_session_transaction_already_open(app):
    with app.app_context():
        registered_models.create_model("bert")
    with app.app_context():
        model = registered_models.get_model("bert")  # the session reads: its transaction opens
        versions.create_version("bert", framework="JAX")
        # Written in the session's transaction, whose objects were reloaded: not left stale.
        assert model.row_version == 2
        assert [row.version for row in versions.versions_page(model, limit=10).items] == ["1"]
    assert stored(app) == (["bert"], ["model.created", "version.created"])


def test_a_unique_key_caught_in_a_core_unit_is_a_conflict(app):
    with app.app_context():
        registered_models.create_model("bert")
        with pytest.raises(Conflict) as raised, atomic(orm=False):
            insert_model("bert", "a race the name check missed")
        assert isinstance(raised.value.__cause__, IntegrityError)
        assert registered_models.create_model_view("ernie")[0].name == "ernie"
    assert stored(app) == (["bert", "ernie"], ["model.created", "model.created"])


def test_a_plan_refuses_a_statement_that_leaves_a_column_with_a_default_unset(app):
    with app.app_context():
        bert = registered_models.create_model_view("bert")[0].id
        for table, row in [
            (ModelTag.__table__, {"model_id": bert, "key": "k"}),
            (Event.__table__, {"action": "model.created", "model_name": "bert"}),
        ]:
            with pytest.raises(TypeError, match="unset"), atomic(orm=False):
                execute(insert(table), row)
    with app.app_context():
        assert views.model_view("bert").tags == {}
    assert stored(app) == (["bert"], ["model.created"])


def test_the_connection_goes_back_to_the_pool_as_it_was_lent(one_connection, app):
    with app.app_context():
        registered_models.create_model_view("bert")
        with pytest.raises(Abandoned), atomic(orm=False):
            insert_model("half", "")
            raise Abandoned
    with app.app_context():  # the pool's one connection again, now the session's
        with pytest.raises(Abandoned), atomic():
            db.session.add(RegisteredModel(name="orm", name_key="orm"))
            db.session.flush()
            raise Abandoned
        assert sorted(db.session.scalars(select(RegisteredModel.name))) == ["bert"]
        assert db.engine.pool.checkedout() == 1
    with app.app_context():
        assert db.engine.pool.checkedout() == 0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_unit_whose_postgresql_connection_is_lost_is_unavailable_and_the_next_one_works(
    one_connection, app
):
    with app.app_context():
        backend = driver_reads.first(select(literal_column("pg_backend_pid()").label("pid")), {})
        with pytest.raises(Unavailable), atomic(orm=False):
            insert_model("lost", "")
            other = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
            with other.connect() as connection:
                connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend.pid})
            other.dispose()
            insert_model("after", "")
    with app.app_context():  # the pool's one connection was replaced
        registered_models.create_model_view("kept")
    assert stored(app) == (["kept"], ["model.created"])
