"""Time `flask import` of N models x 3 versions into a fresh SQLite registry.

Usage: python bench/import_speed.py [N]    (N defaults to 100000)

Writes a JSON Lines file of N generated models as `flask export` writes them (each with 3
versions with ids and timestamps, 2 metrics and a tag per version, a model tag and an alias),
upgrades a fresh SQLite database with the migrations, runs `flask import` on it in a
subprocess, then prints the elapsed seconds and models/s.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

FRAMEWORKS = ("PyTorch", "TensorFlow", "JAX", "ONNX")
STAMP = "2024-05-01T12:00:00.000000Z"


def generate(path: str, count: int) -> None:
    """Write ``count`` models with 3 versions each to ``path`` as JSON Lines."""
    with open(path, "w", encoding="utf-8") as out:
        for index in range(count):
            name = f"bench-model-{index:06d}"
            versions = [
                {
                    "version": str(number),
                    "id": str(uuid.uuid4()),
                    "framework": FRAMEWORKS[(index + number) % len(FRAMEWORKS)],
                    "source": f"s3://bench-bucket/{name}/{number}",
                    "description": f"Version {number} of {name}.",
                    "metrics": {"accuracy": 0.5 + number / 10, "loss": 1.0 / number},
                    "tags": {"dataset": "imagenet"},
                    "created_at": STAMP,
                    "updated_at": STAMP,
                }
                for number in (1, 2, 3)
            ]
            record = {
                "name": name,
                "description": f"Benchmark model number {index}.",
                "created_at": STAMP,
                "updated_at": STAMP,
                "next_version": 4,
                "tags": {"team": f"team-{index % 20}"},
                "aliases": {"champion": "3"},
                "versions": versions,
            }
            out.write(json.dumps(record) + "\n")


def flask(database: str, *args: str) -> subprocess.CompletedProcess:
    """Run a `flask` command of the registry against ``database``."""
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "FLASK_APP": "registry"}
    return subprocess.run(
        [sys.executable, "-m", "flask", *args],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )


def main() -> None:
    """Generate, upgrade, import, and print the numbers."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory(prefix="import-bench-") as directory:
        data = os.path.join(directory, "models.jsonl")
        database = os.path.join(directory, "registry.sqlite3")
        generate(data, count)
        flask(database, "db", "upgrade")
        started = time.perf_counter()
        result = flask(database, "import", data)
        elapsed = time.perf_counter() - started
        print(result.stdout.strip())
        print(f"models: {count}  versions: {3 * count}  elapsed: {elapsed:.1f} s")
        print(f"{count / elapsed:,.0f} models/s  {3 * count / elapsed:,.0f} versions/s")


if __name__ == "__main__":
    main()
