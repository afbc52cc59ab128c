import pytest
from django import forms
from django.template import Context, Template
from django.utils.safestring import SafeString

from conf_portal.markdown import render_markdown
from conf_portal.templatetags.form_fields import bootstrap_widget

LINK_REL = 'rel="noopener noreferrer nofollow"'


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("*em* and **strong**", "<p><em>em</em> and <strong>strong</strong></p>"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("1. a\n2. b", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>"),
        ("use `x<y`", "<p>use <code>x&lt;y</code></p>"),
        ("```\nprint(1)\n```", "<pre><code>print(1)\n</code></pre>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
    ],
)
def test_render_markdown_basic_formatting(source, expected):
    html = render_markdown(source)

    assert html == expected


def test_render_markdown_link_keeps_href_and_gets_safe_rel():
    html = render_markdown('[SciPy](https://scipy.org "Home")')

    assert html == f'<p><a href="https://scipy.org" title="Home" {LINK_REL}>SciPy</a></p>'


def test_render_markdown_mailto_link_is_kept():
    html = render_markdown("[write](mailto:chair@example.org)")

    assert 'href="mailto:chair@example.org"' in html


def test_render_markdown_table():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")

    assert html.startswith("<table>\n<thead>\n<tr>\n<th>a</th>")
    assert "<td>1</td>\n<td>2</td>" in html


def test_render_markdown_table_keeps_column_alignment():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |")

    assert '<td align="right">2</td>' in html


@pytest.mark.parametrize("source", [None, ""])
def test_render_markdown_empty_gives_empty_string(source):
    assert render_markdown(source) == ""


def test_render_markdown_script_is_removed_with_its_content():
    html = render_markdown("hi <script>alert('x')</script> there\n\n<script>\nsteal()\n</script>")

    assert "<script" not in html
    assert "alert" not in html
    assert "steal" not in html


@pytest.mark.parametrize(
    "source",
    [
        '<p onclick="steal()">click</p>',
        '<a href="https://example.org" onclick="steal()">x</a>',
        '<b onmouseover="steal()">x</b>',
    ],
)
def test_render_markdown_event_handlers_are_stripped(source):
    html = render_markdown(source)

    assert "steal" not in html
    assert " on" not in html


def test_render_markdown_attribute_lists_stay_plain_text():
    html = render_markdown('*x*{: onclick="steal()" }')

    assert html.startswith("<p><em>x</em>{: onclick=")
    assert "<em onclick" not in html


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    ],
)
def test_render_markdown_dangerous_link_loses_href(source):
    html = render_markdown(source)

    # CommonMark leaves such a Markdown link as text; nh3 strips the href of a raw one.
    assert html in (f"<p><a {LINK_REL}>x</a></p>", f"<p>{source}</p>")
    assert "href" not in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ("<style>body { display: none }</style>", "display"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("![pixel](data:image/png;base64,iVBORw0KGgo=)", "data:"),
        ('<object data="evil.swf"></object>', "<object"),
        ('<form action="https://evil.example"><input name="pw"></form>', "<input"),
    ],
)
def test_render_markdown_raw_html_is_removed(source, forbidden):
    html = render_markdown(source)

    assert forbidden not in html


def test_markdown_filter_returns_safe_sanitized_html():
    template = Template("{{ text|markdown }}")

    html = template.render(Context({"text": "**bold** <script>alert(1)</script>"}))

    assert html == "<p><strong>bold</strong> </p>"


def test_markdown_filter_output_is_safe_string():
    result = Template("{{ text|markdown }}").render(Context({"text": "*x*"}))

    assert isinstance(result, SafeString)
    assert result == "<p><em>x</em></p>"


class _SampleForm(forms.Form):
    title = forms.CharField(help_text="A short title.")
    track = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    agree = forms.BooleanField()


def test_bootstrap_widget_invalid_field_gets_error_attributes():
    form = _SampleForm(data={})
    form.is_valid()

    html = bootstrap_widget(form["title"])

    assert 'class="form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_title-errors id_title-help"' in html


def test_bootstrap_widget_valid_field_has_no_error_attributes():
    form = _SampleForm(data={"title": "Hello", "track": "a", "agree": "on"})
    form.is_valid()

    html = bootstrap_widget(form["title"])

    assert 'class="form-control"' in html
    assert "aria-invalid" not in html
    assert 'aria-describedby="id_title-help"' in html


def test_bootstrap_widget_select_gets_form_select():
    form = _SampleForm(data={"track": "nope"})
    form.is_valid()

    html = bootstrap_widget(form["track"])

    assert html.startswith('<select name="track" class="form-select is-invalid"')
    assert 'aria-describedby="id_track-errors"' in html


def test_bootstrap_widget_checkbox_gets_form_check_input():
    form = _SampleForm()

    html = bootstrap_widget(form["agree"])

    assert 'class="form-check-input"' in html
    assert "aria-invalid" not in html
