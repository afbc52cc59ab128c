from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from submissions.enums import QuestionKind, SubmissionState
from submissions.models import Revision
from submissions.services import update_submission
from submissions.services.sharing import (
    diff_revisions,
    disable_preview_link,
    enable_preview_link,
    questions_in,
)
from tests.factories.questions import QuestionFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

BASE = {
    "title": "pixi for science", "abstract": "Reproducible environments for everyone.",
    "description": "", "notes": "Secret notes for the committee.", "outline": "",
    "prerequisites": "", "installation": "", "python_level": "", "additional_info": "",
    "ai_statement": "No AI.", "paper": "",
}  # fmt: skip


def _revisions_url(submission, **query):
    url = reverse("submissions:revisions", args=[submission.event.slug, submission.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _preview_link_url(submission):
    return reverse("submissions:preview-link", args=[submission.event.slug, submission.pk])


def _with_revisions(*contents, submission=None):
    """A proposal with one revision per content, versions 1, 2, …"""
    submission = submission or SubmissionFactory()
    for version, content in enumerate(contents, start=1):
        Revision.objects.create(
            submission=submission, version=version, content=content, saved_by=submission.created_by
        )
    submission.version = len(contents)
    submission.save(update_fields=["version"])
    return submission


def _only(changes):
    assert len(changes) == 1
    return changes[0]


# The diff itself


def test_diff_marks_removed_and_added_words():
    change = _only(
        diff_revisions(BASE, {**BASE, "abstract": "Reproducible pixi environments for scientists."})
    )

    assert (change.key, change.label) == ("abstract", "Abstract")
    assert change.diff == (
        "Reproducible <ins>pixi </ins>environments for <del>everyone</del><ins>scientists</ins>."
    )


def test_diff_escapes_user_text():
    change = _only(diff_revisions(BASE, {**BASE, "title": "<script>alert('x')</script> & co"}))

    assert "<script>" not in change.diff
    assert "<ins>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co</ins>" in change.diff


def test_diff_of_identical_contents_is_empty():
    assert diff_revisions(BASE, dict(BASE)) == []


def test_diff_labels_come_from_the_proposal_fields_and_choices_show_their_labels():
    after = {**BASE, "ai_statement": "ChatGPT for grammar.", "python_level": "advanced"}

    changes = diff_revisions({**BASE, "python_level": "beginner"}, after)

    assert [c.label for c in changes] == ["Prior Python level", "AI-usage statement"]
    assert changes[0].diff == "<del>Beginner</del><ins>Advanced</ins>"


def test_diff_shows_lists_line_by_line():
    before = {**BASE, "authors": ["Matthew Feickert", "Ruben Arts"], "resources": ["Slides"]}
    after = {**BASE, "authors": ["Matthew Feickert", "Wolf Vollprecht", "Ruben Arts"]}

    authors, resources = diff_revisions(before, after)

    assert authors.label == "Authors"
    assert authors.diff == (
        '<ul class="diff-lines"><li class="diff-same">Matthew Feickert</li>'
        '<li class="diff-added"><ins>Wolf Vollprecht</ins></li>'
        '<li class="diff-same">Ruben Arts</li></ul>'
    )
    assert resources.diff == (
        '<ul class="diff-lines"><li class="diff-removed"><del>Slides</del></li></ul>'
    )


def test_diff_list_items_are_escaped():
    change = _only(diff_revisions(BASE, {**BASE, "authors": ["<b>Eve</b>"]}))

    assert "<b>" not in change.diff
    assert "&lt;b&gt;Eve&lt;/b&gt;" in change.diff


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("", "papers/1/9f2c.pdf", "<ins>New file uploaded</ins>"),
        ("papers/1/9f2c.pdf", "papers/1/77aa.pdf",
         "<ins>New file uploaded (replaces the previous one)</ins>"),
        ("papers/1/9f2c.pdf", "", "<del>Removed</del>"),
    ],
)  # fmt: skip
def test_diff_of_files_says_what_happened_not_the_stored_name(old, new, shown):
    change = _only(diff_revisions({**BASE, "paper": old}, {**BASE, "paper": new}))

    assert (change.label, change.diff) == ("Paper (PDF)", shown)


