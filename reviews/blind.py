"""What reviewers see of a proposal when the review is blind: the proposal as committee members
read it, and the paper PDF with every name-bearing piece of metadata removed."""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from submissions.enums import YES, QuestionKind
from submissions.selectors import author_list, questions_for, speaker_bios

from .access import shows_authors_to


class PaperUnreadable(Exception):
    """The stored paper cannot be parsed, so it cannot be anonymised."""


# Entries that carry authoring data rather than content, wherever they appear.
_AUTHORING_KEYS = frozenset({"/Metadata", "/PieceInfo", "/LastModified"})
# On annotations (PDF comments): who wrote them.
_ANNOTATION_AUTHOR_KEYS = ("/T", "/RC", "/Popup")
# Links the walk must not follow: back to the page tree (it would reach every page's parent).
_SKIPPED_LINKS = frozenset({"/Parent", "/P"})


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
    """Remove authoring data from the page and from everything it references: resources,
    nested form and image XObjects (a LaTeX figure keeps its source file's /PTEX.InfoDict
    and /PTEX.FileName), patterns, annotations and their appearance streams."""
    seen: set[int] = set()
    stack = [page]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            for key in list(node.keys()):
                if key in _AUTHORING_KEYS or key.startswith("/PTEX."):
                    del node[key]
            if node.get("/Subtype") != "/Widget" and ("/Annots" in node or "/Rect" in node):
                for key in _ANNOTATION_AUTHOR_KEYS:
                    node.pop(NameObject(key), None)
            stack.extend(v for k, v in node.items() if k not in _SKIPPED_LINKS)
        elif isinstance(node, ArrayObject):
            stack.extend(node)


def answers_for_reviewers(submission) -> list[tuple[str, str]]:
    """(question, answer) of the custom questions the organizers show to reviewers, in form
    order; an unticked yes/no question reads "No". Never file answers (2–3 queries)."""
    answers = {answer.question_id: answer.value for answer in submission.answers.all()}
    shown = []
    for question in questions_for(submission):
        if not question.shown_to_reviewers or question.kind == QuestionKind.FILE:
            continue
        if question.kind == QuestionKind.BOOLEAN:
            shown.append((question.text, "Yes" if answers.get(question.pk) == YES else "No"))
        elif answers.get(question.pk):
            shown.append((question.text, answers[question.pk]))
    return shown


def proposal_for_committee(user, submission) -> dict:
    """Context for ``reviews/reviewing/_proposal_for_committee.html``: the authors (with their
    bios for this event) only for those who may see them."""
    show_authors = shows_authors_to(user, submission)
    context = {
        "submission": submission,
        "show_authors": show_authors,
        "committee_answers": answers_for_reviewers(submission),
    }
    if show_authors:
        authors = author_list(submission)
        speakers = [author for author in authors if author.is_speaker]
        bios = speaker_bios(submission.event, [speaker.user for speaker in speakers])
        context.update(
            committee_authors=authors,
            committee_bios=[(speaker, bios[speaker.user_id]) for speaker in speakers],
        )
    return context
