import io
import math
import re
import zipfile
import zlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from pypdf.errors import PyPdfError

from .page_count import PageCount, count_pages, excludes_references

_WORD = re.compile(r"\S+")


def count_words(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def validate_word_limit(text: str | None, limit: int | None, *, field_label: str) -> None:
    """The same rule the live counter in the form shows: at most ``limit`` words."""
    if limit is None:
        return
    words = count_words(text)
    if words > limit:
        raise ValidationError(
            f"{field_label} has {words} words; the limit is {limit}. Please shorten it by "
            f"{words - limit} word{'s' if words - limit != 1 else ''}.",
            code="word_limit",
        )


MAX_PAPER_BYTES = 10 * 1024 * 1024
# Whatever pypdf raises on a damaged or hostile file: its own errors (PdfReadError,
# LimitReachedError for a page tree 101 levels deep…), and what a malformed object makes the
# parser trip on.
UNREADABLE_PDF_ERRORS = (
    PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError,
    RecursionError, OverflowError, ZeroDivisionError, zlib.error,
)  # fmt: skip


def pdf_page_count(upload, *, max_bytes: int = MAX_PAPER_BYTES) -> int:
    """Check an uploaded PDF by size and content (not by its name) and return its page count."""
    from pypdf import PdfReader

    if upload.size > max_bytes:
        raise ValidationError(
            f"This file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
            f"{max_bytes // 1024 // 1024} MB.",
            code="too_large",
        )
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise ValidationError("This file is not a PDF. Export your paper as PDF.", code="not_pdf")
    upload.seek(0)
    try:
        pages = len(PdfReader(upload).pages)
    except UNREADABLE_PDF_ERRORS as error:
        raise ValidationError(
            "This PDF is damaged and cannot be read. Export it again and re-upload it.",
            code="corrupt_pdf",
        ) from error
    finally:
        upload.seek(0)
    return pages


def checked_paper(upload, session_type, *, max_bytes: int = MAX_PAPER_BYTES) -> PageCount:
    """Check a paper PDF (size, content) and its length against the session type's page limit,
    counting the pages before the references if the type says references do not count."""
    total = pdf_page_count(upload, max_bytes=max_bytes)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    count = count_pages(data, total, excluding_references=excludes_references(session_type))
    validate_page_range(count, session_type)
    return count


def _as_clause(note: str) -> str:
    """“Excluding references.” → “excluding references”, to sit inside a sentence."""
    note = note.strip().rstrip(".")
    return note[:1].lower() + note[1:]


def _notes(session_type) -> list[str]:
    notes = [_as_clause(session_type.page_limit_note)] if session_type.page_limit_note else []
    if excludes_references(session_type) and "reference" not in " ".join(notes).lower():
        notes.insert(0, "references not counted")
    return notes


def page_rule(session_type) -> str:
    return "; ".join([session_type.page_range or "any length", *_notes(session_type)])


def validate_page_range(count: PageCount, session_type) -> None:
    low, high = session_type.min_pages, session_type.max_pages
    if (low and count.counted < low) or (high and count.counted > high):
        notes = _notes(session_type)
        note = f" ({'; '.join(notes)})" if notes else ""
        raise ValidationError(
            f"Your PDF has {count}; {session_type.name.lower()}s must have "
            f"{session_type.page_range}{note}.",
            code="page_range",
        )


MAX_IMAGE_BYTES = 10 * 1024 * 1024
# 25 megapixels takes a 24-megapixel camera or phone photo (6000 × 4000, or the iPhone's
# 5712 × 4284) as it comes, and bounds decoding to about 100 MB (RGBA) for about a second; the
# program shows at most IMAGE_LONG_SIDE pixels (5.8 megapixels) anyway.
MAX_IMAGE_PIXELS = 25_000_000
IMAGE_LONG_SIDE = 2400  # what the program and the proceedings need, at most
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")


def _too_large(upload, max_bytes: int) -> ValidationError:
    return ValidationError(
        f"This file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
        f"{max_bytes // 1024 // 1024} MB.",
        code="too_large",
    )


def _image_header(upload):
    """The image file with only its header read (format, size, mode), or None if the upload is
    not a PNG, JPEG, GIF or WebP image. Unlike ``Image.open`` this never refuses a size: the
    caller measures it against our own cap and says what it found."""
    import struct

    from PIL import GifImagePlugin, Image, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

    for plugin in (PngImagePlugin.PngImageFile, JpegImagePlugin.JpegImageFile,
                   GifImagePlugin.GifImageFile, WebPImagePlugin.WebPImageFile):  # fmt: skip
        upload.seek(0)
        try:
            return plugin(upload)
        except Image.DecompressionBombError:
            # Pillow's WebP reader refuses a huge canvas itself, before we can measure it.
            raise ValidationError(
                f"This image has far more than {MAX_IMAGE_PIXELS // 1_000_000} megapixels, the "
                f"limit. Scale it down (the program shows at most {IMAGE_LONG_SIDE} pixels on "
                "the long side) and upload it again.",
                code="too_many_pixels",
            ) from None
        except (SyntaxError, OSError, ValueError, IndexError, TypeError, struct.error, EOFError):
            continue
        finally:
            upload.seek(0)
    return None


def _check_pixels(header) -> None:
    width, height = header.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            f"This image is {width} × {height} pixels ({width * height / 1e6:.3g} megapixels); "
            f"the limit is {MAX_IMAGE_PIXELS // 1_000_000} megapixels. Scale it down (the "
            f"program shows at most {IMAGE_LONG_SIDE} pixels on the long side) and upload it "
            "again.",
            code="too_many_pixels",
        )


