"""Reading one JSON Lines record of an import: every field checked by the services' rules."""

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..errors import ValidationFailed
from ..models import utcnow
from . import rules
from .version_rules import NEW_VERSION_FIELDS, check_version_fields, new_version_columns

MODEL_KEYS = (
    "name",
    "description",
    "created_at",
    "updated_at",
    "next_version",
    "tags",
    "aliases",
    "versions",
)
VERSION_KEYS = (*NEW_VERSION_FIELDS, "id", "status", "created_at", "updated_at")
COUNTER_MAX = 2**31 - 1  # the database's INTEGER
# JSON may spell half a surrogate pair ("\ud800"), which no database can store as text.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
UNPAIRED_SURROGATE = "Text must not contain unpaired surrogates (\\ud800-\\udfff)."


@dataclass
class ImportedVersion:
    """One version of an imported model: its row (without ids), metrics and tags."""

    row: dict[str, Any]
    metrics: dict[str, float]
    tags: dict[str, str]


@dataclass
class ImportedModel:
    """One checked line of an import, ready to insert."""

    line: int
    row: dict[str, Any]
    tags: dict[str, str]
    versions: list[ImportedVersion] = field(default_factory=list)
    # alias -> position of its version in ``versions``
    aliases: dict[str, int] = field(default_factory=dict)


def read_model(line: int, text: str) -> ImportedModel:
    """Parse and check the model on line ``line`` of an import.

    :raises ValidationFailed: the line is not a JSON object or a field breaks a rule; every
        field is named ``line N: field``.
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValidationFailed([(f"line {line}", f"Not valid JSON ({exc}).")]) from None
    except RecursionError:
        raise ValidationFailed([(f"line {line}", "Not valid JSON (nested too deeply).")]) from None
    if not isinstance(data, dict):
        raise ValidationFailed([(f"line {line}", "A line must hold one JSON object: a model.")])
    if _SURROGATE_ESCAPE.search(text) and not _encodable(data):
        raise ValidationFailed([(f"line {line}", UNPAIRED_SURROGATE)])
    checker = rules.Checker()
    model = _read_model_fields(checker, line, data)
    _read_versions(checker, model, data.get("versions", []))
    _read_aliases(checker, model, data.get("aliases", {}))
    if checker.errors:
        raise ValidationFailed(
            [(f"line {line}: {name}", message) for name, message in checker.errors]
        )
    return model


def _read_model_fields(checker: rules.Checker, line: int, data: dict) -> ImportedModel:
    for unknown in sorted(set(data) - set(MODEL_KEYS)):
        checker.add(unknown, "This field is not part of a model.")
    name = data.get("name")
    checker.add("name", rules.name_problem(name))
    description = data.get("description", "")
    checker.add(
        "description", rules.text_problem("Description", description, rules.DESCRIPTION_MAX)
    )
    tags = _mapping(checker, "tags", data.get("tags", {}))
    rules.check_tags(checker, "tags", tags)
    next_version = data.get("next_version", 1)
    if (
        isinstance(next_version, bool)
        or not isinstance(next_version, int)
        or not 1 <= next_version <= COUNTER_MAX
    ):
        checker.add("next_version", f"Next version must be a whole number from 1 to {COUNTER_MAX}.")
        next_version = 1
    created_at = _timestamp(checker, "created_at", data.get("created_at"))
    updated_at = _timestamp(checker, "updated_at", data.get("updated_at"), default=created_at)
    row = {
        "name": name,
        "name_key": rules.name_key(name) if isinstance(name, str) else "",
        "description": description,
        "next_version": next_version,
        "created_at": created_at,
        "updated_at": updated_at,
        "row_version": 1,
    }
    return ImportedModel(line=line, row=row, tags=tags)


def _read_versions(checker: rules.Checker, model: ImportedModel, items: Any) -> None:
    if not isinstance(items, list):
        checker.add("versions", "Versions must be a list of versions.")
        return
    labels: set[str] = set()
    for index, item in enumerate(items):
        where = f"versions[{index}]"
        version_checker = rules.Checker()
        version = _read_version(version_checker, item, model.row["next_version"])
        for name, message in version_checker.errors:
            checker.add(f"{where}.{name}" if name else where, message)
        if version is None:
            continue
        label = version.row["version"]
        if label in labels:
            checker.add(
                f"{where}.version", f"Model '{model.row['name']}' already has version '{label}'."
            )
        labels.add(label)
        if version.row["number"] is not None:
            model.row["next_version"] = max(model.row["next_version"], version.row["number"] + 1)
        model.versions.append(version)


def _read_version(checker: rules.Checker, item: Any, next_version: int) -> ImportedVersion | None:
    if not isinstance(item, dict):
        checker.add("", "A version must be a JSON object.")
        return None
    for unknown in sorted(set(item) - set(VERSION_KEYS)):
        checker.add(unknown, "This field is not part of a version.")
    checker.add("framework", None if "framework" in item else "Framework is required.")
    check_version_fields(checker, {key: item[key] for key in NEW_VERSION_FIELDS if key in item})
    status = item.get("status", "READY")
    checker.add("status", rules.status_problem(status))
    public_id = _public_id(checker, item.get("id"))
    created_at = _timestamp(checker, "created_at", item.get("created_at"))
    updated_at = _timestamp(checker, "updated_at", item.get("updated_at"), default=created_at)
    if checker.errors:
        return None
    metrics = {key: float(value) for key, value in (item.get("metrics") or {}).items()}
    row = {
        **new_version_columns(item, next_version),
        "uuid": public_id,
        "status": status,
        "created_at": created_at,
        "updated_at": updated_at,
        "row_version": 1,
    }
    return ImportedVersion(row=row, metrics=metrics, tags=dict(item.get("tags") or {}))


def _read_aliases(checker: rules.Checker, model: ImportedModel, aliases: Any) -> None:
    positions = {version.row["version"]: index for index, version in enumerate(model.versions)}
    for alias, label in _mapping(checker, "aliases", aliases).items():
        problem = rules.alias_problem(alias) or rules.version_problem(label)
        if problem is None and label not in positions:
            problem = f"Model '{model.row['name']}' has no version '{label}'."
        checker.add(f"aliases.{alias}", problem)
        if problem is None:
            model.aliases[alias] = positions[label]


def _mapping(checker: rules.Checker, name: str, value: Any) -> dict:
    problem = rules.mapping_problem(name, value)
    checker.add(name, problem)
    return {} if problem or value is None else value


def _public_id(checker: rules.Checker, value: Any) -> str:
    if value is None:
        return str(uuid.uuid4())
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError, AttributeError):
        checker.add("id", "Id must be a UUID.")
        return ""


def _timestamp(
    checker: rules.Checker, name: str, value: Any, default: datetime | None = None
) -> datetime:
    if value is None:
        return default or utcnow()
    try:
        moment = datetime.fromisoformat(value)
        # Stored as naive UTC, as every other timestamp of the registry.
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    except (TypeError, ValueError, OverflowError):
        checker.add(name, "Timestamps must be ISO 8601, such as 2024-05-01T12:00:00Z.")
        return utcnow()
    return moment


def _encodable(data: Any) -> bool:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
