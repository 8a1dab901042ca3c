"""Model cards: markdown rendered to HTML, then sanitised before it reaches a page."""

import html
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
LINK_SCHEMES = {"http", "https", "mailto"}

# html=False prints raw HTML as text; images are off so a card never makes a browser load
# a third-party URL (the markdown shows as a link instead).
_renderer = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_renderer.disable("image")
# What markdown may act on: its punctuation, entities, control characters (line breaks among
# them), and a line start that can open a block (indent, list, heading, quote, rule).
_MARKUP = re.compile(r"[\\`*_\[\]<>&!|~#\x00-\x1f\x7f]|^[\s\d+\-=]")


def render_card(text: str | None) -> Markup:
    """Render a model card's markdown to sanitised HTML that is safe to insert in a page."""
    html = _renderer.render(text or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener nofollow",
    )
    return Markup(cleaned)


def card_summary(text: str | None, length: int = 90) -> str:
    """Return the start of a model card as plain text (markup removed), for lists."""
    text = text or ""
    # A list shows fifty cards: most are one plain line, which rendering (0.1 ms) leaves as is.
    plain = (
        html.unescape(nh3.clean(_renderer.render(text), tags=set()))
        if _MARKUP.search(text)
        else text
    )
    words = " ".join(plain.split())
    return words if len(words) <= length else words[: length - 1].rstrip() + "…"
