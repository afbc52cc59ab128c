import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject, TextStringObject

from reviews.access import review_settings
from reviews.blind import PaperUnreadable, strip_pdf_metadata
from reviews.enums import Decision, ReviewMode
from reviews.models import AuthorResponse, DiscussionComment, MetaReview, ReviewScore
from reviews.selectors import review_form_for
from reviews.services.discussion import post_comment
from submissions.enums import SubmissionState
from tests.factories.files import pdf_texts, pdf_with_annotations_naming
from tests.factories.reviews import (
    ConflictFactory,
    ReviewAssignmentFactory,
    ReviewCriterionFactory,
    ReviewFactory,
    ReviewFormFactory,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


def pdf_with_author(name: str, pages: int = 2) -> bytes:
    """A PDF that names its author everywhere metadata hides: document info, XMP (document and
    page) and a comment's author."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    writer.add_metadata(
        {"/Author": name, "/Creator": f"{name} Writer", "/Producer": f"{name} PDF",
         "/Title": f"Draft by {name}"}
    )  # fmt: skip
    xmp = StreamObject()
    xmp.set_data(f"<x:xmpmeta><dc:creator>{name}</dc:creator></x:xmpmeta>".encode())
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    reference = writer._add_object(xmp)
    writer._root_object[NameObject("/Metadata")] = reference
    writer.pages[0][NameObject("/Metadata")] = reference
    comment = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Text"),
        NameObject("/Rect"): ArrayObject([]), NameObject("/T"): TextStringObject(name),
        NameObject("/Contents"): TextStringObject("Check this figure"),
    })  # fmt: skip
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(comment)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def set_mode(event, mode, *, others_after_own=True):
    settings = review_settings(event)
    settings.mode = mode
    settings.others_after_own = others_after_own
    settings.save()


def member(event, role=CommitteeRole.REVIEWER, **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(event=event, user=user, role=role)
    return user


def submitted_review(submission, reviewer, **fields):
    ReviewAssignmentFactory(submission=submission, reviewer=reviewer)
    fields.setdefault("form", review_form_for(submission))
    fields.setdefault("overall", 4)
    fields.setdefault("confidence", 3)
    return ReviewFactory(
        submission=submission, reviewer=reviewer, submitted_at=timezone.now(), **fields
    )


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def submission(event):
    return SubmissionFactory(event=event, state=SubmissionState.SUBMITTED)


def paper_url(submission):
    return reverse("reviews:committee-paper", args=[submission.event.slug, submission.pk])


def reviews_url(submission):
    return reverse("reviews:proposal-reviews", args=[submission.event.slug, submission.pk])


def post_url(submission):
    return reverse("reviews:discussion-post", args=[submission.event.slug, submission.pk])


# Anonymising PDFs


def test_strip_pdf_metadata_removes_every_name_and_keeps_the_pages():
    original = pdf_with_author("Zenobia Quirk", pages=3)

    stripped = strip_pdf_metadata(original)

    assert original.count(b"Zenobia Quirk") >= 4
    assert b"Zenobia" not in stripped
    reader = PdfReader(io.BytesIO(stripped))
    assert len(reader.pages) == 3
    assert reader.metadata is None
    assert reader.xmp_metadata is None
    assert "/Annots" not in reader.pages[0]  # the comment, with its text, is gone


def test_strip_pdf_metadata_refuses_a_file_that_is_not_a_pdf():
    with pytest.raises(PaperUnreadable):
        strip_pdf_metadata(b"%PDF-1.7 and then nothing a PDF reader understands")


# Paper download


def paper_proposal(event, author_name="Zenobia Quirk"):
    upload = SimpleUploadedFile("p.pdf", pdf_with_author(author_name), "application/pdf")
    return SubmissionFactory(event=event, state=SubmissionState.SUBMITTED, paper=upload)


def download(client, user, submission):
    client.force_login(user)
    response = client.get(paper_url(submission))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_double_blind_reviewer_downloads_the_paper_without_its_metadata(client, event):
    set_mode(event, ReviewMode.DOUBLE_BLIND)
    submission = paper_proposal(event)
    reviewer = member(event)
    ReviewAssignmentFactory(submission=submission, reviewer=reviewer)

    response, body = download(client, reviewer, submission)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF")
    assert b"Zenobia" not in body
    assert len(PdfReader(io.BytesIO(body)).pages) == 2


def test_double_blind_download_names_nobody_in_annotations_attachments_or_forms(client, event):
    set_mode(event, ReviewMode.DOUBLE_BLIND)
    data = pdf_with_annotations_naming("Zenobia Quirk", "zq@quirk-lab.example")
    upload = SimpleUploadedFile("p.pdf", data, "application/pdf")
    submission = SubmissionFactory(event=event, state=SubmissionState.SUBMITTED, paper=upload)
    reviewer = member(event)
    ReviewAssignmentFactory(submission=submission, reviewer=reviewer)

    response, body = download(client, reviewer, submission)

    texts = [body.decode("latin-1"), *pdf_texts(body)]  # streams decompressed
    assert response.status_code == 200
    assert [t[:80] for t in texts if "Quirk" in t or "zq@quirk-lab.example" in t] == []
    links = PdfReader(io.BytesIO(body)).pages[0]["/Annots"]
    assert links[0].get_object()["/A"]["/URI"] == "https://example.org/dataset"


def test_chairs_and_single_blind_reviewers_download_the_paper_as_uploaded(client, event):
    set_mode(event, ReviewMode.DOUBLE_BLIND)
    submission = paper_proposal(event)
    chair = member(event, CommitteeRole.ORGANIZER)

    _, chair_body = download(client, chair, submission)
    set_mode(event, ReviewMode.SINGLE_BLIND)
    reviewer = member(event)
    ReviewAssignmentFactory(submission=submission, reviewer=reviewer)
    _, reviewer_body = download(client, reviewer, submission)

    assert b"Zenobia" in chair_body
    assert b"Zenobia" in reviewer_body


def test_paper_download_is_refused_to_unassigned_conflicted_and_authors(client, event):
    submission = paper_proposal(event)
    unassigned = member(event)
    conflicted = member(event)
    ReviewAssignmentFactory(submission=submission, reviewer=conflicted)
    ConflictFactory(submission=submission, user=conflicted)

    statuses = [
        download(client, user, submission)[0].status_code
        for user in (unassigned, conflicted, submission.created_by)
    ]

    assert statuses == [404, 404, 404]


def test_a_corrupt_paper_gets_a_clear_message_not_the_original(client, event):
    set_mode(event, ReviewMode.DOUBLE_BLIND)
    broken = SimpleUploadedFile("p.pdf", b"%PDF-1.7 Zenobia Quirk garbage", "application/pdf")
    submission = SubmissionFactory(event=event, state=SubmissionState.SUBMITTED, paper=broken)
    reviewer = member(event)
    ReviewAssignmentFactory(submission=submission, reviewer=reviewer)

    response, body = download(client, reviewer, submission)

    assert response.status_code == 503
    assert b"Zenobia" not in body
    assert b"could not be anonymised" in body


# Reading reviews


def test_chair_reads_every_submitted_review_with_names_and_labels(client, event, submission):
    chair = member(event, CommitteeRole.ORGANIZER)
    form = ReviewFormFactory(event=event, overall_labels={"4": "Weak accept"})
    criterion = ReviewCriterionFactory(form=form, name="Novelty", labels={"5": "Ground-breaking"})
    alice = member(event, name="Alice Reviewerson")
    review = submitted_review(
        submission, alice, form=form, comments_to_authors="Solid **work**.",
        confidential_comments="Borderline novelty.",
    )  # fmt: skip
    ReviewScore.objects.create(review=review, criterion=criterion, value=5)
    ReviewFactory(submission=submission, reviewer=member(event), form=form, overall=1)  # draft
    client.force_login(chair)

    response = client.get(reviews_url(submission))

    html = response.content.decode()
    assert response.status_code == 200
    assert [card["name"] for card in response.context["review_cards"]] == ["Alice Reviewerson"]
    assert "Weak accept" in html
    assert "Novelty" in html
    assert "Ground-breaking" in html
    assert "<strong>work</strong>" in html
    assert "Borderline novelty." in html


def test_reviewers_see_each_other_as_numbers_unless_the_review_is_open(client, event, submission):
    first = member(event, name="Alice Reviewerson")
    second = member(event, name="Bob Criticson")
    submitted_review(submission, first)
    submitted_review(submission, second)
    client.force_login(second)

    blind = client.get(reviews_url(submission))
    set_mode(event, ReviewMode.OPEN)
    event.__dict__.pop("_review_settings", None)
    opened = client.get(reviews_url(submission))

    assert [c["name"] for c in blind.context["review_cards"]] == ["Reviewer 1", "Reviewer 2"]
    assert "Alice Reviewerson" not in blind.content.decode()
    assert [c["name"] for c in opened.context["review_cards"]] == [
        "Alice Reviewerson",
        "Bob Criticson",
    ]


def test_a_reviewer_who_has_not_submitted_is_asked_to_first(client, event, submission):
    submitted_review(submission, member(event), comments_to_authors="Secret opinion")
    waiting = member(event)
    ReviewAssignmentFactory(submission=submission, reviewer=waiting)
    ReviewFactory(submission=submission, reviewer=waiting, form=review_form_for(submission))
    DiscussionComment.objects.create(submission=submission, author=waiting, text="Early thought")
    client.force_login(waiting)

    response = client.get(reviews_url(submission))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Submit your review first" in html
    assert "Secret opinion" not in html
    assert "Early thought" not in html


def test_without_others_after_own_assigned_reviewers_read_at_once(client, event, submission):
    set_mode(event, ReviewMode.SINGLE_BLIND, others_after_own=False)
    submitted_review(submission, member(event), comments_to_authors="Secret opinion")
    waiting = member(event)
    ReviewAssignmentFactory(submission=submission, reviewer=waiting)
    client.force_login(waiting)

    response = client.get(reviews_url(submission))

    assert "Secret opinion" in response.content.decode()


def test_reviews_are_hidden_from_conflicted_chairs_unassigned_reviewers_and_authors(
    client, event, submission
):
    submitted_review(submission, member(event))
    conflicted_chair = member(event, CommitteeRole.ORGANIZER)
    ConflictFactory(submission=submission, user=conflicted_chair)
    outsiders = [conflicted_chair, member(event), submission.created_by]

    statuses = []
    for user in outsiders:
        client.force_login(user)
        statuses.append(client.get(reviews_url(submission)).status_code)

    assert statuses == [404, 404, 404]


def test_drafts_have_no_reviews_page(client, event):
    draft = SubmissionFactory(event=event)
    client.force_login(member(event, CommitteeRole.ORGANIZER))

    response = client.get(reviews_url(draft))

    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 6])
def test_reviews_page_makes_a_constant_number_of_queries(
    client, event, submission, count, django_assert_max_num_queries
):
    chair = member(event, CommitteeRole.ORGANIZER)
    form = ReviewFormFactory(event=event)
    criteria = ReviewCriterionFactory.create_batch(2, form=form)
    for _ in range(count):
        reviewer = member(event)
        review = submitted_review(submission, reviewer, form=form)
        for criterion in criteria:
            ReviewScore.objects.create(review=review, criterion=criterion, value=3)
        DiscussionComment.objects.create(submission=submission, author=reviewer, text="Hm")
    client.force_login(chair)

    with django_assert_max_num_queries(31):
        response = client.get(reviews_url(submission))

    assert len(response.context["review_cards"]) == count
    assert len(response.context["comments"]) == count


# Discussion


def test_post_comment_saves_the_text():
    submission = SubmissionFactory(state=SubmissionState.SUBMITTED)
    reviewer = member(submission.event)
    ReviewAssignmentFactory(submission=submission, reviewer=reviewer)

    comment = post_comment(submission=submission, author=reviewer, text="  Too long?  ")

    assert comment.text == "Too long?"
    assert list(submission.discussion.values_list("author_id", flat=True)) == [reviewer.pk]


def test_post_comment_refuses_conflicted_members_and_empty_text(event, submission):
    chair = member(event, CommitteeRole.ORGANIZER)
    ConflictFactory(submission=submission, user=chair)
    reviewer = member(event)
    ReviewAssignmentFactory(submission=submission, reviewer=reviewer)

    with pytest.raises(ValidationError):
        post_comment(submission=submission, author=chair, text="I would accept")
    with pytest.raises(ValidationError):
        post_comment(submission=submission, author=reviewer, text="   ")

    assert DiscussionComment.objects.count() == 0


def test_a_reviewer_posts_sanitised_markdown_to_the_discussion(client, event, submission):
    reviewer = member(event)
    submitted_review(submission, reviewer)
    client.force_login(reviewer)

    response = client.post(
        post_url(submission), {"text": "I *like* it <script>alert(1)</script>"}, follow=True
    )

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reviews_url(submission) + "#discussion"
    assert "<em>like</em>" in html
    assert "<script>alert(1)" not in html
    assert DiscussionComment.objects.get().author == reviewer


def test_an_empty_comment_is_refused_next_to_the_field(client, event, submission):
    chair = member(event, CommitteeRole.ORGANIZER)
    client.force_login(chair)

    response = client.post(post_url(submission), {"text": "   "})

    assert response.status_code == 200
    assert response.context["comment_form"].errors["text"] == ["Write a comment first."]
    assert DiscussionComment.objects.count() == 0


def test_the_discussion_is_closed_to_those_who_may_not_read_reviews(client, event, submission):
    waiting = member(event)
    ReviewAssignmentFactory(submission=submission, reviewer=waiting)
    conflicted_chair = member(event, CommitteeRole.ORGANIZER)
    ConflictFactory(submission=submission, user=conflicted_chair)

    statuses = []
    for user in (waiting, conflicted_chair, submission.created_by):
        client.force_login(user)
        statuses.append(client.post(post_url(submission), {"text": "Hello"}).status_code)

    assert statuses == [404, 404, 404]
    assert DiscussionComment.objects.count() == 0


def test_reviewer_comments_appear_under_their_number_to_other_reviewers(client, event, submission):
    first = member(event, name="Alice Reviewerson")
    second = member(event)
    submitted_review(submission, first)
    submitted_review(submission, second)
    post_comment(submission=submission, author=first, text="Accept")
    client.force_login(second)

    response = client.get(reviews_url(submission))

    assert [c["name"] for c in response.context["comments"]] == ["Reviewer 1"]
    assert "Alice Reviewerson" not in response.content.decode()


def test_the_committee_reads_the_authors_response_and_the_meta_review(client, event, submission):
    chair = member(event, CommitteeRole.ORGANIZER)
    submitted_review(submission, member(event))
    AuthorResponse.objects.create(submission=submission, text="We *fixed* the proof.")
    MetaReview.objects.create(submission=submission, author=chair, text="Consensus: accept.",
                              recommendation=Decision.ACCEPT)  # fmt: skip
    client.force_login(chair)

    html = client.get(reviews_url(submission)).content.decode()

    assert "We <em>fixed</em> the proof." in html
    assert "Consensus: accept." in html
    assert "recommends accept" in html
