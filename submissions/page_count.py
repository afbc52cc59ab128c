"""How many pages of a paper count against its session type's page limit: every page, or, when
the type says references do not count, the pages before the references.

Where the references start: the last page whose text (from poppler's ``pdftotext``) has a line
that is only "References" or "Bibliography", in any case, optionally numbered ("7 References",
"VII. REFERENCES") or letter-spaced as small capitals come out ("R EFERENCES"). If that line is
the first text of its page, the references start with the page and it is not counted; if any
text comes before it on the page (the end of the conclusion, or a running head), the page
counts. Without such a heading, or if the text cannot be read in time, every page counts, and
the figure says so.
"""

import re
import shutil
import subprocess
from dataclasses import dataclass

from django.core.cache import cache

PDFTOTEXT_SECONDS = 3  # a real paper takes well under a second; a crafted one is cut off
PDFTOTEXT_MEMORY = 512 * 1024 * 1024
CACHE_SECONDS = 60 * 60 * 24 * 30
_HEADING = re.compile(r"(?:[0-9]+(?:\.[0-9]+)*\.?|[IVXLC]+\.?)?(?:references|bibliography)", re.I)


@dataclass(frozen=True)
class PageCount:
    """``counted`` is what the page limit is checked against; ``references_page`` is the page
    (from 1) where the references start, if they were looked for and found."""

    total: int
    counted: int
    looked_for_references: bool = False
    references_page: int | None = None
    text_unreadable: bool = False

    def __str__(self) -> str:
        total = _pages(self.total)
        if not self.looked_for_references:
            return total
        if self.text_unreadable:
            return f"{total} (its text could not be read to find the references, so all count)"
        if self.references_page is None:
            return f"{total} (no “References” or “Bibliography” heading found, so all count)"
        counted, start, total = _pages(self.counted), self.references_page, self.total
        if self.counted < start:
            return f"{counted} before the references on page {start}, {total} in all"
        midway = f"they start part-way down page {start}"
        return f"{counted} up to the references ({midway}), {total} in all"


def _pages(number: int) -> str:
    return f"{number} page{'s' if number != 1 else ''}"


def excludes_references(session_type) -> bool:
    """Whether the type's page limit (if it has one) leaves out the references."""
    has_limit = bool(session_type.min_pages or session_type.max_pages)
    return has_limit and session_type.page_limit_excludes_references


def stored_page_count(file, total: int | None, session_type) -> PageCount | None:
    """The count of a stored paper (a proposal's or a camera-ready), as the upload was checked,
    for showing next to it; cached by the file's name, which is new for every upload."""
    if not file or total is None:
        return None
    if session_type is None or not excludes_references(session_type):
        return PageCount(total=total, counted=total)
    key = f"page-count:v1:{file.name}"
    count = cache.get(key)
    if count is None:
        try:
            with file.open("rb") as handle:
                count = count_pages(handle.read(), total, excluding_references=True)
        except OSError:  # the stored file is gone: say what the upload counted
            return PageCount(total=total, counted=total)
        if not count.text_unreadable:  # perhaps only a busy moment: try again next time
            cache.set(key, count, timeout=CACHE_SECONDS)
    return count


def count_pages(data: bytes, total: int, *, excluding_references: bool) -> PageCount:
    """The pages of a PDF (``data``, ``total`` pages as pypdf counted them) that count."""
    if not excluding_references:
        return PageCount(total=total, counted=total)
    pages = _page_texts(data)
    if pages is None:
        return PageCount(total, total, looked_for_references=True, text_unreadable=True)
    start = references_start(pages)
    if start is None:
        return PageCount(total, total, looked_for_references=True)
    number, at_top = start
    counted = min(total, number - 1 if at_top else number)
    return PageCount(total, counted, looked_for_references=True, references_page=number)


def references_start(pages: list[str]) -> tuple[int, bool] | None:
    """(page number from 1, whether the heading is the page's first text) of the last
    References/Bibliography heading, or None."""
    for number in range(len(pages), 0, -1):
        lines = [line for line in pages[number - 1].splitlines() if line.strip()]
        headings = [i for i, line in enumerate(lines) if _is_heading(line)]
        if headings:
            return number, headings[-1] == 0
    return None


def _is_heading(line: str) -> bool:
    return _HEADING.fullmatch("".join(line.split())) is not None


def _page_texts(data: bytes) -> list[str] | None:
    """Each page's text, or None if pdftotext is missing, fails or takes too long."""
    command = ["pdftotext", "-q", "-enc", "UTF-8", "-", "-"]
    if shutil.which("prlimit"):
        command = ["prlimit", f"--as={PDFTOTEXT_MEMORY}", f"--cpu={PDFTOTEXT_SECONDS}", *command]
    try:
        result = subprocess.run(
            command, input=data, capture_output=True, timeout=PDFTOTEXT_SECONDS, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages
