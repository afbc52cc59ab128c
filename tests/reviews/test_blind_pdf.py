"""Names hidden deeper than the document information: figures embedded by LaTeX keep their
source file's path and /Author, XObjects may carry their own XMP, and annotations, attached
files, form fields and scripts carry names of their own."""

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
from tests.factories.files import pdf_texts, pdf_with_annotations_naming


def _empty_figure(entries: dict) -> StreamObject:
    """A form XObject (a figure) that draws nothing and carries ``entries``."""
    figure = StreamObject()
    figure.set_data(b"")
    figure.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([NumberObject(0)] * 4),
        **entries,
    })  # fmt: skip
    return figure


def _written_with_xobject(writer: PdfWriter, name: str, xobject: StreamObject) -> bytes:
    """The PDF of ``writer`` whose first page has ``xobject`` (a figure) in its resources."""
    writer.pages[0][NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject(name): writer._add_object(xobject)})}
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_with_a_latex_figure() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    figure = _empty_figure({
        NameObject("/PTEX.FileName"): TextStringObject("/home/zquirk/quirk-lab/figs/plot.pdf"),
        NameObject("/PTEX.InfoDict"): writer._add_object(
            DictionaryObject({NameObject("/Author"): TextStringObject("Zenobia Quirk")})
        ),
    })  # fmt: skip
    xmp = StreamObject()
    xmp.set_data(b"<x:xmpmeta><dc:creator>Zenobia Quirk</dc:creator></x:xmpmeta>")
    figure[NameObject("/Metadata")] = writer._add_object(xmp)
    return _written_with_xobject(writer, "/Fm0", figure)


def test_latex_figure_paths_authors_and_xmp_are_removed():
    original = _pdf_with_a_latex_figure()
    assert b"Zenobia" in original

    stripped = strip_pdf_metadata(original)

    assert (b"Zenobia" in stripped, b"zquirk" in stripped) == (False, False)
    page = PdfReader(io.BytesIO(stripped)).pages[0]
    assert list(page["/Resources"]["/XObject"]) == ["/Fm0"]  # the figure itself stays


NAME, EMAIL = "Zenobia Quirk", "zq@quirk-lab.example"


def _leaks(data: bytes) -> list[str]:
    """The objects (streams decompressed) that still name the author, and the raw bytes."""
    texts = [data.decode("latin-1"), *pdf_texts(data)]
    return [text[:120] for text in texts if any(s in text for s in (NAME, "Quirk", EMAIL))]


def test_annotations_attachments_forms_and_scripts_lose_every_name():
    original = pdf_with_annotations_naming(NAME, EMAIL)
    assert len(_leaks(original)) > 10

    stripped = strip_pdf_metadata(original)

    assert _leaks(stripped) == []
    reader = PdfReader(io.BytesIO(stripped))
    catalog = reader.trailer["/Root"]
    assert [key for key in ("/AcroForm", "/Names", "/OpenAction", "/AF", "/Metadata")
            if key in catalog] == []  # fmt: skip
    assert ("/AA" in reader.pages[0], "/PieceInfo" in reader.pages[1]) == (False, False)


def test_only_plain_links_stay_with_their_targets():
    stripped = PdfReader(io.BytesIO(strip_pdf_metadata(pdf_with_annotations_naming(NAME, EMAIL))))

    links = [annotation.get_object() for annotation in stripped.pages[0]["/Annots"]]

    assert [link["/Subtype"] for link in links] == ["/Link"] * 3
    assert [sorted(set(link) - {"/Type", "/Subtype", "/Rect", "/Border"}) for link in links] == [
        ["/A"], ["/Dest"], ["/Dest"],
    ]  # fmt: skip
    external, explicit, named = links
    assert dict(external["/A"]) == {"/S": "/URI", "/URI": "https://example.org/dataset"}
    pages = [page.indirect_reference for page in stripped.pages]
    assert (explicit["/Dest"][0], explicit["/Dest"][1]) == (pages[2], "/Fit")
    assert (named["/Dest"][0], named["/Dest"][1:]) == (pages[1], ["/XYZ", 72, 700, 0])


def test_links_to_other_pages_copy_no_page_twice():
    original = pdf_with_annotations_naming(NAME, EMAIL)

    reader = PdfReader(io.BytesIO(strip_pdf_metadata(original)))

    page_objects = [
        number for number in range(1, int(reader.trailer["/Size"]))
        if getattr(reader.get_object(number), "get", lambda key: None)("/Type") == "/Page"
    ]  # fmt: skip
    assert len(page_objects) == 3


def _photo_with_metadata(name: str) -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = name  # Artist
    exif[0x8298] = f"© {name}"  # Copyright
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{name}</dc:creator></x:xmpmeta>'
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 60)).save(
        buffer, format="JPEG", exif=exif, comment=f"Taken by {name}", xmp=xmp.encode()
    )
    return buffer.getvalue()


def _pdf_with_a_photo(photo: bytes) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    image = StreamObject()
    image.set_data(photo)
    image.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(40), NameObject("/Height"): NumberObject(30),
        NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
        NameObject("/BitsPerComponent"): NumberObject(8),
        NameObject("/Filter"): NameObject("/DCTDecode"),
    })  # fmt: skip
    return _written_with_xobject(writer, "/Im0", image)


def test_a_photo_figure_loses_its_exif_xmp_and_comment_but_not_its_pixels():
    from PIL import Image

    photo = _photo_with_metadata(NAME)
    original = _pdf_with_a_photo(photo)
    assert original.count(NAME.encode()) >= 3

    stripped = strip_pdf_metadata(original)

    assert _leaks(stripped) == []
    image = PdfReader(io.BytesIO(stripped)).pages[0]["/Resources"]["/XObject"]["/Im0"]
    kept = Image.open(io.BytesIO(image._data))
    assert kept.tobytes() == Image.open(io.BytesIO(photo)).tobytes()


def _pdf_with_files_associated_with_a_page_and_a_figure() -> bytes:
    """PDF 2.0 'associated files' (/AF), as PDF/A-3 tools and LaTeX's embedfile write them: on
    the page and on a figure, each a file specification with a description and an embedded
    file naming the author."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)

    def associated_file(label: str):
        embedded = StreamObject()
        embedded.set_data(f"notes by {NAME} <{EMAIL}>".encode())
        embedded[NameObject("/Type")] = NameObject("/EmbeddedFile")
        spec = DictionaryObject({
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject(f"{label}-zquirk.txt"),
            NameObject("/Desc"): TextStringObject(f"{label} by {NAME}"),
            NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(embedded)}),
        })  # fmt: skip
        return ArrayObject([writer._add_object(spec)])

    figure = _empty_figure({NameObject("/AF"): associated_file("figure")})
    writer.pages[0][NameObject("/AF")] = associated_file("page")
    return _written_with_xobject(writer, "/Fm0", figure)


def test_files_associated_with_a_page_or_a_figure_are_removed():
    original = _pdf_with_files_associated_with_a_page_and_a_figure()
    assert _leaks(original)

    stripped = strip_pdf_metadata(original)

    assert _leaks(stripped) == []
    page = PdfReader(io.BytesIO(stripped)).pages[0]
    assert list(page["/Resources"]["/XObject"]) == ["/Fm0"]  # the figure itself stays
