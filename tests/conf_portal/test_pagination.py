from django.core.paginator import Paginator
from django.template.loader import render_to_string


def test_pagination_keeps_the_filters_and_names_the_page():
    page = Paginator(list(range(120)), 50).get_page(2)

    html = render_to_string(
        "includes/pagination.html", {"page_obj": page, "filter_query": "track=3&q=gpu"}
    )

    assert 'href="?track=3&amp;q=gpu&page=1"' in html
    assert 'href="?track=3&amp;q=gpu&page=3"' in html
    assert "Page 2 of 3" in html


def test_pagination_without_filters():
    page = Paginator(list(range(120)), 50).get_page(1)

    html = render_to_string("includes/pagination.html", {"page_obj": page})

    assert ("Previous" in html, 'href="?page=2"' in html) == (False, True)
