import pytest

from conf_portal.redirects import safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/scipy/manage/ranking/?sort=mean", "/scipy/manage/ranking/?sort=mean"),
        ("https://evil.example.com/", "/home/"),
        ("//evil.example.com/", "/home/"),
        ("", "/home/"),
    ],
)
def test_safe_next_stays_on_this_site(rf, target, expected):
    request = rf.post("/somewhere/", {"next": target})

    assert safe_next(request, "/home/") == expected


def test_safe_next_reads_the_query_string_too(rf):
    request = rf.get("/somewhere/", {"next": "/my/proposals/"})

    assert safe_next(request, "/home/") == "/my/proposals/"
