"""Tags of a model version: set one, remove one (a whole set is replaced by update_version)."""

from ..errors import NotFound
from ..models import VersionTag
from . import events, rules
from .keyed_rows import remove_keyed_row, set_keyed_row
from .lookup import get_version
from .unit import atomic
from .versions import touch


def set_version_tag(model_name: str, version: str, key: str, value: str) -> None:
    """Set the tag ``key`` of a version to ``value``, adding or replacing it.

    :raises ValidationFailed: the key or value breaks a tag rule.
    :raises NotFound: the model or version does not exist.
    """
    checker = rules.Checker()
    rules.check_tags(checker, "tags", {key: value})
    checker.raise_if_failed()
    with atomic():
        found = get_version(model_name, version)
        previous = set_keyed_row(found.tags, key, value, VersionTag)
        touch(found)
        before = None if previous is None else {key: previous}
        events.record(
            "version.tag.set", found.model, found.version, before=before, after={key: value}
        )


def delete_version_tag(model_name: str, version: str, key: str) -> None:
    """Remove the tag ``key`` from a version.

    :raises NotFound: the model, version or tag does not exist.
    """
    with atomic():
        found = get_version(model_name, version)
        previous = remove_keyed_row(found.tags, key)
        if previous is None:
            raise NotFound(f"Version '{found.version}' of '{found.model.name}' has no tag '{key}'.")
        touch(found)
        events.record("version.tag.deleted", found.model, found.version, before={key: previous})
