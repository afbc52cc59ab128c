"""Camera-ready PDFs for tests, built in milliseconds with pikepdf.

``make_pdf`` writes one text line or so per page in a real embedded font: DejaVu Sans, cut
down with fontTools to printable ASCII once per process (about 20 KB) and embedded as a
TrueType font program (FontFile2), so ``pdffonts`` says "emb yes" and ``pdftotext`` reads
the text (a "References" heading is found as in a real paper). With ``embed_fonts=False``
the pages use the standard Helvetica with no font program, as a PDF printed without
embedding does. Every PDF with the same arguments is the same bytes (cached in-process).
"""

import io
from functools import cache, lru_cache
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

SIZES = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FIRST_CHAR, LAST_CHAR = 32, 126
BODY = [
    "We present a method and measure it on a supercomputer with many nodes.",
    "Section {page}: the results on this page support the claims of the paper.",
    "Training scales to thousands of accelerators with little loss of efficiency.",
]
REFERENCES = [
    "[1] A. Author and B. Author. A study of scaling. In Proc. SC, 2024.",
    "[2] C. Author. Communication-avoiding training. J. Parallel Comput., 2025.",
]


def _points(size) -> tuple[float, float]:
    if isinstance(size, str):
        return SIZES[size.lower()]
    width, height = size
    return float(width), float(height)


@cache
def _font_program() -> tuple[bytes, list[int], dict]:
    """DejaVu Sans with only printable ASCII, its widths (1/1000 em) and descriptor numbers."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONT_FILE))
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = [1, 2, 4, 6]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=range(FIRST_CHAR, LAST_CHAR + 1))
    subsetter.subset(font)
    scale = 1000 / font["head"].unitsPerEm
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    widths = [round(hmtx[cmap[code]][0] * scale) for code in range(FIRST_CHAR, LAST_CHAR + 1)]
    head, hhea = font["head"], font["hhea"]
    metrics = {
        "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        "ascent": round(hhea.ascent * scale),
        "descent": round(hhea.descent * scale),
    }
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), widths, metrics


def _embedded_font(pdf: Pdf):
    data, widths, metrics = _font_program()
    program = pikepdf.Stream(pdf, data)
    program["/Length1"] = len(data)
    descriptor = Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/ABCDEF+DejaVuSans"), Flags=32,
        FontBBox=Array(metrics["bbox"]), ItalicAngle=0, Ascent=metrics["ascent"],
        Descent=metrics["descent"], CapHeight=729, StemV=80, FontFile2=program,
    )  # fmt: skip
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.TrueType,
            BaseFont=Name("/ABCDEF+DejaVuSans"),
            FirstChar=FIRST_CHAR,
            LastChar=LAST_CHAR,
            Widths=Array(widths),
            Encoding=Name.WinAnsiEncoding,
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )


def _standard_font(pdf: Pdf):
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type1,
            BaseFont=Name.Helvetica,
            Encoding=Name.WinAnsiEncoding,
        )
    )


def _ascii(text: str) -> str:
    text = text.encode("ascii", "replace").decode()
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(lines: list[tuple[int, str]], height: float) -> bytes:
    """Text lines (font size, text) from the top of the page down."""
    parts, y = ["BT"], height - 90
    for size, text in lines:
        parts.append(f"/F1 {size} Tf 1 0 0 1 72 {y:.2f} Tm ({_ascii(text)}) Tj")
        y -= size * 1.6
    parts.append("ET")
    return "\n".join(parts).encode()


def _page_lines(number: int, *, title: str, references_on: int | None) -> list[tuple[int, str]]:
    if references_on is not None and number == references_on:
        return [(12, "References"), *((9, line) for line in REFERENCES)]
    if references_on is not None and number > references_on:
        return [(9, f"[{number}] D. Author. More related work, {2000 + number}.")]
    lines = [(16, title)] if number == 1 else []
    lines += [(10, line.format(page=number)) for line in BODY]
    return [*lines, (8, f"Page {number}")]


@lru_cache(maxsize=256)
def _make_pdf(pages, size, embed_fonts, references_on, title, page_sizes) -> bytes:
    pdf = Pdf.new()
    font = _embedded_font(pdf) if embed_fonts else _standard_font(pdf)
    overrides = dict(page_sizes)
    for number in range(1, pages + 1):
        width, height = _points(overrides.get(number, size))
        lines = _page_lines(number, title=title, references_on=references_on)
        page = pikepdf.Page(
            Dictionary(
                Type=Name.Page,
                MediaBox=Array([0, 0, width, height]),
                Resources=Dictionary(Font=Dictionary(F1=font)),
                Contents=pdf.make_stream(_content(lines, height)),
            )
        )
        pdf.pages.append(page)
    pdf.docinfo["/Title"] = title
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def make_pdf(
    pages: int = 8,
    *,
    size="letter",
    embed_fonts: bool = True,
    references_on: int | None = None,
    title: str = "Scaling Deep Learning on Supercomputers",
    page_sizes: dict | None = None,
) -> bytes:
    """A paper of ``pages`` pages on ``size`` ("letter", "a4" or (width, height) in points).

    ``references_on``: the page (from 1) whose first text is a "References" heading; the pages
    after it hold more references, so ``count_pages`` counts ``references_on - 1`` pages.
    ``page_sizes``: {page number: size} for pages that differ from ``size``."""
    size = size.lower() if isinstance(size, str) else tuple(size)
    overrides = tuple(sorted((page_sizes or {}).items()))
    return _make_pdf(pages, size, embed_fonts, references_on, title, overrides)


def unembedded_font_pdf(pages: int = 8, **kwargs) -> bytes:
    """A paper whose text uses Helvetica without embedding it."""
    return make_pdf(pages, embed_fonts=False, **kwargs)


@cache
def encrypted_pdf(user_password: str = "secret", *, aes: bool = False) -> bytes:
    """A paper that needs a password to open: RC4 128-bit, which pypdf reads without the
    cryptography package, or AES-256 (``aes=True``), which pypdf cannot even try without it."""
    pdf = Pdf.open(io.BytesIO(make_pdf(8)))
    strength = {"R": 6} if aes else {"R": 3, "aes": False, "metadata": False}
    encryption = pikepdf.Encryption(user=user_password, owner="owner-secret", **strength)
    out = io.BytesIO()
    pdf.save(out, encryption=encryption)
    return out.getvalue()


def corrupt_pdf() -> bytes:
    """Starts like a PDF but holds no readable objects, cross-reference table or trailer."""
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n"
        + bytes(range(256)) * 4
    )
