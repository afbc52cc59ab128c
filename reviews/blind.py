"""What reviewers see of a proposal when the review is blind: the proposal as committee members
read it, and the paper PDF with every name-bearing piece of metadata removed."""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject

from submissions.selectors import author_list, speaker_bios

from .access import shows_authors_to


class PaperUnreadable(Exception):
    """The stored paper cannot be parsed, so it cannot be anonymised."""


# Page entries that carry authoring data rather than content.
_PAGE_KEYS = ("/Metadata", "/PieceInfo")


def strip_pdf_metadata(data: bytes) -> bytes:
    """A copy of the PDF without document information (/Author, /Creator, /Producer, /Title, …),
    XMP metadata, per-page metadata, or the author names on annotations (PDF comments)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        writer = PdfWriter()
        for page in reader.pages:
            _strip_page(page)  # before copying: whatever the page references is copied too
            writer.add_page(page)
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise PaperUnreadable(str(error)) from error
    writer.metadata = None
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _strip_page(page) -> None:
    for key in _PAGE_KEYS:
        page.pop(NameObject(key), None)
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        if annotation.get("/Subtype") != "/Widget":
            annotation.pop(NameObject("/T"), None)


def proposal_for_committee(user, submission) -> dict:
    """Context for ``reviews/reviewing/_proposal_for_committee.html``: the authors (with their
    bios for this event) only for those who may see them."""
    show_authors = shows_authors_to(user, submission)
    context = {"submission": submission, "show_authors": show_authors}
    if show_authors:
        authors = author_list(submission)
        speakers = [author for author in authors if author.is_speaker]
        bios = speaker_bios(submission.event, [speaker.user for speaker in speakers])
        context.update(
            committee_authors=authors,
            committee_bios=[(speaker, bios[speaker.user_id]) for speaker in speakers],
        )
    return context
