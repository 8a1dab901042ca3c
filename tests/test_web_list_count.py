"""The list's count: exact when unfiltered; a filter's matches counted up to a limit ("1,000+")."""

import pytest
from web_support import make_model, page_of

from registry.web import views_list


@pytest.fixture
def seeded(app_context, monkeypatch):
    """Five PyTorch models and one JAX model, with a count limit of 3."""
    monkeypatch.setattr(views_list, "COUNT_LIMIT", 3)
    for index in range(5):
        make_model(f"torch-{index}", "PyTorch")
    make_model("jax-0", "JAX")


def count_text(response) -> str:
    """The list's count line, without the clear-filters link."""
    assert response.status_code == 200
    (count,) = page_of(response).all("p", data_testid="count")
    return " ".join(count["text"].split())


def test_an_unfiltered_list_counts_every_model(client, seeded):
    assert count_text(client.get("/")) == "6 models"


def test_a_filter_with_more_matches_than_the_limit_says_so(client, seeded):
    assert count_text(client.get("/?framework=PyTorch")).startswith("3+ models match")


def test_a_filter_within_the_limit_is_counted_exactly(client, seeded):
    assert count_text(client.get("/?framework=JAX")).startswith("1 model matches")
    assert count_text(client.get("/?q=torch-1")).startswith("1 model matches")
