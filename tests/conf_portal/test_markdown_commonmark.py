"""What the CommonMark renderer keeps of our Markdown: tables, strikethrough, definition lists,
and raw inline HTML for a few text-level tags, balanced and bounded (conf_portal/markdown_html)."""

import pytest

from conf_portal.markdown import render_markdown
from conf_portal.markdown_html import MAX_RAW_DEPTH

LINK_REL = 'rel="noopener noreferrer nofollow"'


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("H<sub>2</sub>O and x<sup>2</sup>", "<p>H<sub>2</sub>O and x<sup>2</sup></p>"),
        (
            '<abbr title="High Performance Computing">HPC</abbr>',
            '<p><abbr title="High Performance Computing">HPC</abbr></p>',
        ),
        ("~~gone~~", "<p><s>gone</s></p>"),
        ("line<br/>break", "<p>line<br>break</p>"),
        ("Term\n: Its definition.", "<dl>\n<dt>Term</dt>\n<dd>Its definition.</dd>\n</dl>"),
        (
            "- a\n  - nested with two spaces",
            "<ul>\n<li>a\n<ul>\n<li>nested with two spaces</li>\n</ul>\n</li>\n</ul>",
        ),
    ],
)
def test_render_markdown_keeps_what_authors_write(source, expected):
    assert render_markdown(source) == expected


def test_render_markdown_table_alignment_becomes_the_align_attribute():
    html = render_markdown("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |")

    assert '<td align="left">1</td>\n<td align="center">2</td>\n<td align="right">3</td>' in html
    assert "style" not in html


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('<b class="x" onclick="steal()">bold</b>', "<p><b>bold</b></p>"),
        (
            '<a href="https://e.org" style="color:red" onclick="x()">x</a>',
            f'<p><a href="https://e.org" {LINK_REL}>x</a></p>',
        ),
        ("<a href='say \"hi\"'>q</a>", f'<p><a href="say &quot;hi&quot;" {LINK_REL}>q</a></p>'),
        ("<b>open <i>misnested</b> text</i>", "<p><b>open <i>misnested</i></b> text</p>"),
        ("<b>never closed\n\nnext paragraph", "<p><b>never closed</b></p>\n<p>next paragraph</p>"),
        ("</b>stray closer", "<p>stray closer</p>"),
        ("<!-- a comment --> visible", "<p> visible</p>"),
        ("<div>a raw block</div>", "<p>a raw block</p>"),
        ("<script>\nsteal()\n</script>\n\nafter", "<p>after</p>"),
        ("before <style>p { display: none }</style> after", "<p>before  after</p>"),
    ],
)
def test_render_markdown_raw_html_is_rebuilt_balanced_and_allow_listed(source, expected):
    assert render_markdown(source) == expected


def test_render_markdown_raw_tags_nest_only_so_deep():
    html = render_markdown("<b>" * 50 + "deep")

    assert html == "<p>" + "<b>" * MAX_RAW_DEPTH + "deep" + "</b>" * MAX_RAW_DEPTH + "</p>"


def test_render_markdown_markdown_inside_raw_tags_still_works():
    html = render_markdown("<sup>**[1](https://e.org)**</sup>")

    assert html == f'<p><sup><strong><a href="https://e.org" {LINK_REL}>1</a></strong></sup></p>'
