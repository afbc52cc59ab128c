"""The one place where user-written Markdown becomes HTML: rendered, then sanitized by nh3."""

import threading

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "dd", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


_local = threading.local()


def _engine() -> markdown_lib.Markdown:
    # A Markdown instance keeps state between conversions, so each thread gets its own.
    if not hasattr(_local, "engine"):
        _local.engine = markdown_lib.Markdown(
            extensions=["abbr", "def_list", "fenced_code", "sane_lists", "tables"],
            extension_configs={"tables": {"use_align_attribute": True}},
        )
    return _local.engine


def render_markdown(source: str | None) -> str:
    """Render Markdown to HTML that is safe to put in a page: no scripts, styles or handlers."""
    if not source:
        return ""
    engine = _engine()
    engine.reset()
    html = engine.convert(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
