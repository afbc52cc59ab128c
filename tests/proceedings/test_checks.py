import io
from types import SimpleNamespace

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from proceedings import checks
from proceedings.checks import check_camera_ready, page_list, problem_kind
from tests.factories.pdfs import (
    corrupt_pdf,
    encrypted_pdf,
    make_pdf,
    unembedded_font_pdf,
)


def paper_type(min_pages=4, max_pages=8, excluding_references=True):
    return SimpleNamespace(
        name="Paper",
        min_pages=min_pages,
        max_pages=max_pages,
        page_limit_excludes_references=excluding_references,
        page_limit_note="",
        page_range=f"{min_pages}–{max_pages} pages",
    )


def check(data, *, paper_size="letter", session_type=None):
    return check_camera_ready(
        data, session_type=session_type or paper_type(), paper_size=paper_size
    )


def test_a_good_letter_paper_passes():
    result = check(make_pdf(8))

    assert (result.pages_total, result.pages_counted, result.problems) == (8, 8, [])
    assert result.passed


def test_a_file_object_is_read_like_bytes():
    result = check(io.BytesIO(make_pdf(6)))

    assert (result.pages_total, result.problems) == (6, [])


def test_references_are_not_counted_when_the_type_says_so():
    data = make_pdf(10, references_on=9)

    excluded = check(data)
    counted = check(data, session_type=paper_type(excluding_references=False))

    assert (excluded.pages_total, excluded.pages_counted, excluded.problems) == (10, 8, [])
    assert counted.pages_counted == 10
    assert counted.problems == [
        "Your PDF has 10 pages; papers must have 4–8 pages.",
    ]
    assert problem_kind(counted.problems[0]) == checks.PAGES


def test_too_long_without_a_references_heading_says_so():
    result = check(make_pdf(9))

    assert result.problems == [
        "Your PDF has 9 pages (no “References” or “Bibliography” heading found, so all count); "
        "papers must have 4–8 pages (references not counted)."
    ]


def test_too_short():
    result = check(make_pdf(2))

    assert result.pages_counted == 2
    assert "papers must have 4–8 pages" in result.problems[0]


def test_a4_paper_for_a_letter_event_names_the_size():
    result = check(make_pdf(8, size="a4"))

    assert result.problems == [
        "Every page is A4 (210 × 297 mm); the proceedings are printed on US Letter (8.5 × 11 in). "
        "Set the page size to US Letter and export the PDF again."
    ]
    assert problem_kind(result.problems[0]) == checks.SIZE


def test_letter_paper_for_an_a4_event():
    result = check(make_pdf(8, size="letter"), paper_size="a4")

    assert result.problems == [
        "Every page is US Letter (216 × 279 mm); the proceedings are printed on A4 "
        "(210 × 297 mm). Set the page size to A4 and export the PDF again."
    ]


def test_a4_rounded_to_whole_points_is_a4():
    assert check(make_pdf(8, size=(595, 842)), paper_size="a4").problems == []


def test_wrong_pages_are_named_with_their_sizes():
    data = make_pdf(8, page_sizes={2: "a4", 3: "a4", 5: "a4", 6: "a4", 7: (500, 700)})

    result = check(data)

    assert result.problems == [
        "Pages 2, 3, 5 and 6 are A4 (210 × 297 mm); the proceedings are printed on US Letter "
        "(8.5 × 11 in). Set the page size to US Letter and export the PDF again.",
        "Page 7 is 500 × 700 pt (176 × 247 mm); the proceedings are printed on US Letter "
        "(8.5 × 11 in). Set the page size to US Letter and export the PDF again.",
    ]


def test_a_landscape_page_is_named_landscape_but_a_rotated_one_passes():
    pdf = pikepdf.open(io.BytesIO(make_pdf(6)))
    pdf.pages[1].obj.MediaBox = Array([0, 0, 792, 612])
    pdf.pages[2].obj.MediaBox = Array([0, 0, 792, 612])
    pdf.pages[2].obj.Rotate = 90
    out = io.BytesIO()
    pdf.save(out)

    result = check(out.getvalue())

    assert len(result.problems) == 1
    assert result.problems[0].startswith("Page 2 is US Letter, landscape (279 × 216 mm);")


def test_a_crop_box_smaller_than_the_paper_is_a_problem():
    pdf = pikepdf.open(io.BytesIO(make_pdf(4)))
    pdf.pages[0].obj.CropBox = Array([36, 36, 576, 756])
    out = io.BytesIO()
    pdf.save(out)

    result = check(out.getvalue())

    assert result.problems[0].startswith(
        "Page 1’s visible area (CropBox) is 540 × 720 pt (190 × 254 mm);"
    )


def test_unembedded_fonts_are_named():
    result = check(unembedded_font_pdf(8))

    assert result.problems == [
        "A font is not embedded: Helvetica (used on every page). Export the PDF again with all "
        "fonts embedded (in Word: “Embed fonts in the file”; with LaTeX: pdflatex, or ps2pdf "
        "-dPDFSETTINGS=/prepress -dEmbedAllFonts=true)."
    ]
    assert problem_kind(result.problems[0]) == checks.FONTS


