"""The camera-ready PDFs a volume is made of, opened one at a time and checked as they are read:
a damaged, encrypted or font-unembedded file stops the build with a sentence naming the paper."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pikepdf
from pikepdf import Name

from ..layout import Contributor

ENCRYPTED = "the PDF is encrypted; upload it without a password or restrictions."
DAMAGED = "the PDF is damaged and cannot be read ({})."
NO_FONTS = "fonts are not embedded ({}); embed all fonts when exporting the PDF."
REPLACED = (
    "a new camera-ready was uploaded during the build; its sign-off is pending. Approve it, "
    "then build again."
)
# A file system path in an error message (the server's layout is nobody's business).
_QUOTED_PATH = re.compile(r"""(['"])(?:[A-Za-z]:)?[/\\][^'"]*\1""")
_PATH = re.compile(r"(?<![\w.~])(?:[A-Za-z]:)?[/\\](?:[^/\\\s:'\"]+[/\\])+[^/\\\s:'\"]*")


@dataclass(frozen=True)
class PaperSource:
    submission_id: int
    title: str
    contributors: tuple[Contributor, ...]
    path: str  # the camera-ready PDF on disk
    track: str = ""
    session_type: str = ""
    url: str = ""


class PaperError(Exception):
    """A camera-ready PDF the volume cannot hold; the message names the paper and says why."""

    def __init__(self, source: PaperSource, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"“{source.title}”: {reason}")


@contextmanager
def open_paper(source: PaperSource) -> Iterator[pikepdf.Pdf]:
    """The paper's PDF, closed on leaving; PaperError when it cannot go into the volume."""
    try:
        pdf = pikepdf.open(source.path)
    except FileNotFoundError:
        # save_deliverable deletes the replaced file once a new upload commits
        raise PaperError(source, REPLACED) from None
    except pikepdf.PasswordError:
        raise PaperError(source, ENCRYPTED) from None
    except (pikepdf.PdfError, OSError, ValueError) as error:
        raise PaperError(source, DAMAGED.format(_short(error))) from None
    try:
        if pdf.is_encrypted:
            raise PaperError(source, ENCRYPTED)
        if not len(pdf.pages):
            raise PaperError(source, "the PDF has no pages.")
        yield pdf
    finally:
        pdf.close()


def check_paper(source: PaperSource, pdf: pikepdf.Pdf) -> int:
    """The paper's page count, once every font on its pages is known to be embedded."""
    missing: set[str] = set()
    seen: set[tuple[int, int]] = set()
    try:
        for page in pdf.pages:
            _fonts(page.obj.get("/Resources"), missing, seen, depth=0)
    except pikepdf.PdfError as error:
        raise PaperError(source, DAMAGED.format(_short(error))) from None
    if missing:
        names = ", ".join(sorted(missing)[:5])
        raise PaperError(source, NO_FONTS.format(names))
    return len(pdf.pages)


def _fonts(resources, missing: set[str], seen: set, *, depth: int) -> None:
    if not isinstance(resources, pikepdf.Dictionary) or depth > 8:
        return
    fonts = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary):
        for font in fonts.values():
            if _once(font, seen):
                _check_font(font, missing)
    xobjects = resources.get("/XObject")
    if isinstance(xobjects, pikepdf.Dictionary):
        for xobject in xobjects.values():
            if _once(xobject, seen) and xobject.get("/Subtype") == Name.Form:
                _fonts(xobject.get("/Resources"), missing, seen, depth=depth + 1)


def _once(obj, seen: set) -> bool:
    if not obj.is_indirect:
        return True
    if obj.objgen in seen:
        return False
    seen.add(obj.objgen)
    return True


def _check_font(font, missing: set[str]) -> None:
    if not isinstance(font, pikepdf.Dictionary):
        return
    subtype = font.get("/Subtype")
    if subtype == Name.Type3:
        return  # its glyphs are drawn by the PDF itself
    if subtype == Name.Type0:
        descendants = font.get("/DescendantFonts")
        font = (
            descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else font
        )
    descriptor = font.get("/FontDescriptor")
    embedded = isinstance(descriptor, pikepdf.Dictionary) and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )
    if not embedded:
        missing.add(str(font.get("/BaseFont", "unnamed")).lstrip("/"))


def without_paths(text: str) -> str:
    """The text with any file system path left out (pikepdf's "/srv/…/x.pdf: " prefixes too)."""
    text = _QUOTED_PATH.sub("a file", text)
    text = re.sub(_PATH.pattern + r":\s*", "", text)
    return _PATH.sub("a file", text)


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return without_paths(text)[:160]
