import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter


def pdf_bytes(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(pages: int, name: str = "paper.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A real JPEG whose EXIF carries a camera model and a GPS position, as phone photos do."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0110] = "Pixel 9 Pro"  # Model
    exif[0x8825] = {1: "N", 2: (44.0, 5.0, 0.0), 3: "W", 4: (89.0, 24.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 53, 119)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_bytes(size=(32, 32), mode="RGBA") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, size, (200, 80, 40, 128) if mode == "RGBA" else (200, 80, 40)).save(
        buffer, format="PNG"
    )
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def large_png_bytes(width: int, height: int) -> bytes:
    """A valid black 1-bit PNG of any size, built row by row so that no image is ever held in
    memory: a 20000 × 20000 one is about 50 KB, as a decompression bomb is."""
    import struct
    import zlib

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the packed pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def deep_page_tree_pdf(depth: int = 101) -> bytes:
    """A one-page PDF whose page sits under ``depth`` nested /Pages nodes, written by hand."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number, parent = 2 + level, f" /Parent {1 + level} 0 R" if level else ""
        objects.append(f"<< /Type /Pages /Kids [{number + 1} 0 R] /Count 1{parent} >>".encode())
    objects.append(f"<< /Type /Page /Parent {1 + depth} 0 R /MediaBox [0 0 612 792] >>".encode())
    body, offsets = b"%PDF-1.7\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    xref += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{len(body)}\n"
    return body + xref + trailer.encode() + b"%%EOF\n"


def _name(value: str):
    from pypdf.generic import NameObject

    return NameObject(value)


def _text(value: str):
    from pypdf.generic import TextStringObject

    return TextStringObject(value)


def _compressed(writer, data: bytes, **entries):
    """An indirect FlateDecode stream, so that its text is not in the file's bytes."""
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update({_name(key): value for key, value in entries.items()})
    return writer._add_object(stream.flate_encode())


def _js(code: str):
    from pypdf.generic import DictionaryObject

    return DictionaryObject({_name("/S"): _name("/JavaScript"), _name("/JS"): _text(code)})


def pdf_with_annotations_naming(name: str, email: str) -> bytes:
    """A three-page PDF that names its author where LaTeX packages put them: a FileAttachment
    annotation (attachfile: file name, description, compressed embedded file), a comment
    (\\pdfannot: /T, /Subj, /Contents, a popup), a filled-in form field (/T, /V, /TU and its
    appearance), links carrying /Contents and /NM, document-level attachments with /AF, the
    JavaScript name tree, a JavaScript /OpenAction, a page's /AA and /PieceInfo, the document
    information and (compressed) XMP metadata.

    Links (each also carrying the author in /Contents) go to https://example.org/dataset, to
    page 3 explicitly and to page 2 through the named destination "sec.results"."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NumberObject

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=612, height=792)
    first, second, third = (page.indirect_reference for page in writer.pages)
    rect = ArrayObject([FloatObject(v) for v in (72, 700, 200, 720)])
    by = f"{name} <{email}>"

    def annotation(subtype: str, **entries):
        return writer._add_object(DictionaryObject({
            _name("/Type"): _name("/Annot"), _name("/Subtype"): _name(subtype),
            _name("/Rect"): rect, _name("/P"): first,
            **{_name(key): value for key, value in entries.items()},
        }))  # fmt: skip

    attached = _compressed(
        writer, f"measured by {by}\n".encode(), **{"/Type": _name("/EmbeddedFile")}
    )
    filespec = DictionaryObject({
        _name("/Type"): _name("/Filespec"), _name("/F"): _text(f"{name} raw data.csv"),
        _name("/UF"): _text(f"{name} raw data.csv"), _name("/Desc"): _text(f"Data from {by}"),
        _name("/EF"): DictionaryObject({_name("/F"): attached}),
    })  # fmt: skip
    attachment = annotation(
        "/FileAttachment", **{"/FS": writer._add_object(filespec), "/T": _text(name),
                              "/Contents": _text(f"Raw data, ask {email}")},
    )  # fmt: skip
    popup = annotation("/Popup", **{"/Open": NumberObject(0)})
    comment = annotation(
        "/Text", **{"/T": _text(name), "/Subj": _text(f"Note by {name}"),
                    "/Contents": _text(f"{name} wrote this paragraph"), "/NM": _text(email),
                    "/Popup": popup, "/RC": _text(f"<body><p>{by}</p></body>")},
    )  # fmt: skip
    popup.get_object()[_name("/Parent")] = comment
    appearance = _compressed(
        writer, f"BT /Helv 10 Tf 2 4 Td ({name}) Tj ET".encode(),
        **{"/Type": _name("/XObject"), "/Subtype": _name("/Form"),
           "/BBox": ArrayObject([NumberObject(v) for v in (0, 0, 128, 20)])},
    )  # fmt: skip
    field = annotation(
        "/Widget", **{"/FT": _name("/Tx"), "/T": _text(f"{name} name field"), "/V": _text(by),
                      "/TU": _text(f"Written by {name}"), "/DA": _text("/Helv 10 Tf 0 g"),
                      "/AP": DictionaryObject({_name("/N"): appearance})},
    )  # fmt: skip
    external = annotation(
        "/Link", **{"/A": DictionaryObject({_name("/S"): _name("/URI"),
                                            _name("/URI"): _text("https://example.org/dataset")}),
                    "/Contents": _text(f"{name}'s dataset"), "/NM": _text(email),
                    "/T": _text(name), "/Border": ArrayObject([NumberObject(0)] * 3)},
    )  # fmt: skip
    explicit = annotation(
        "/Link", **{"/Dest": ArrayObject([third, _name("/Fit")]), "/Contents": _text(by)}
    )
    named = annotation(
        "/Link", **{"/A": DictionaryObject({_name("/S"): _name("/GoTo"),
                                            _name("/D"): _text("sec.results")}),
                    "/Contents": _text(f"see {name}")},
    )  # fmt: skip
    writer.pages[0][_name("/Annots")] = ArrayObject(
        [attachment, comment, popup, field, external, explicit, named]
    )
    writer.pages[0][_name("/AA")] = DictionaryObject({_name("/O"): _js(f"app.alert('{name}')")})
    writer.pages[1][_name("/PieceInfo")] = DictionaryObject({_name("/Quirk"): DictionaryObject({
        _name("/Private"): _text(by), _name("/LastModified"): _text("D:20250101")})})  # fmt: skip
    writer._root_object[_name("/AcroForm")] = writer._add_object(DictionaryObject({
        _name("/Fields"): ArrayObject([field]), _name("/DA"): _text("/Helv 10 Tf 0 g"),
    }))  # fmt: skip
    writer._root_object[_name("/OpenAction")] = _js(f"console.println('{email}')")
    writer.add_attachment(f"{name}.bib", f"@misc{{q, author={{{name}}}}}".encode())
    script = _js(f"app.alert('Hi from {name}')")
    writer._root_object["/Names"][_name("/JavaScript")] = DictionaryObject(
        {_name("/Names"): ArrayObject([_text(f"{name} hello"), writer._add_object(script)])}
    )
    writer._root_object[_name("/AF")] = ArrayObject([writer._add_object(filespec)])
    writer.add_metadata({"/Author": name, "/Creator": f"LaTeX with hyperref ({email})"})
    writer._root_object[_name("/Metadata")] = _compressed(
        writer, f"<x:xmpmeta><dc:creator>{by}</dc:creator></x:xmpmeta>".encode(),
        **{"/Type": _name("/Metadata"), "/Subtype": _name("/XML")},
    )  # fmt: skip
    writer.add_named_destination_array(
        _text("sec.results"), ArrayObject([second, _name("/XYZ"), NumberObject(72),
                                           NumberObject(700), NumberObject(0)])
    )  # fmt: skip
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_texts(data: bytes) -> list[str]:
    """Every object of a PDF as text, streams decompressed, for looking for names in them."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    texts = [repr(reader.trailer)]
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(number)
        texts.append(repr(obj))
        if hasattr(obj, "get_data"):
            texts.append(obj.get_data().decode("latin-1"))
    return texts


def paper_pdf(*pages: str) -> bytes:
    """A PDF rendered by WeasyPrint from HTML, one page per fragment (each must fit a page)."""
    import weasyprint

    body = "".join(f'<section style="break-before: page">{page}</section>' for page in pages)
    return weasyprint.HTML(string=f"<!doctype html><html><body>{body}</body></html>").write_pdf()


def body_page(number: int) -> str:
    """A page of a paper's text, with a section heading."""
    return f"<h2>{number} Results</h2><p>We scaled training to {number * 64} nodes.</p>"
