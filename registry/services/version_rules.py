"""The fields of a version: which there are, the rules each obeys, and what a new one stores."""

from collections.abc import Mapping
from typing import Any

from . import rules

UPDATABLE_FIELDS = (
    "framework",
    "source",
    "run_id",
    "run_link",
    "description",
    "stage",
    "metrics",
    "tags",
)
NEW_VERSION_FIELDS = ("version", *UPDATABLE_FIELDS)


def check_version_fields(checker: rules.Checker, fields: Mapping[str, Any]) -> None:
    """Record a problem for every field of ``fields`` that breaks a version rule."""
    unknown = sorted(set(fields) - set(NEW_VERSION_FIELDS))
    for field in unknown:
        checker.add(field, "This field is not part of a version.")
    if fields.get("version") is not None:
        checker.add("version", rules.version_problem(fields["version"]))
    if "framework" in fields:
        checker.add("framework", rules.framework_problem(fields["framework"]))
    if "source" in fields:
        checker.add("source", rules.source_problem(fields["source"]))
    for field, limit in (("run_id", rules.RUN_ID_MAX), ("run_link", rules.SOURCE_MAX)):
        if field in fields:
            checker.add(field, rules.text_problem(field, fields[field], limit))
    if "description" in fields:
        checker.add(
            "description",
            rules.text_problem("Description", fields["description"], rules.DESCRIPTION_MAX),
        )
    if "stage" in fields:
        checker.add("stage", rules.stage_problem(rules.canonical_stage(fields["stage"])))
    if "metrics" in fields:
        rules.check_metrics(checker, "metrics", fields["metrics"])
    if "tags" in fields:
        rules.check_tags(checker, "tags", fields["tags"])


def check_new_version_fields(checker: rules.Checker, fields: Mapping[str, Any]) -> None:
    """Record a problem for every field of a version to be added (a framework is required)."""
    checker.add("framework", None if "framework" in fields else "Framework is required.")
    check_version_fields(checker, fields)


def new_version_columns(fields: Mapping[str, Any], next_version: int) -> dict[str, Any]:
    """Return the columns a new version stores for its checked ``fields``, metrics and tags aside.

    Without a label it takes ``next_version``, its model's counter; the integer value and the
    sort key are derived from the label here only.
    """
    label = fields.get("version") or str(next_version)
    return {
        "version": label,
        "number": rules.version_number(label),
        "sort_key": rules.version_sort_key(label),
        "framework": fields["framework"],
        "source": fields.get("source", ""),
        "run_id": fields.get("run_id", ""),
        "run_link": fields.get("run_link", ""),
        "description": fields.get("description", ""),
        "stage": rules.canonical_stage(fields.get("stage", "None")),
    }