def test_diff_of_the_session_image_is_a_file_change():
    change = _only(diff_revisions(BASE, {**BASE, "session_image": "images/1/ab.png"}))

    assert (change.label, change.diff) == ("Session image", "<ins>New file uploaded</ins>")


def test_keys_an_older_revision_lacks_count_as_empty():
    after = {**BASE, "authors": ["Matthew Feickert"], "session_image": "", "resources": []}

    change = _only(diff_revisions(BASE, after))

    assert change.key == "authors"
    assert change.recorded_before is False


def test_question_keys_are_labelled_with_the_question_in_one_query(django_assert_num_queries):
    event = EventFactory()
    level = QuestionFactory(event=event, text="Have you taught this before?")
    slides = QuestionFactory(event=event, text="Your slides", kind=QuestionKind.FILE)
    before = {**BASE, f"question:{level.pk}": "No"}
    after = {**BASE, f"question:{level.pk}": "Yes, twice", f"question:{slides.pk}": "a/b.pdf",
             "question:999999": "Orphan"}  # fmt: skip

    with django_assert_num_queries(1):
        questions = questions_in((before, after), event=event)
    changes = diff_revisions(before, after, questions=questions)

    assert [(c.label, c.diff) for c in changes] == [
        ("Have you taught this before?", "<del>No</del><ins>Yes, twice</ins>"),
        ("Your slides", "<ins>New file uploaded</ins>"),
        ("A question that was removed", "<ins>Orphan</ins>"),
    ]


def test_questions_of_another_event_do_not_name_keys():
    question = QuestionFactory(text="Another event's question")

    questions = questions_in([{f"question:{question.pk}": "x"}], event=EventFactory())

    assert questions == {}


def test_keys_nobody_knows_yet_get_a_readable_label_and_come_last():
    changes = diff_revisions(BASE, {**BASE, "video_link": "https://example.org", "title": "New"})

    assert [(c.key, c.label) for c in changes] == [("title", "Title"), ("video_link", "Video link")]


def test_changes_come_in_the_order_of_the_proposal_page():
    after = {**BASE, "notes": "New", "title": "New", "authors": ["A"], "abstract": "New"}

    changes = diff_revisions(BASE, after)

    assert [c.key for c in changes] == ["title", "authors", "abstract", "notes"]


# The preview link services


def test_enable_preview_link_sets_a_token_and_keeps_it_when_repeated():
    submission = SubmissionFactory()

    first = enable_preview_link(submission=submission, by=submission.created_by)
    second = enable_preview_link(submission=submission, by=submission.created_by)

    submission.refresh_from_db()
    assert len(first) >= 40
    assert first == second == submission.preview_token


def test_disable_preview_link_removes_the_token():
    submission = SubmissionFactory()
    enable_preview_link(submission=submission, by=submission.created_by)

    disabled = disable_preview_link(submission=submission, by=submission.created_by)
    again = disable_preview_link(submission=submission, by=submission.created_by)

    submission.refresh_from_db()
    assert (disabled, again, submission.preview_token) == (True, False, None)


def test_a_new_link_after_disabling_is_a_different_one():
    submission = SubmissionFactory()
    old = enable_preview_link(submission=submission, by=submission.created_by)
    disable_preview_link(submission=submission, by=submission.created_by)

    new = enable_preview_link(submission=submission, by=submission.created_by)

    assert new != old


def test_a_withdrawn_proposal_cannot_be_shared():
    submission = SubmissionFactory(state=SubmissionState.WITHDRAWN)

    with pytest.raises(ValidationError, match="withdrawn proposal cannot be shared"):
        enable_preview_link(submission=submission, by=submission.created_by)

    submission.refresh_from_db()
    assert submission.preview_token is None


