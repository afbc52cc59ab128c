"""What raw HTML a Markdown text may carry: a few text-level tags, rebuilt and balanced.

The sanitizer's HTML parser (html5ever, inside nh3) spends time proportional to the depth of
open elements on each misnested or unclosed tag, so raw HTML written to be deep or misnested
(``<b title=1><b title=2>…<p>x<p>x…``, ``<dl><dd>`` × n) costs quadratic time. Markdown already
writes every block (lists, tables, quotes), so raw HTML blocks are off (see ``markdown.py``), and
raw inline tags reach the sanitizer only from the list below, with their allowed attributes only,
at most ``MAX_RAW_DEPTH`` deep, and closed before the paragraph ends. Everything else is dropped
as nh3 would drop it: the tag goes, its text stays, except for scripts and styles.
"""

import re
from dataclasses import dataclass

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

RAW_ATTRIBUTES = {
    "a": ("href", "title"), "abbr": ("title",), "b": (), "br": (), "code": (), "del": (),
    "em": (), "i": (), "s": (), "strong": (), "sub": (), "sup": (),
}  # fmt: skip
VOID_TAGS = {"br"}
DROPPED_WITH_CONTENT = {"script", "style"}  # as nh3's clean_content_tags
MAX_RAW_DEPTH = 8

TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
ATTRIBUTE_RE = re.compile(
    r"""([A-Za-z_:][A-Za-z0-9_.:-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)


@dataclass(frozen=True)
class RawTag:
    name: str
    closing: bool
    attributes: dict[str, str]

    def opening_html(self) -> str:
        kept = [
            f' {name}="{self.attributes[name].replace(chr(34), "&quot;")}"'
            for name in RAW_ATTRIBUTES[self.name]
            if name in self.attributes
        ]
        return f"<{self.name}{''.join(kept)}>"


def parse_raw_tag(content: str) -> RawTag | None:
    """The tag of an ``html_inline`` token (one well-formed tag); None for comments and the like."""
    match = TAG_RE.match(content)
    if match is None:
        return None
    attributes = {}
    for name, double, single, bare in ATTRIBUTE_RE.findall(content, match.end()):
        attributes.setdefault(name.lower(), double or single or bare)
    return RawTag(match.group(2).lower(), bool(match.group(1)), attributes)


def _html(content: str) -> Token:
    return Token("html_inline", "", 0, content=content)


def _balanced(children: list[Token]) -> list[Token]:
    kept: list[Token] = []
    open_tags: list[str] = []
    dropping_until = ""
    for child in children:
        tag = parse_raw_tag(child.content) if child.type == "html_inline" else None
        if dropping_until:
            if tag and tag.closing and tag.name == dropping_until:
                dropping_until = ""
        elif child.type != "html_inline":
            kept.append(child)
        elif tag is None or (tag.name not in RAW_ATTRIBUTES):
            if tag and not tag.closing and tag.name in DROPPED_WITH_CONTENT:
                dropping_until = tag.name
        elif tag.name in VOID_TAGS:
            kept.append(_html(f"<{tag.name}>"))
        elif not tag.closing and len(open_tags) < MAX_RAW_DEPTH:
            open_tags.append(tag.name)
            kept.append(_html(tag.opening_html()))
        elif tag.closing and tag.name in open_tags:
            while open_tags:
                name = open_tags.pop()
                kept.append(_html(f"</{name}>"))
                if name == tag.name:
                    break
    kept.extend(_html(f"</{name}>") for name in reversed(open_tags))
    return kept


def raw_html_policy(state: StateCore) -> None:
    """markdown-it core rule: apply the policy above to every paragraph, heading and cell."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "inline" and token.children:
            if any(child.type == "html_inline" for child in token.children):
                token.children = _balanced(token.children)
            if not token.children and tokens[index - 1].type == "paragraph_open":
                tokens[index - 1].hidden = tokens[index + 1].hidden = True  # no empty <p></p>
