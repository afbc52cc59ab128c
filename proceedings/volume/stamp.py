"""Running heads (the volume, the paper's page range, the page number) drawn straight into
each page's content with an embedded, subsetted DejaVu Sans (a Type0 font with its ToUnicode
map, so text tools read the stamps).

WeasyPrint renders about 40 pages a second, a minute for a 300-paper volume's stamps alone;
writing the few text operators ourselves costs well under a millisecond a page."""

import io
from dataclasses import dataclass
from functools import lru_cache

import pikepdf
from fontTools import subset
from fontTools.ttLib import TTFont
from pikepdf import Array, Dictionary, Name

FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BASE_CHARACTERS = "0123456789 .,:;–-—()/ pPagesvolumi"
MISSING = "?"  # drawn for a character DejaVu Sans lacks, so that it never vanishes silently
HEADER_SIZE = 7.5
NUMBER_SIZE = 9
EDGE = 30  # points between the page's top edge and the stamp's baseline
SIDE = 54


@dataclass(frozen=True)
class StampFont:
    """A subset of DejaVu Sans: its file, each character's glyph id and advance (1/1000 em)."""

    data: bytes
    glyphs: dict[str, int]
    widths: dict[int, int]

    def visible(self, text: str) -> str:
        """The text with each character the font lacks replaced by a visible ``?``."""
        return "".join(char if char in self.glyphs else MISSING for char in text)

    def missing(self, text: str) -> str:
        """The characters of ``text`` the font lacks, each once, in order."""
        return "".join(dict.fromkeys(char for char in text if char not in self.glyphs))

    def encode(self, text: str) -> bytes:
        return "".join(f"{self.glyphs.get(char, 0):04x}" for char in text).encode()

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(self.glyphs.get(char, 0), 0) for char in text) * size / 1000

    def fit(self, text: str, size: float, room: float) -> str:
        """The text, shortened with an ellipsis until it fits ``room`` points."""
        if self.width(text, size) <= room:
            return text
        while text and self.width(text + "…", size) > room:
            text = text[:-1]
        return text.rstrip() + "…"


@lru_cache(maxsize=8)
def stamp_font(characters: str) -> StampFont:
    """The font for these characters (and digits, punctuation): subsetted once per build."""
    wanted = sorted(set(characters + BASE_CHARACTERS + MISSING + "…"))
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM", "GPOS", "GSUB", "GDEF"]
    font = TTFont(FONT_PATH)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in wanted])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    cmap = font.getBestCmap()
    order = font.getGlyphOrder()
    ids = {name: index for index, name in enumerate(order)}
    scale = 1000 / font["head"].unitsPerEm
    widths = {ids[name]: round(font["hmtx"][name][0] * scale) for name in order}
    glyphs = {char: ids[cmap[ord(char)]] for char in wanted if ord(char) in cmap}
    return StampFont(data=out.getvalue(), glyphs=glyphs, widths=widths)


def _to_unicode(font: StampFont) -> bytes:
    pairs = sorted((gid, char) for char, gid in font.glyphs.items())
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        # UTF-16BE: a character beyond the BMP (𝔸) is a surrogate pair, <d835dd38>
        lines += [f"<{gid:04x}> <{char.encode('utf-16-be').hex()}>" for gid, char in chunk]
        lines.append("endbfchar")
    lines += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    return "\n".join(lines).encode()


def add_font(pdf: pikepdf.Pdf, font: StampFont) -> pikepdf.Object:
    """The font's objects in ``pdf`` (once per document; every stamped page shares them)."""
    file = pikepdf.Stream(pdf, font.data)
    file.Length1 = len(font.data)
    descriptor = Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/STAMPS+DejaVuSans"), Flags=32,
        FontBBox=Array([-1021, -463, 1793, 1232]), ItalicAngle=0, Ascent=928, Descent=-236,
        CapHeight=729, StemV=80, FontFile2=pdf.make_indirect(file),
    )  # fmt: skip
    widths = Array([0, Array([font.widths[gid] for gid in range(len(font.widths))])])
    cid_font = Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/STAMPS+DejaVuSans"),
        CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor), W=widths, CIDToGIDMap=Name.Identity,
    )  # fmt: skip
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/STAMPS+DejaVuSans"),
            Encoding=Name("/Identity-H"), DescendantFonts=Array([pdf.make_indirect(cid_font)]),
            ToUnicode=pdf.make_indirect(pikepdf.Stream(pdf, _to_unicode(font))),
        )
    )  # fmt: skip


@dataclass(frozen=True)
class Stamp:
    """A page's running head: the volume's title and a detail (the paper's page range) on the
    left, the page number on the right (clear of any number the paper prints at its foot)."""

    title: str
    detail: str
    number: str


def _text(font: StampFont, name: str, size: float, x: float, y: float, text: str) -> str:
    return f"BT /{name} {size} Tf {x:.2f} {y:.2f} Td <{font.encode(text).decode()}> Tj ET\n"


def stamp_page(page: pikepdf.Page, stamp: Stamp, *, font: StampFont, font_ref) -> None:
    """Draws the stamp on top of the page, its own graphics state kept apart from the page's."""
    x0, _, x1, y1 = (float(v) for v in page.cropbox)
    stamp = Stamp(font.visible(stamp.title), font.visible(stamp.detail), font.visible(stamp.number))
    name = str(page.add_resource(font_ref, Name.Font, prefix="Stamp"))[1:]
    number_width = font.width(stamp.number, NUMBER_SIZE)
    detail = f", {stamp.detail}" if stamp.detail else ""
    room = (x1 - x0) - 2 * SIDE - number_width - 18 - font.width(detail, HEADER_SIZE)
    left = font.fit(stamp.title, HEADER_SIZE, room) + detail
    top = y1 - EDGE
    ops = "Q q 0.35 g\n"
    ops += _text(font, name, HEADER_SIZE, x0 + SIDE, top, left)
    ops += _text(font, name, NUMBER_SIZE, x1 - SIDE - number_width, top, stamp.number)
    ops += f"{x0 + SIDE:.2f} {top - 4:.2f} m {x1 - SIDE:.2f} {top - 4:.2f} l 0.4 w 0.6 G S\n"
    page.contents_add(b"q\n", prepend=True)
    page.contents_add((ops + "Q\n").encode())
