"""A model's latest version and its highest of each stage: the right versions, found with the
same work whether the model has five versions or hundreds."""

import pytest

from registry.extensions import db
from registry.services import registered_models, versions, views
from registry.services import view_queries as q

STAGED = {"5": "Production", "12": "Production", "20": "Staging", "25": "Archived"}


def add_model(name: str, count: int, staged: dict[str, str] | None = None) -> int:
    """A model with ``count`` numbered versions, those in ``staged`` moved to their stage."""
    model_id = registered_models.create_model_view(name)[0].id
    for _ in range(count):
        versions.create_version_view(name, framework="JAX")
    for label, stage in (staged or {}).items():
        versions.transition_stage(name, label, stage)
    return model_id


def labels(found: list) -> list[tuple[str, str]]:
    return [(version.version, version.stage) for version in found]


def test_latest_and_stage_tops_are_the_right_versions(app):
    with app.app_context():
        many = add_model("many", 30, STAGED)
        one = add_model("one", 1)
        none = add_model("none", 0)
        db.session.remove()
        ids = [many, one, none]
        latest = views.latest_versions(ids)
        per_stage = views.highest_versions_per_stage(ids)
        model, tops = views.model_with_stage_tops("many")
        _, newest = views.model_with_latest("many")
    assert {model_id: summary.version for model_id, summary in latest.items()} == {
        many: "30",
        one: "1",
    }
    expected = [("30", "None"), ("20", "Staging"), ("12", "Production"), ("25", "Archived")]
    assert labels(per_stage[many]) == expected
    assert labels(per_stage[one]) == [("1", "None")]
    assert per_stage[none] == []
    assert (model.id, labels(tops), newest.version) == (many, expected, "30")


def vm_steps(statement, parameters: dict) -> int:
    """SQLite's virtual-machine steps to run ``statement``: the work, whatever the VM's speed."""
    driver = db.session.connection().connection.driver_connection
    steps = []
    driver.set_progress_handler(lambda: steps.append(1), 1)
    try:
        db.session.execute(statement, parameters).all()
    finally:
        driver.set_progress_handler(None, 1)
    return len(steps)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_work_does_not_grow_with_the_model_s_versions(app):
    with app.app_context():
        small = add_model("small", 30, STAGED)
        large = add_model("large", 400, STAGED)
        work = {}
        for model_id, name in ((small, "small"), (large, "large")):
            work[name] = [
                vm_steps(q.MODEL_WITH_LATEST, {"key": name}),
                vm_steps(q.MODEL_WITH_STAGE_TOPS, {"key": name}),
                vm_steps(q.LATEST_VERSIONS, {"ids": [model_id]}),
                vm_steps(q.HIGHEST_PER_STAGE, {"ids": [model_id]}),
            ]
    for small_steps, large_steps in zip(work["small"], work["large"], strict=True):
        assert large_steps <= small_steps + 10, work