# The revisions page


def _outsider(who, submission):
    if who == "other_author":
        return SubmissionFactory(event=submission.event).created_by
    if who == "other_event_organizer":
        return MembershipFactory(role=CommitteeRole.ORGANIZER).user
    return MembershipFactory(event=submission.event, role=CommitteeRole.REVIEWER).user


@pytest.mark.parametrize("who", ["anonymous", "other_author", "other_event_organizer", "reviewer"])
def test_revisions_page_is_404_for_those_who_may_not_see_the_proposal(client, who):
    submission = _with_revisions(BASE, {**BASE, "abstract": "Changed"})
    if who != "anonymous":
        client.force_login(_outsider(who, submission))

    response = client.get(_revisions_url(submission))

    assert response.status_code == 404


def test_revisions_page_shows_the_events_organizer_what_changed(client):
    submission = _with_revisions(BASE, {**BASE, "abstract": "Reproducible environments for all."})
    client.force_login(MembershipFactory(event=submission.event, role=CommitteeRole.ORGANIZER).user)

    response = client.get(_revisions_url(submission))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Changes from version 1 to version 2" in html
    assert "for <del>everyone</del><ins>all</ins>." in html
    assert "1 field changed." in html


def test_a_speaker_compares_the_versions_they_pick(client):
    submission = _with_revisions(
        BASE, {**BASE, "title": "Second title"}, {**BASE, "title": "Third title"}
    )
    client.force_login(submission.created_by)

    response = client.get(_revisions_url(submission, **{"from": 3, "to": 1}))

    html = response.content.decode()
    assert "Changes from version 1 to version 3" in html
    assert "<del>pixi for science</del><ins>Third title</ins>" in html


