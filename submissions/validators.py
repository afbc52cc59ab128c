import re

from django.core.exceptions import ValidationError

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


def pdf_page_count(upload, *, max_bytes: int = MAX_PAPER_BYTES) -> int:
    """Check an uploaded PDF by size and content (not by its name) and return its page count."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

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
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(
            "This PDF is damaged and cannot be read. Export it again and re-upload it.",
            code="corrupt_pdf",
        ) from error
    finally:
        upload.seek(0)
    return pages


def _as_clause(note: str) -> str:
    """“Excluding references.” → “excluding references”, to sit inside a sentence."""
    note = note.strip().rstrip(".")
    return note[:1].lower() + note[1:]


def page_rule(session_type) -> str:
    note = f"; {_as_clause(session_type.page_limit_note)}" if session_type.page_limit_note else ""
    return f"{session_type.page_range or 'any length'}{note}"


def validate_page_range(pages: int, session_type) -> None:
    low, high = session_type.min_pages, session_type.max_pages
    if (low and pages < low) or (high and pages > high):
        note = (
            f" ({_as_clause(session_type.page_limit_note)})" if session_type.page_limit_note else ""
        )
        raise ValidationError(
            f"Your PDF has {pages} pages; {session_type.name.lower()}s must have "
            f"{session_type.page_range}{note}.",
            code="page_range",
        )
