"""services.health: whether the database answers."""

from registry import create_app
from registry.services.health import database_answers


def test_a_working_database_answers(app_context):
    assert database_answers() is True


def test_an_unreachable_database_does_not_answer_and_leaves_no_transaction(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.sqlite3'}",
            "REGISTRY_PLUGINS": [],
        }
    )
    with app.app_context():
        assert database_answers() is False
        assert database_answers() is False
