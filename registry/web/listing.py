"""The list page's state, read from and written back to the URL so a view can be bookmarked."""

from dataclasses import dataclass, replace

from werkzeug.datastructures import MultiDict

from ..services.model_search import ModelFilter

SORTS = (
    ("-updated", "recently updated"),
    ("updated", "least recently updated"),
    ("name", "name A-Z"),
    ("-name", "name Z-A"),
    ("-created", "newest"),
    ("created", "oldest"),
)
DEFAULT_SORT = "-updated"


@dataclass(frozen=True)
class ListView:
    """Search text, framework, tag filters (`key` or `key:value`), sort and page cursor."""

    q: str = ""
    framework: str = ""
    tags: tuple[str, ...] = ()
    sort: str = DEFAULT_SORT
    cursor: str = ""

    @classmethod
    def from_args(cls, args: MultiDict) -> "ListView":
        """Read the view from query parameters, ignoring empty ones."""
        return cls(
            q=args.get("q", "").strip(),
            framework=args.get("framework", "").strip(),
            tags=tuple(tag.strip() for tag in args.getlist("tag") if tag.strip()),
            sort=args.get("sort", "").strip() or DEFAULT_SORT,
            cursor=args.get("cursor", "").strip(),
        )

    @property
    def is_filtered(self) -> bool:
        """Whether anything narrows the list (so an empty result means "no matches")."""
        return bool(self.q or self.framework or self.tags)

    def model_filter(self) -> ModelFilter:
        """The services' filter for this view."""
        return ModelFilter(
            q=self.q,
            framework=self.framework,
            tags=tuple(_tag_pair(tag) for tag in self.tags),
            sort=self.sort,
        )

    def params(self, **changes: object) -> dict[str, object]:
        """Query parameters for this view with ``changes`` applied, empty ones left out."""
        view = replace(self, **changes)
        params = {
            "q": view.q,
            "framework": view.framework,
            "tag": list(view.tags),
            "sort": view.sort if view.sort != DEFAULT_SORT else "",
            "cursor": view.cursor,
        }
        return {key: value for key, value in params.items() if value}


def _tag_pair(tag: str) -> tuple[str, str | None]:
    key, separator, value = tag.partition(":")
    return (key.strip(), value.strip() if separator else None)
