"""A request's reads and writes: reads see committed data, and a write is all or nothing, also
right after the request's reads."""

import pytest
from app_support import Abandoned

from registry.errors import NotFound
from registry.extensions import db
from registry.models import RegisteredModel
from registry.services import registered_models, views
from registry.services.unit import atomic


def stored_names(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(db.select(RegisteredModel.name)))


def test_a_failed_write_after_reads_leaves_nothing(app):
    with app.test_request_context("/api/v1/models/m"):
        app.preprocess_request()
        with pytest.raises(NotFound):
            views.model_view("m")  # the request reads first, as its token check does
        with pytest.raises(Abandoned), atomic():
            db.session.add(RegisteredModel(name="half", name_key="half"))
            db.session.flush()
            raise Abandoned
        db.session.remove()
    assert stored_names(app) == []


def test_a_write_after_reads_is_committed_and_read_back(app):
    with app.test_request_context("/api/v1/models/m"):
        app.preprocess_request()
        with pytest.raises(NotFound):
            views.model_view("m")
        registered_models.create_model("m", tags={"a": "b"})
        assert views.model_view("m").tags == {"a": "b"}  # the reply reads its own write
        db.session.remove()
    assert stored_names(app) == ["m"]


def test_reads_see_what_another_session_committed_meanwhile(app):
    with app.test_request_context("/api/v1/models/m"):
        app.preprocess_request()
        with pytest.raises(NotFound):
            views.model_view("m")
        with app.app_context():  # another request, with a session of its own
            registered_models.create_model("m")
            db.session.remove()
        # Outside a unit of work every statement sees what was committed before it began.
        assert views.model_view("m").name == "m"
        db.session.remove()
    assert stored_names(app) == ["m"]