def _with_extra_font(font_factory, *, in_form=False, pages=5, on_page=3) -> bytes:
    """A good paper whose page ``on_page`` also uses the font made by ``font_factory(pdf)``,
    directly or inside a drawing (form XObject) nested in another drawing."""
    pdf = pikepdf.open(io.BytesIO(make_pdf(pages)))
    font = font_factory(pdf)
    page = pdf.pages[on_page - 1].obj
    resources = Dictionary(Font=Dictionary(F1=page.Resources.Font.F1, F9=font))
    if not in_form:
        page.Resources = resources
    else:
        form = {"Type": Name.XObject, "Subtype": Name.Form, "BBox": [0, 0, 10, 10]}
        inner = pdf.make_stream(b"BT /F9 9 Tf (x) Tj ET", Resources=resources, **form)
        outer = pdf.make_stream(
            b"/Inner Do", Resources=Dictionary(XObject=Dictionary(Inner=inner)), **form
        )
        page.Resources = Dictionary(Font=page.Resources.Font, XObject=Dictionary(Outer=outer))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _type0_without_file(pdf):
    descendant = Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/XYZABC+NotoSansCJK"),
        FontDescriptor=Dictionary(Type=Name.FontDescriptor, FontName=Name("/NotoSansCJK"),
                                  Flags=4),
    )  # fmt: skip
    return Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/XYZABC+NotoSansCJK-Identity-H"),
        Encoding=Name("/Identity-H"), DescendantFonts=Array([descendant]),
    )  # fmt: skip


def _type3(pdf):
    return Dictionary(
        Type=Name.Font, Subtype=Name.Type3, FontBBox=[0, 0, 1, 1],
        FontMatrix=[0.001, 0, 0, 0.001, 0, 0], CharProcs=Dictionary(), Encoding=Dictionary(),
        FirstChar=32, LastChar=32, Widths=[0],
    )  # fmt: skip


def _times(pdf):
    return Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name("/Times-Roman"))


def test_a_type0_font_without_a_program_in_its_descendant_is_named():
    result = check(_with_extra_font(_type0_without_file))

    assert result.problems[0].startswith("A font is not embedded: NotoSansCJK (used on page 3).")


def test_fonts_inside_nested_drawings_are_checked():
    result = check(_with_extra_font(_times, in_form=True))

    assert result.problems[0].startswith("A font is not embedded: Times-Roman (used on page 3).")


def test_type3_fonts_count_as_embedded():
    assert check(_with_extra_font(_type3, in_form=True)).problems == []


def test_several_missing_fonts_are_listed_together():
    pdf = pikepdf.open(io.BytesIO(unembedded_font_pdf(4)))
    pdf.pages[1].obj.Resources.Font.F2 = _times(pdf)
    out = io.BytesIO()
    pdf.save(out)

    result = check(out.getvalue())

    assert result.problems[0].startswith(
        "2 fonts are not embedded: Helvetica and Times-Roman (used on every page)."
    )


def test_drawings_nested_too_deeply_are_not_followed_forever():
    pdf = pikepdf.open(io.BytesIO(make_pdf(4)))
    form = pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 1, 1])
    form.Resources = Dictionary(XObject=Dictionary(Self=form))  # draws itself
    pdf.pages[0].obj.Resources.XObject = Dictionary(Loop=form)
    out = io.BytesIO()
    pdf.save(out)

    assert check(out.getvalue()).problems == []


def test_a_pdf_too_complex_to_check_says_so(monkeypatch):
    monkeypatch.setattr(checks, "MAX_OBJECTS", 5)

    result = check(make_pdf(8))

    assert result.problems[0].startswith("The PDF is too complex to check in reasonable time")


@pytest.mark.parametrize("aes", [False, True])
def test_an_encrypted_pdf_is_refused_clearly(aes):
    result = check(encrypted_pdf(aes=aes))

    assert result.pages_total is None
    assert result.problems == [
        "The PDF is encrypted (it has a password or security restrictions), so it cannot be "
        "checked or included. Save it again without a password or restrictions and upload it."
    ]
    assert problem_kind(result.problems[0]) == checks.FILE


def test_an_owner_password_alone_is_refused_too():
    assert "encrypted" in check(encrypted_pdf(user_password="")).problems[0]


def test_a_corrupt_pdf_says_it_is_damaged():
    result = check(corrupt_pdf())

    assert result.problems == [
        "The PDF is damaged and cannot be read. Export it again from your editor and upload "
        "the new PDF."
    ]


def test_not_a_pdf_and_too_large(monkeypatch):
    assert check(b"GIF89a...").problems[0].startswith("The file is not a PDF.")
    monkeypatch.setattr(checks, "MAX_BYTES", 1000)
    assert check(make_pdf(8)).problems[0].startswith("The PDF is 0.0 MB; the limit is 0 MB.")


def test_too_many_pages_are_not_checked(monkeypatch):
    monkeypatch.setattr(checks, "MAX_PAGES", 5)

    result = check(make_pdf(8))

    assert result.problems == [
        "The PDF has 8 pages; at most 5 can be checked. Upload the paper alone."
    ]


@pytest.mark.parametrize(
    ("numbers", "text"),
    [([3], "Page 3"), ([1, 2], "Pages 1 and 2"), ([1, 2, 3, 4, 7], "Pages 1–4 and 7"),
     ([2, 5, 9, 10, 11, 12], "Pages 2, 5 and 9–12")],
)  # fmt: skip
def test_page_lists_read_naturally(numbers, text):
    assert page_list(numbers) == text


def test_the_factory_embeds_a_real_font_and_helvetica_is_bare():
    with_font, without = (pikepdf.open(io.BytesIO(make_pdf(1))),
                          pikepdf.open(io.BytesIO(unembedded_font_pdf(1))))  # fmt: skip
    embedded, bare = with_font.pages[0].Resources.Font.F1, without.pages[0].Resources.Font.F1

    assert len(embedded.FontDescriptor.FontFile2.read_bytes()) > 5000
    assert "/FontDescriptor" not in bare


def test_without_a_session_type_only_the_page_limits_are_skipped():
    result = check_camera_ready(make_pdf(30, size="a4"), session_type=None, paper_size="letter")

    assert (result.pages_total, result.pages_counted) == (30, 30)
    assert [problem_kind(problem) for problem in result.problems] == [checks.SIZE]
