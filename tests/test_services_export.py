"""Export at the service layer: a round trip keeps the registry, and one snapshot is read."""

import json
import threading

from cli_support import exported

from registry.services import aliases, registered_models, transfer, versions
from registry.services.transfer import export_lines, import_lines

pytest_plugins = ["cli_fixtures"]


def test_export_import_round_trip_keeps_the_registry(app, second_app, monkeypatch):
    monkeypatch.setattr(transfer, "EXPORT_BATCH", 4)
    monkeypatch.setattr(transfer, "IMPORT_BATCH", 3)
    with app.app_context():
        for index in range(10):
            registered_models.create_model(
                f"model-{index}",
                description=f"card {index}",
                tags={"index": str(index)},
                first_version={"framework": "PyTorch", "metrics": {"acc": index / 10}},
            )
            versions.create_version(f"model-{index}", framework="JAX", stage="Staging")
            aliases.set_alias(f"model-{index}", "champion", "1")
        versions.delete_version("model-3", "2")
        registered_models.create_model("no-versions")
    original = exported(app)
    assert len(original) == 11
    with second_app.app_context():
        assert import_lines(original) == 11
    assert exported(second_app) == original
    assert json.loads(original[4])["next_version"] == 3


def test_export_sees_one_snapshot_even_when_a_write_lands_midway(app, monkeypatch):
    monkeypatch.setattr(transfer, "EXPORT_BATCH", 2)
    with app.app_context():
        for name in ("a", "b", "c", "d"):
            registered_models.create_model(name)

    def write_elsewhere():
        # Its own thread: its own app context, session and connection, like another request.
        with app.app_context():
            registered_models.create_model("zz")
            versions.create_version("a", framework="JAX")

    with app.app_context():
        stream = export_lines()
        first = next(stream)
        writer = threading.Thread(target=write_elsewhere)
        writer.start()
        writer.join()
        rest = list(stream)
    assert [json.loads(line)["name"] for line in [first, *rest]] == ["a", "b", "c", "d"]
    assert json.loads(first)["versions"] == []
    assert len(exported(app)) == 5
