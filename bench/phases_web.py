"""Operations on the web pages: the model list with a filter, as a browser asks for it."""

import html
import re

from .client import CheckFailed, Client, expect_equal, query
from .dataset import World
from .load import Operation

ROW_NAME = re.compile(r'data-testid="model-row" data-model-name="([^"]*)"')
COUNT = re.compile(r'data-testid="count">\s*([\d,]+\+?) model')
COUNT_LIMIT = 1000  # the web list counts a filter's matches up to this many, then says "1,000+"
FILTERS = (
    ({"framework": "PyTorch"}, lambda facts: "PyTorch" in facts.frameworks),
    ({"framework": "scikit-learn"}, lambda facts: "scikit-learn" in facts.frameworks),
)


def list_pages(world: World, count: int, page_size: int) -> list[Operation]:
    """GET / with a framework filter, sorted by name: the rows and the total are checked."""
    operations = []
    for position in range(count):
        params, keep = FILTERS[position % len(FILTERS)]
        expected = world.matching(("web", tuple(params.items())), keep)
        shown = f"{COUNT_LIMIT:,}+" if len(expected) > COUNT_LIMIT else str(len(expected))
        operations.append(_list_page(params, expected[:page_size], shown))
    return operations


def _list_page(params: dict, expected: list[str], total: str) -> Operation:
    path = "/" + query(**params, sort="name")

    def operation(client: Client) -> None:
        answer = client.call("GET", path, headers={"Accept": "text/html"})
        page = answer.text()
        names = [html.unescape(name) for name in ROW_NAME.findall(page)]
        expect_equal(f"rows of {path}", names, expected)
        shown = COUNT.search(page)
        if shown is None:
            raise CheckFailed(f"{path}: no model count on the page")
        expect_equal(f"count on {path}", shown.group(1), total)

    return operation
