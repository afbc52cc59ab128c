"""What reviewers see of a proposal when the review is blind: the proposal as committee members
read it, and the paper PDF with every name-bearing piece of metadata removed."""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    StreamObject,
    TextStringObject,
)

from submissions.enums import YES, QuestionKind
from submissions.selectors import author_list, questions_for, speaker_bios
from submissions.validators import UNREADABLE_PDF_ERRORS

from .access import shows_authors_to


class PaperUnreadable(Exception):
    """The stored paper cannot be parsed, so it cannot be anonymised."""


# Entries that carry authoring data rather than content, wherever they appear.
# /AF: files associated with a page or figure (PDF 2.0, PDF/A-3, LaTeX embedfile).
_AUTHORING_KEYS = frozenset({"/Metadata", "/PieceInfo", "/LastModified", "/AF"})
# Page entries not copied: annotations (rebuilt from the plain links), page-open scripts (/AA),
# article beads (/B, whose threads carry their own document information), metadata.
_PAGE_KEYS_NOT_COPIED = ("/Annots", "/AA", "/B", *_AUTHORING_KEYS)
# Links the walk must not follow: back to the page tree (it would reach every page's parent).
_SKIPPED_LINKS = frozenset({"/Parent", "/P", *_PAGE_KEYS_NOT_COPIED})
_LINK_GEOMETRY = ("/Rect", "/Border", "/C", "/QuadPoints")


def strip_pdf_metadata(data: bytes) -> bytes:
    """A copy of the PDF with its pages and plain links only.

    What a page shows (its content, fonts, images and figures) is kept, without the authoring
    data nested in it. Every other name-bearing part is left behind: document information
    (/Author, /Creator, …), XMP metadata, per-page metadata (/PieceInfo), the document catalog
    with its attachments (/EmbeddedFiles, /AF), form (/AcroForm), scripts and /OpenAction, and
    every annotation that is not a link: comments, attached files, form fields. Links keep their
    rectangle, border and target (a web address, or a page of this paper) and nothing else."""
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = list(reader.pages)
        index = {page.indirect_reference.idnum: number for number, page in enumerate(pages)}
        named = _named_destinations(reader)
        links = [_plain_links(page, named, index) for page in pages]
        writer = PdfWriter()
        for page in pages:
            _strip_page(page)
            writer.add_page(page, excluded_keys=_PAGE_KEYS_NOT_COPIED)
        for page, page_links in zip(writer.pages, links, strict=True):
            for link, target in page_links:
                _add_link(writer, page, link, target)
    except UNREADABLE_PDF_ERRORS as error:
        raise PaperUnreadable(str(error)) from error
    writer.metadata = None
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _named_destinations(reader) -> dict[str, ArrayObject]:
    return {str(name): destination.dest_array
            for name, destination in reader.named_destinations.items()}  # fmt: skip


def _plain_links(page, named: dict, index: dict) -> list[tuple[dict, object]]:
    """(geometry and border, target) of each link on the page whose target is a web address
    or a page of this document; the target is the URI string or (page number, view array)."""
    links = []
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        if not isinstance(annotation, DictionaryObject) or annotation.get("/Subtype") != "/Link":
            continue
        geometry = {key: _numbers(annotation.get(key)) for key in _LINK_GEOMETRY}
        target = _link_target(annotation, named, index)
        geometry["/BS"] = _border_style(annotation.get("/BS"))
        if target is not None and geometry["/Rect"] is not None:
            links.append(({k: v for k, v in geometry.items() if v is not None}, target))
    return links


