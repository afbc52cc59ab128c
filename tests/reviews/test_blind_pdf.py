"""Names hidden deeper than the document information: figures embedded by LaTeX keep their
source file's path and /Author, and XObjects may carry their own XMP."""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from reviews.blind import strip_pdf_metadata


def _pdf_with_a_latex_figure() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    figure = StreamObject()
    figure.set_data(b"")
    figure.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([NumberObject(0)] * 4),
        NameObject("/PTEX.FileName"): TextStringObject("/home/zquirk/quirk-lab/figs/plot.pdf"),
        NameObject("/PTEX.InfoDict"): writer._add_object(
            DictionaryObject({NameObject("/Author"): TextStringObject("Zenobia Quirk")})
        ),
    })  # fmt: skip
    xmp = StreamObject()
    xmp.set_data(b"<x:xmpmeta><dc:creator>Zenobia Quirk</dc:creator></x:xmpmeta>")
    figure[NameObject("/Metadata")] = writer._add_object(xmp)
    writer.pages[0][NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Fm0"): writer._add_object(figure)})}
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_latex_figure_paths_authors_and_xmp_are_removed():
    original = _pdf_with_a_latex_figure()
    assert b"Zenobia" in original

    stripped = strip_pdf_metadata(original)

    assert (b"Zenobia" in stripped, b"zquirk" in stripped) == (False, False)
    page = PdfReader(io.BytesIO(stripped)).pages[0]
    assert list(page["/Resources"]["/XObject"]) == ["/Fm0"]  # the figure itself stays
