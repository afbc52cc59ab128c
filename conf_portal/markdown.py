"""The one place where user-written Markdown becomes HTML: rendered by markdown-it-py (CommonMark,
linear time in the input), sanitized by nh3, and cached by content hash so a page view does not
render again. ``benchmarks/markdown_worst_cases.py`` measures the worst inputs we know."""

import hashlib
import importlib

import nh3
from django.core.cache import cache
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.deflist import deflist_plugin

from .markdown_html import raw_html_policy

# Bump when the same source renders differently (engine options, allow-lists), so that cached
# HTML from the old renderer is not served.
RENDERER_VERSION = 2
CACHE_TIMEOUT = 60 * 60 * 24 * 30

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "dd", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _align_attribute(state: StateCore) -> None:
    """Table cells say ``align="right"`` rather than a ``style`` that the sanitizer drops."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open"):
            style = str(token.attrs.pop("style", ""))
            if style.startswith("text-align:"):
                token.attrs["align"] = style.removeprefix("text-align:")


def _make_engine() -> MarkdownIt:
    # Raw inline HTML is kept for <sub>, <sup>, <abbr> and the like, within bounds (markdown_html).
    engine = MarkdownIt("commonmark", {"html": True}).disable("html_block")
    engine.enable(["table", "strikethrough"]).use(deflist_plugin)
    engine.core.ruler.push("table_align", _align_attribute)
    engine.core.ruler.push("raw_html_policy", raw_html_policy)
    return engine


# markdown-it fills in the cells a table row leaves out, up to this many per table: 65,536 by
# default, which 6 KB of input reach (a 200-column header over bare lines) at 1.5 s and 670 KB
# of HTML. Real tables leave out a few cells; the library offers no option, only this constant.
# (``markdown_it.rules_block.table`` the attribute is the rule function, hence import_module.)
importlib.import_module("markdown_it.rules_block.table").MAX_AUTOCOMPLETED_CELLS = 2_000

_ENGINE = _make_engine()  # parsing keeps its state per call, so threads can share it


def _render(source: str) -> str:
    html = _ENGINE.render(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def cache_key(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
    return f"markdown:{RENDERER_VERSION}:{digest}"


def render_markdown(source: str | None, *, cached: bool = True) -> str:
    """Render Markdown to HTML that is safe to put in a page: no scripts, styles or handlers.

    Stored texts are rendered once and then read from the cache; ``cached=False`` is for
    one-off texts such as previews, which would only fill the cache."""
    if not source:
        return ""
    if not cached:
        return _render(source)
    key = cache_key(source)
    html = cache.get(key)
    if html is None:
        html = _render(source)
        cache.set(key, html, CACHE_TIMEOUT)
    return html
