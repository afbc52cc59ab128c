"""The CSP allows scripts from our static files only: no template may carry inline script."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I
)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S)
HTMX_EVAL = re.compile(r"\bhx-on|\bhx-vars|hx-vals=['\"]\s*(js|javascript):", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize(
    "pattern", [INLINE_SCRIPT, HANDLER, HTMX_EVAL, JS_URL], ids=["script", "on", "htmx", "url"]
)
def test_no_template_has_inline_script(pattern):
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)[:80]}"
        for path in _templates()
        for match in pattern.finditer(path.read_text())
    ]

    assert found == []


def test_the_csp_allows_no_inline_or_eval_scripts():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]

    assert directives["script-src"] == ["'self'"]
    assert "script-src-attr" not in directives
    assert "script-src-elem" not in directives
    assert directives["object-src"] == ["'none'"]