def _fitted(size: tuple[int, int]) -> tuple[int, int]:
    """The size of the stored image: the long side at most IMAGE_LONG_SIDE."""
    scale = min(1.0, IMAGE_LONG_SIDE / max(size))
    return max(1, math.ceil(size[0] * scale)), max(1, math.ceil(size[1] * scale))


def reencode_image(upload) -> ContentFile:
    """Check that an upload is a real image and re-encode it: EXIF/XMP/GPS metadata is dropped,
    the orientation is applied, and it is named after its real format (PNG or JPEG).

    The pixel count is read from the header and checked before anything is decoded; JPEGs are
    decoded at the smallest scale that still gives IMAGE_LONG_SIDE pixels."""
    from PIL import Image, ImageOps

    if upload.size > MAX_IMAGE_BYTES:
        raise _too_large(upload, MAX_IMAGE_BYTES)
    not_an_image = ValidationError(
        "This file is not an image we can read. Upload a PNG, JPEG, GIF or WebP image.",
        code="not_image",
    )
    header = _image_header(upload)
    if header is None:
        raise not_an_image
    _check_pixels(header)
    try:
        with Image.open(upload, formats=[header.format]) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload, formats=[header.format]) as image:
            image.draft(None, _fitted(header.size))
            image.load()
            image.thumbnail((IMAGE_LONG_SIDE, IMAGE_LONG_SIDE))
            image = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        raise not_an_image from None
    finally:
        upload.seek(0)
    buffer = io.BytesIO()
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        name = "image.png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=88, optimize=True)
        name = "image.jpg"
    return ContentFile(buffer.getvalue(), name=name)


MAX_RESOURCE_BYTES = 16 * 1024 * 1024
ZIP_SUFFIXES = frozenset({".zip", ".pptx", ".docx", ".xlsx", ".odp", ".odt", ".ods", ".key"})
TEXT_SUFFIXES = frozenset({
    ".txt", ".md", ".rst", ".py", ".ipynb", ".csv", ".json", ".yaml", ".yml", ".toml", ".r",
    ".jl", ".sh", ".tex", ".bib",
})  # fmt: skip


def checked_resource(upload):
    """Check a resource by its content and return the file to store, named by its real kind.

    Accepted: PDF, images (re-encoded without metadata), ZIP-based files (archives, slides) and
    UTF-8 text (code, notebooks). The uploaded name only chooses among the suffixes of the kind
    the content turned out to be.
    """
    if upload.size > MAX_RESOURCE_BYTES:
        raise _too_large(upload, MAX_RESOURCE_BYTES)
    suffix = Path(upload.name or "").suffix.lower()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        pdf_page_count(upload, max_bytes=MAX_RESOURCE_BYTES)
        return _renamed(upload, ".pdf")
    if head.startswith(b"PK\x03\x04"):
        _check_zip(upload)
        return _renamed(upload, suffix if suffix in ZIP_SUFFIXES else ".zip")
    if _is_image(upload):
        return reencode_image(upload)
    if _is_text(upload):
        return _renamed(upload, suffix if suffix in TEXT_SUFFIXES else ".txt")
    raise ValidationError(
        "We accept PDFs, images, ZIP archives, slides (PPTX/ODP) and text files such as "
        "notebooks or scripts; this file is none of those.",
        code="resource_type",
    )


def _renamed(upload, suffix: str):
    upload.name = f"resource{suffix}"
    return upload


def _check_zip(upload) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(
            "This archive is damaged and cannot be opened.", code="corrupt_zip"
        ) from error
    finally:
        upload.seek(0)


def _is_image(upload) -> bool:
    """Whether the header says PNG, JPEG, GIF or WebP; reencode_image checks the rest."""
    return _image_header(upload) is not None


def _is_text(upload) -> bool:
    data = upload.read()
    upload.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
