"""The benchmark's registry: N generated models with 3 versions each, written as the JSON Lines
that `flask import` reads, and the facts every check compares the server's answers with."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FRAMEWORKS = ("PyTorch", "TensorFlow", "JAX", "ONNX")
RARE_FRAMEWORK = "scikit-learn"  # on version 1 of one model in RARE_EVERY: a selective filter
RARE_EVERY = 1000
TEAMS = 20
CHALLENGER_EVERY = 50  # one model in 50 has a "challenger" alias


@dataclass
class Facts:
    """What the benchmark knows about one model, to check answers against."""

    name: str
    description: str
    frameworks: set[str] = field(default_factory=set)
    team: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)
    versions: list[str] = field(default_factory=list)


def seeded_name(index: int) -> str:
    """The name of seeded model ``index``."""
    return f"bench-model-{index:06d}"


def frameworks_of(index: int) -> list[str]:
    """The frameworks of versions 1, 2 and 3 of seeded model ``index``."""
    frameworks = [FRAMEWORKS[(index + number) % len(FRAMEWORKS)] for number in (1, 2, 3)]
    if index % RARE_EVERY == 7:
        frameworks[0] = RARE_FRAMEWORK
    return frameworks


def seeded_facts(index: int) -> Facts:
    """The facts of seeded model ``index``: 3 versions, a team tag, a champion alias."""
    aliases = {"champion": "3"}
    if index % CHALLENGER_EVERY == 0:
        aliases["challenger"] = "2"
    return Facts(
        name=seeded_name(index),
        description=f"Benchmark model number {index}.",
        frameworks=set(frameworks_of(index)),
        team=f"team-{index % TEAMS}",
        aliases=aliases,
        versions=["1", "2", "3"],
    )


def seeded_record(index: int) -> dict:
    """The JSON Lines record of seeded model ``index``, as `flask export` writes one."""
    facts = seeded_facts(index)
    versions = [
        {
            "version": label,
            "framework": framework,
            "source": f"s3://bench-bucket/{facts.name}/{label}",
            "description": f"Version {label} of {facts.name}.",
            "metrics": {"accuracy": 0.5 + int(label) / 10, "loss": 1.0 / int(label)},
            "tags": {"dataset": "imagenet"},
        }
        for label, framework in zip(facts.versions, frameworks_of(index), strict=True)
    ]
    return {
        "name": facts.name,
        "description": facts.description,
        "tags": {"team": facts.team},
        "aliases": facts.aliases,
        "versions": versions,
    }


def write_jsonl(path: Path, count: int) -> None:
    """Write ``count`` seeded models to ``path``, one JSON object per line."""
    with open(path, "w", encoding="utf-8") as out:
        for index in range(count):
            out.write(json.dumps(seeded_record(index), separators=(",", ":")) + "\n")


class World:
    """Every model the server should hold, and the answers its lists should give.

    Expected pages are computed once per query and kept until the models change.
    """

    def __init__(self, count: int):
        self.models: dict[str, Facts] = {}
        self.seeded = count
        for index in range(count):
            facts = seeded_facts(index)
            self.models[facts.name] = facts
        self._cache: dict[tuple, list[str]] = {}

    def add(self, facts: Facts) -> None:
        """A model was created."""
        self.models[facts.name] = facts
        self._cache.clear()

    def remove(self, name: str) -> None:
        """A model was deleted."""
        del self.models[name]
        self._cache.clear()

    def changed(self) -> None:
        """Facts were changed in place (a version or an alias added)."""
        self._cache.clear()

    def matching(self, key: tuple, keep: Callable[[Facts], bool]) -> list[str]:
        """Names of the models ``keep`` accepts, sorted as the registry sorts names.

        :param key: identifies ``keep`` in the cache (the same query always has the same key).
        """
        if key not in self._cache:
            names = [name for name, facts in self.models.items() if keep(facts)]
            self._cache[key] = sorted(names, key=str.casefold)
        return self._cache[key]

    def text_matches(self, needle: str) -> list[str]:
        """Models whose name or description contains ``needle``, ignoring case."""
        folded = needle.casefold()
        return self.matching(
            ("q", needle),
            lambda facts: folded in facts.name.casefold() or folded in facts.description.casefold(),
        )


def search_needles(count: int) -> list[str]:
    """Search texts with known answers: a name range, a description phrase, one model, none."""
    needles = ["number 42", "no-such-model-anywhere"]
    if count > 1299:
        needles.insert(0, "model-0012")
    if count:
        needles.append(seeded_name(count // 2)[-9:])
    return needles
