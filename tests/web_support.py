"""Helpers for the web tests: read rendered HTML the way a browser would."""

from html.parser import HTMLParser

from registry.services.aliases import set_alias
from registry.services.registered_models import create_model
from registry.services.versions import create_version


class Page(HTMLParser):
    """A parsed page: every element's tag, attributes and text, in document order."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in ("input", "meta", "link", "br", "hr", "img"):
            self._open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index]["tag"] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def by_id(self, element_id: str) -> dict:
        """The element with this id (fails the test when there is none)."""
        found = [e for e in self.elements if e["attrs"].get("id") == element_id]
        assert found, f"no element with id {element_id!r}"
        return found[0]

    def all(self, tag: str | None = None, **attrs: str) -> list[dict]:
        """Elements with this tag (any when None) whose attributes include ``attrs``."""
        wanted = {key.replace("_", "-"): value for key, value in attrs.items()}
        return [
            e
            for e in self.elements
            if (tag is None or e["tag"] == tag)
            and all(e["attrs"].get(key) == value for key, value in wanted.items())
        ]

    def field_error(self, field_id: str) -> str:
        """The error text shown at a field, checking the field points at it for assistive tech."""
        field = self.by_id(field_id)
        assert field["attrs"].get("aria-invalid") == "true"
        assert f"{field_id}-error" in field["attrs"].get("aria-describedby", "").split()
        return " ".join(self.by_id(f"{field_id}-error")["text"].split())

    def live_scripts(self) -> list[dict]:
        """Scripts that would run: inline ones, or any loaded from outside /static/web/."""
        return [
            e
            for e in self.all("script")
            if not e["attrs"].get("src", "").startswith("/static/web/")
        ]

    def event_handlers(self) -> list[tuple[str, str]]:
        """Every inline event-handler attribute (onclick, onerror, ...) on the page."""
        return [
            (e["tag"], name)
            for e in self.elements
            for name in e["attrs"]
            if name.lower().startswith("on")
        ]


def page_of(response) -> Page:
    """Parse a test-client response's body."""
    return Page(response.get_data(as_text=True))


def make_model(name: str = "BERT", framework: str = "PyTorch", **fields) -> None:
    """Register a model with its first version (labels default to the next number)."""
    description = fields.pop("description", "")
    tags = fields.pop("tags", None)
    create_model(
        name, description=description, tags=tags, first_version={"framework": framework, **fields}
    )


def make_model_with_versions(name: str = "BERT") -> None:
    """A model with versions 1 (PyTorch), 2 (ONNX) and alias champion -> 1."""
    make_model(name, metrics={"accuracy": 0.9}, source="s3://bucket/bert/1")
    create_version(name, framework="ONNX", metrics={"accuracy": 0.95}, tags={"quantised": "yes"})
    set_alias(name, "champion", "1")


def form_values(client, url: str) -> dict[str, str]:
    """The values a browser would send back from the form on ``url``, unchanged."""
    page = page_of(client.get(url))
    values = {}
    for element in page.all():
        name = element["attrs"].get("name")
        if not name or element["tag"] not in ("input", "textarea", "select"):
            continue
        if element["tag"] == "textarea":
            values[name] = element["text"].lstrip("\r\n")
        elif element["tag"] == "select":
            index = page.elements.index(element)
            options = [e for e in page.elements[index + 1 :] if e["tag"] == "option"]
            chosen = [o for o in options if "selected" in o["attrs"]] or options[:1]
            values[name] = chosen[0]["attrs"]["value"]
        elif element["attrs"].get("type") != "checkbox":
            values[name] = element["attrs"].get("value", "")
    return values


def hidden_values(page) -> dict[str, str]:
    """The hidden inputs a form sends (a confirmation form sends nothing else)."""
    form_inputs = page.all("input", type="hidden")
    return {e["attrs"]["name"]: e["attrs"].get("value", "") for e in form_inputs}