def _link_target(annotation, named: dict, index: dict):
    action = annotation.get("/A")
    if isinstance(action, DictionaryObject):
        uri = action.get("/URI") if action.get("/S") == "/URI" else None
        if isinstance(uri, (str, bytes)):
            return uri if isinstance(uri, str) else uri.decode("latin-1")
        destination = action.get("/D") if action.get("/S") == "/GoTo" else None
    else:
        destination = annotation.get("/Dest")
    if isinstance(destination, str):  # a named destination (TextStringObject or NameObject)
        destination = named.get(str(destination))
    if not isinstance(destination, ArrayObject) or len(destination) < 2:
        return None
    page = destination[0]  # an array keeps its indirect references
    if not isinstance(page, IndirectObject) or page.idnum not in index:
        return None
    view = [destination[1], *(_number_or_null(value) for value in destination[2:])]
    return index[page.idnum], view


def _numbers(value):
    """A number array (rectangle, border, colour) as plain floats, or None if it is not one."""
    if not isinstance(value, ArrayObject):
        return None
    if not all(isinstance(item, (int, float)) for item in value):
        return None
    return ArrayObject(FloatObject(item) for item in value)


def _border_style(style):
    """A link's /BS (WeasyPrint draws no border with /W 0) with its width, style and dashes."""
    if not isinstance(style, DictionaryObject):
        return None
    kept = DictionaryObject()
    if isinstance(style.get("/W"), (int, float)):
        kept[NameObject("/W")] = FloatObject(style["/W"])
    if style.get("/S") in ("/S", "/D", "/B", "/I", "/U"):
        kept[NameObject("/S")] = NameObject(style["/S"])
    if _numbers(style.get("/D")) is not None:
        kept[NameObject("/D")] = _numbers(style["/D"])
    return kept or None


def _number_or_null(value):
    return FloatObject(value) if isinstance(value, (int, float)) else NullObject()


def _add_link(writer, page, geometry: dict, target) -> None:
    link = writer.add_annotation(page, {
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        **{NameObject(key): value for key, value in geometry.items()},
    })  # fmt: skip
    if isinstance(target, str):
        link[NameObject("/A")] = DictionaryObject({
            NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(target),
        })  # fmt: skip
    else:
        number, view = target
        kind = view[0] if isinstance(view[0], NameObject) else NameObject("/Fit")
        link[NameObject("/Dest")] = ArrayObject(
            [writer.pages[number].indirect_reference, kind, *view[1:]]
        )
    del link["/P"]


def _strip_page(page) -> None:
    """Remove authoring data from what the page shows and everything it references: resources,
    nested form and image XObjects (a LaTeX figure keeps its source file's /PTEX.InfoDict
    and /PTEX.FileName) and patterns."""
    seen: set[int] = set()
    stack = [v for k, v in page.items() if k not in _SKIPPED_LINKS]
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
            if isinstance(node, StreamObject) and node.get("/Filter") in _JPEG_FILTERS:
                StreamObject.set_data(node, strip_jpeg_metadata(node._data))
            stack.extend(v for k, v in node.items() if k not in _SKIPPED_LINKS)
        elif isinstance(node, ArrayObject):
            stack.extend(node)


# A JPEG figure is embedded as the file itself, with the EXIF (Artist, camera owner), XMP
# (dc:creator) and IPTC (By-line) its camera or editor wrote.
_JPEG_FILTERS = ("/DCTDecode", ArrayObject([NameObject("/DCTDecode")]))
_JPEG_ICC = b"ICC_PROFILE\0"  # in APP2, needed for the colours


def strip_jpeg_metadata(data: bytes) -> bytes:
    """The JPEG without its APP1–APP15 segments (but the ICC profile in APP2 and the Adobe
    colour transform in APP14) and comments; the image data is unchanged. A file this cannot
    walk through is returned as it was."""
    if not data.startswith(b"\xff\xd8"):
        return data
    kept, position = [b"\xff\xd8"], 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xDA:  # start of scan: the image data follows, to the end
            kept.append(data[position:])
            return b"".join(kept)
        end = position + 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        segment = data[position:end]
        is_metadata = 0xE1 <= marker <= 0xEF or marker == 0xFE
        needed = marker == 0xEE or (marker == 0xE2 and segment[4:16] == _JPEG_ICC)
        if needed or not is_metadata:
            kept.append(segment)
        position = end
    return data


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