def test_revisions_page_in_another_events_url_is_404(client):
    submission = _with_revisions(BASE, {**BASE, "title": "New"})
    client.force_login(submission.created_by)

    response = client.get(
        reverse("submissions:revisions", args=[EventFactory().slug, submission.pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("query", [{"to": 5}, {"from": 4}, {"from": "abc"}, {"to": "-1"}])
def test_versions_the_proposal_does_not_have_are_404(client, query):
    submission = _with_revisions(BASE, {**BASE, "title": "New"})
    _with_revisions(*[BASE] * 5)  # another proposal, which does have versions 4 and 5
    client.force_login(submission.created_by)

    response = client.get(_revisions_url(submission, **query))

    assert response.status_code == 404


def test_revisions_page_says_when_nothing_changed(client):
    submission = _with_revisions(BASE, dict(BASE))
    client.force_login(submission.created_by)

    response = client.get(_revisions_url(submission))

    assert "No changes: versions 1 and 2 have the same content." in response.content.decode()


def test_revisions_page_says_when_the_same_version_is_picked_twice(client):
    submission = _with_revisions(BASE, {**BASE, "title": "New"})
    client.force_login(submission.created_by)

    response = client.get(_revisions_url(submission, **{"from": 2, "to": 2}))

    assert "You picked version 2 twice." in response.content.decode()


@pytest.mark.parametrize(
    ("contents", "message"),
    [([BASE], "Only one version so far"), ([], "No version of this proposal has been saved yet.")],
)
def test_revisions_page_with_nothing_to_compare(client, contents, message):
    submission = _with_revisions(*contents)
    client.force_login(submission.created_by)

    response = client.get(_revisions_url(submission))

    assert response.status_code == 200
    assert message in response.content.decode()


def test_revisions_page_escapes_user_text(client):
    submission = _with_revisions(BASE, {**BASE, "abstract": "<script>alert(1)</script>"})
    client.force_login(submission.created_by)

    response = client.get(_revisions_url(submission))

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_revisions_page_shows_who_saved_when_in_the_events_zone(client):
    event = EventFactory(time_zone="America/Chicago")
    submission = _with_revisions(BASE, {**BASE, "title": "New"}, submission=SubmissionFactory(
        event=event, created_by=UserFactory(name="Matthew Feickert")
    ))  # fmt: skip
    Revision.objects.filter(version=2).update(saved_at=datetime(2027, 1, 15, 18, 30, tzinfo=UTC))
    client.force_login(submission.created_by)

    response = client.get(_revisions_url(submission))

    assert "Jan 15, 2027 12:30 CST · Matthew Feickert" in response.content.decode()


def test_revisions_of_real_edits_are_diffed(client):
    submission = SubmissionFactory()
    Revision.objects.create(
        submission=submission, version=1, saved_by=submission.created_by,
        content={field: getattr(submission, field) for field in BASE if field != "paper"},
    )  # fmt: skip
    update_submission(
        submission=submission, data={"abstract": "pixi everywhere."}, based_on_version=1,
        by=submission.created_by,
    )  # fmt: skip
    client.force_login(submission.created_by)

    response = client.get(_revisions_url(submission))

    html = response.content.decode()
    assert "<ins>pixi everywhere</ins>" in html
    assert "Paper (PDF)" not in html  # "" and no paper in v1 are the same
    assert "Version 1 was saved before this field was kept in revisions." in html  # authors


def test_revisions_page_queries_do_not_grow_with_the_number_of_revisions(
    client, django_assert_max_num_queries
):
    event = EventFactory()
    question = QuestionFactory(event=event)
    organizer = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    few = _with_revisions(
        *[{**BASE, "title": f"v{n}", f"question:{question.pk}": str(n)} for n in range(3)],
        submission=SubmissionFactory(event=event),
    )
    many = _with_revisions(
        *[{**BASE, "title": f"v{n}", f"question:{question.pk}": str(n)} for n in range(30)],
        submission=SubmissionFactory(event=event),
    )
    client.force_login(organizer)
    client.get(_revisions_url(few))  # the session and the user's roles are warm after this

    with CaptureQueriesContext(connection) as for_few:
        client.get(_revisions_url(few))
    with django_assert_max_num_queries(len(for_few)):
        response = client.get(_revisions_url(many))

    assert "Changes from version 29 to version 30" in response.content.decode()


# Turning the preview link on and off


def test_a_speaker_turns_the_preview_link_on_and_sees_it_on_the_proposal(client):
    submission = SubmissionFactory()
    client.force_login(submission.created_by)

    response = client.post(_preview_link_url(submission), {"action": "enable"}, follow=True)

    submission.refresh_from_db()
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == submission.get_absolute_url()
    assert "The preview link is on" in html
    assert f"http://testserver/preview/{submission.preview_token}/" in html
    assert "Turn the link off" in html


def test_turning_the_link_on_twice_keeps_the_same_link(client):
    submission = SubmissionFactory()
    client.force_login(submission.created_by)
    client.post(_preview_link_url(submission), {"action": "enable"})
    submission.refresh_from_db()
    token = submission.preview_token

    client.post(_preview_link_url(submission), {"action": "enable"})

    submission.refresh_from_db()
    assert submission.preview_token == token


def test_a_co_speaker_turns_the_preview_link_off(client):
    co_speaker = UserFactory()
    submission = SubmissionFactory(speakers=[co_speaker])
    enable_preview_link(submission=submission, by=submission.created_by)
    client.force_login(co_speaker)

    response = client.post(_preview_link_url(submission), {"action": "disable"}, follow=True)

    submission.refresh_from_db()
    assert submission.preview_token is None
    assert "The preview link is off" in response.content.decode()
    assert "Create a preview link" in response.content.decode()


def test_speakers_can_share_after_the_call_closed(client):
    submission = SubmissionFactory(state=SubmissionState.SUBMITTED)
    from tests.factories.tracks import DeadlineFactory

    DeadlineFactory(event=submission.event, due=timezone.now() - timedelta(days=1))
    client.force_login(submission.created_by)

    client.post(_preview_link_url(submission), {"action": "enable"})

    submission.refresh_from_db()
    assert submission.preview_token


def test_turning_on_the_link_of_a_withdrawn_proposal_says_why_not(client):
    submission = SubmissionFactory(state=SubmissionState.WITHDRAWN)
    client.force_login(submission.created_by)

    response = client.post(_preview_link_url(submission), {"action": "enable"}, follow=True)

    html = response.content.decode()
    assert "A withdrawn proposal cannot be shared." in html
    assert "A withdrawn proposal has no preview link." in html


@pytest.mark.parametrize(
    "who", ["anonymous", "other_author", "other_event_organizer", "reviewer", "organizer"]
)
def test_only_speakers_may_turn_the_preview_link_on(client, who):
    submission = SubmissionFactory()
    if who == "organizer":
        client.force_login(
            MembershipFactory(event=submission.event, role=CommitteeRole.ORGANIZER).user
        )
    elif who != "anonymous":
        client.force_login(_outsider(who, submission))

    response = client.post(_preview_link_url(submission), {"action": "enable"})

    submission.refresh_from_db()
    assert response.status_code == 404
    assert submission.preview_token is None


def test_an_unknown_action_or_a_get_changes_nothing(client):
    submission = SubmissionFactory()
    client.force_login(submission.created_by)

    unknown = client.post(_preview_link_url(submission), {"action": "publish"})
    get = client.get(_preview_link_url(submission))

    submission.refresh_from_db()
    assert (unknown.status_code, get.status_code) == (404, 405)
    assert submission.preview_token is None


def test_organizers_see_the_revision_history_but_not_the_sharing_buttons(client):
    submission = SubmissionFactory()
    client.force_login(MembershipFactory(event=submission.event, role=CommitteeRole.ORGANIZER).user)

    response = client.get(submission.get_absolute_url())

    html = response.content.decode()
    assert _revisions_url(submission) in html
    assert "Create a preview link" not in html


# The preview page


def test_anyone_with_the_link_reads_the_proposal_without_the_notes(client):
    submission = SubmissionFactory(
        title="pixi for science", abstract="Reproducible **environments**.",
        notes="Secret notes for the committee.",
    )  # fmt: skip
    token = enable_preview_link(submission=submission, by=submission.created_by)

    response = client.get(reverse("submissions:preview", args=[token]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "pixi for science" in html
    assert "Reproducible <strong>environments</strong>." in html
    assert submission.created_by.public_name in html
    assert "Secret notes" not in html
    assert "Notes for the committee</h2>" not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_preview_leaves_out_the_paper(client):
    from tests.factories.files import pdf_upload
    from tests.factories.tracks import SessionTypeFactory
    from tracks.enums import SubmissionField

    paper_type = SessionTypeFactory(requested_fields=[SubmissionField.PAPER_PDF])
    submission = SubmissionFactory(session_type=paper_type, event=paper_type.event)
    submission.paper.save("paper.pdf", pdf_upload(2))
    token = enable_preview_link(submission=submission, by=submission.created_by)

    response = client.get(reverse("submissions:preview", args=[token]))

    assert "Download the paper" not in response.content.decode()


def test_the_preview_link_is_404_once_turned_off(client):
    submission = SubmissionFactory()
    token = enable_preview_link(submission=submission, by=submission.created_by)
    disable_preview_link(submission=submission, by=submission.created_by)

    response = client.get(reverse("submissions:preview", args=[token]))

    assert response.status_code == 404


def test_an_unknown_preview_token_is_404(client):
    SubmissionFactory()

    response = client.get(reverse("submissions:preview", args=["not-a-token"]))

    assert response.status_code == 404


def test_the_preview_of_a_withdrawn_proposal_is_404(client):
    submission = SubmissionFactory()
    token = enable_preview_link(submission=submission, by=submission.created_by)
    submission.state = SubmissionState.WITHDRAWN
    submission.save(update_fields=["state"])

    response = client.get(reverse("submissions:preview", args=[token]))

    assert response.status_code == 404
