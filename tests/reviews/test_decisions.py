import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mails.enums import EmailStatus
from mails.models import OutboundEmail
from reviews.enums import Decision
from reviews.services.decisions import decide
from submissions.enums import SubmissionState
from submissions.models import StateChange
from tests.factories.reviews import ConflictFactory, ReviewFactory, ReviewFormFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

S = SubmissionState


@pytest.fixture
def event():
    return EventFactory()


def member(event, role=CommitteeRole.ORGANIZER, tracks=()):
    user = UserFactory()
    MembershipFactory(event=event, user=user, role=role, tracks=list(tracks))
    return user


def proposal(event, state=S.UNDER_REVIEW, **fields):
    return SubmissionFactory(event=event, state=state, **fields)


def url(event, name="decisions", **kwargs):
    return reverse(f"reviews:{name}", kwargs={"event": event.slug, **kwargs})


def states(*submissions):
    return [type(s).objects.get(pk=s.pk).state for s in submissions]


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# The decide service


def test_decide_accepts_every_proposal_and_records_who(event):
    chair = member(event)
    first, second = proposal(event), proposal(event, state=S.SUBMITTED)

    changed = decide(submissions=[first, second], decision=Decision.ACCEPT, by=chair)

    assert changed == 2
    assert states(first, second) == [S.ACCEPTED, S.ACCEPTED]
    assert list(
        StateChange.objects.filter(to_state=S.ACCEPTED).values_list("changed_by_id", flat=True)
    ) == [chair.pk, chair.pk]


def test_decide_is_all_or_nothing_with_a_reason_per_proposal(event):
    chair = member(event)
    good = proposal(event)
    withdrawn = proposal(event, state=S.WITHDRAWN, title="Gone")

    with pytest.raises(ValidationError) as error:
        decide(submissions=[good, withdrawn], decision=Decision.ACCEPT, by=chair)

    assert error.value.messages == ["“Gone” is withdrawn and cannot be accepted."]
    assert states(good, withdrawn) == [S.UNDER_REVIEW, S.WITHDRAWN]


def test_decide_refuses_other_tracks_and_conflicts(event):
    mine, other = TrackFactory(event=event), TrackFactory(event=event)
    chair = member(event, CommitteeRole.TRACK_CHAIR, tracks=[mine])
    conflicted = proposal(event, track=mine, title="Friend's")
    ConflictFactory(submission=conflicted, user=chair)
    elsewhere = proposal(event, track=other, title="Elsewhere")

    with pytest.raises(ValidationError) as error:
        decide(submissions=[conflicted, elsewhere], decision=Decision.REJECT, by=chair)

    assert error.value.messages == [
        "You have a conflict of interest with “Friend's”.",
        "“Elsewhere” is not in your tracks.",
    ]
    assert states(conflicted, elsewhere) == [S.UNDER_REVIEW, S.UNDER_REVIEW]


def test_decide_again_is_a_no_op(event):
    chair = member(event)
    submission = proposal(event, state=S.ACCEPTED)

    changed = decide(submissions=[submission], decision=Decision.ACCEPT, by=chair)

    assert changed == 0
    assert StateChange.objects.count() == 0


# The decide endpoint


def test_bulk_decide_redirects_to_a_safe_next(client, event):
    chair = member(event)
    first, second = proposal(event), proposal(event)
    client.force_login(chair)
    back = url(event) + "?state=under_review"

    response = client.post(
        url(event, "decide"),
        {"submissions": [first.pk, second.pk], "decision": "waitlisted", "next": back,
         "confirmed": "1"},
    )  # fmt: skip

    assert response.url == back
    assert states(first, second) == [S.WAITLISTED, S.WAITLISTED]
    assert texts(response) == ["2 proposals waitlisted."]


def test_bulk_decide_ignores_an_outside_next(client, event):
    chair = member(event)
    submission = proposal(event)
    client.force_login(chair)

    response = client.post(
        url(event, "decide"),
        {"submissions": [submission.pk], "decision": "rejected", "next": "https://evil.example/",
         "confirmed": "1"},
    )  # fmt: skip

    assert response.url == url(event)


def reviewed(submission, count=3):
    for _ in range(count):
        ReviewFactory(submission=submission, overall=4, submitted_at=timezone.now())
    return submission


def test_bulk_decide_lists_proposals_short_of_reviews_and_decides_nothing_yet(client, event):
    chair = member(event)
    full = reviewed(proposal(event, title="Fully reviewed"))
    none, one = proposal(event, title="Nobody read it"), reviewed(proposal(event, title="Once"), 1)
    ReviewFactory(submission=one, overall=2)  # a draft does not count
    client.force_login(chair)
    back = url(event) + "?state=under_review"

    response = client.post(
        url(event, "decide"),
        {"submissions": [full.pk, none.pk, one.pk], "decision": "accepted", "next": back},
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert states(full, none, one) == [S.UNDER_REVIEW] * 3
    assert "2 of the 3 selected proposals lack reviews" in html
    assert "Nobody read it</a>: 0 of 3 reviews submitted" in html
    assert "Once</a>: 1 of 3 reviews submitted" in html
    assert "Fully reviewed" not in html
    assert "Accept 3 proposals anyway" in html
    assert f'name="next" value="{back}"' in html.replace("&amp;", "&")
    assert f'href="{back}">Back without deciding' in html.replace("&amp;", "&")


def test_bulk_decide_of_one_unreviewed_proposal_names_it(client, event):
    chair = member(event)
    unread = proposal(event, title="Nobody read it")
    client.force_login(chair)

    response = client.post(
        url(event, "decide"), {"submissions": [unread.pk], "decision": "rejected"}
    )
    html = response.content.decode()

    assert "The selected proposal lacks reviews" in html
    assert "Reject 1 proposal anyway" in html
    assert states(unread) == [S.UNDER_REVIEW]


def test_bulk_decide_once_confirmed_decides_proposals_short_of_reviews(client, event):
    chair = member(event)
    full, none = reviewed(proposal(event)), proposal(event)
    client.force_login(chair)

    response = client.post(
        url(event, "decide"),
        {"submissions": [full.pk, none.pk], "decision": "accepted", "confirmed": "1"},
    )

    assert response.status_code == 302
    assert states(full, none) == [S.ACCEPTED, S.ACCEPTED]
    assert texts(response) == ["2 proposals accepted."]


def test_bulk_decide_of_fully_reviewed_proposals_asks_nothing(client, event):
    chair = member(event)
    first, second = reviewed(proposal(event)), reviewed(proposal(event))
    client.force_login(chair)

    response = client.post(
        url(event, "decide"), {"submissions": [first.pk, second.pk], "decision": "rejected"}
    )

    assert response.status_code == 302
    assert states(first, second) == [S.REJECTED, S.REJECTED]


def test_bulk_decide_reports_why_nothing_changed(client, event):
    chair = member(event)
    good, withdrawn = proposal(event), proposal(event, state=S.WITHDRAWN, title="Gone")
    client.force_login(chair)

    response = client.post(
        url(event, "decide"), {"submissions": [good.pk, withdrawn.pk], "decision": "accepted"}
    )

    assert texts(response) == ["Nothing was decided: “Gone” is withdrawn and cannot be accepted."]
    assert states(good) == [S.UNDER_REVIEW]


def test_bulk_decide_without_selection_says_so(client, event):
    client.force_login(member(event))

    response = client.post(url(event, "decide"), {"decision": "accepted"})

    assert texts(response) == ["Select at least one proposal."]


def test_bulk_decide_rejects_another_events_proposal(client, event):
    foreign = proposal(EventFactory())
    client.force_login(member(event))

    response = client.post(
        url(event, "decide"), {"submissions": [foreign.pk], "decision": "accepted"}
    )

    assert texts(response) == ["One of the selected proposals does not exist (any more)."]
    assert states(foreign) == [S.UNDER_REVIEW]


def test_bulk_decide_takes_an_id_too_large_for_the_database_as_unknown(client, event):
    client.force_login(member(event))

    response = client.post(
        url(event, "decide"), {"submissions": ["9" * 25], "decision": "accepted"}
    )

    assert response.status_code == 302
    assert texts(response) == ["One of the selected proposals does not exist (any more)."]


# Permissions


def _roles(event, submission):
    other_track = TrackFactory(event=event)
    conflicted_chair = member(event, CommitteeRole.TRACK_CHAIR, tracks=[submission.track])
    ConflictFactory(submission=submission, user=conflicted_chair)
    return {
        "anonymous": None,
        "reviewer": member(event, CommitteeRole.REVIEWER),
        "author": submission.created_by,
        "other track's chair": member(event, CommitteeRole.TRACK_CHAIR, tracks=[other_track]),
        "conflicted chair": conflicted_chair,
        "other event's organizer": member(EventFactory()),
    }


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "reviewer",
        "author",
        "other track's chair",
        "conflicted chair",
        "other event's organizer",
    ],
)
def test_nobody_else_decides(client, event, role):
    submission = proposal(event)
    user = _roles(event, submission)[role]
    if user:
        client.force_login(user)

    client.post(url(event, "decide"), {"submissions": [submission.pk], "decision": "accepted"})

    assert states(submission) == [S.UNDER_REVIEW]


@pytest.mark.parametrize("role", ["anonymous", "reviewer", "author", "other event's organizer"])
@pytest.mark.parametrize("name", ["decisions", "outbox"])
def test_pages_are_404_for_outsiders(client, event, role, name):
    user = _roles(event, proposal(event))[role]
    if user:
        client.force_login(user)

    response = client.get(url(event, name))

    assert response.status_code == (302 if role == "anonymous" else 404)


def test_track_chair_sees_only_their_tracks_and_no_conflicted_proposal(client, event):
    mine, other = TrackFactory(event=event), TrackFactory(event=event)
    chair = member(event, CommitteeRole.TRACK_CHAIR, tracks=[mine])
    shown = proposal(event, track=mine, title="Shown")
    ConflictFactory(submission=proposal(event, track=mine), user=chair)
    proposal(event, track=other)
    client.force_login(chair)

    response = client.get(url(event))

    assert [s.title for s in response.context["rows"]] == [shown.title]
    assert response.context["hidden"] == 1


def test_track_chair_has_no_outbox_nor_email_templates(client, event):
    chair = member(event, CommitteeRole.TRACK_CHAIR, tracks=[TrackFactory(event=event)])
    client.force_login(chair)

    outbox = client.get(url(event, "outbox"))
    template = client.get(url(event, "notification-template", decision="accepted"))

    assert (outbox.status_code, template.status_code) == (404, 404)


# The decisions page


def test_decisions_page_shows_review_count_mean_and_state(client, event):
    chair = member(event)
    submission = proposal(event, title="Scored")
    now, form = timezone.now(), ReviewFormFactory(event=event)
    ReviewFactory(submission=submission, form=form, overall=4, submitted_at=now)
    ReviewFactory(submission=submission, form=form, overall=1, submitted_at=now)
    ReviewFactory(submission=submission, form=form, overall=5)  # a draft does not count
    proposal(event, state=S.DRAFT)
    client.force_login(chair)

    response = client.get(url(event))

    row = response.context["rows"][0]
    assert (row.title, row.n_reviews, row.mean, row.state) == ("Scored", 2, 2.5, S.UNDER_REVIEW)
    assert response.context["tally"] == [("Under review", 1)]


@pytest.mark.parametrize("count", [2, 12])
def test_decisions_page_query_count_is_constant(
    client, event, count, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    chair, form = member(event), ReviewFormFactory(event=event)
    for _ in range(count):
        submission = proposal(event, state=S.ACCEPTED)
        ReviewFactory(submission=submission, form=form, overall=3, submitted_at=timezone.now())
    client.force_login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(event, "notify"))

    with django_assert_max_num_queries(40):
        response = client.get(url(event))

    assert len(response.context["rows"]) == count
    assert response.context["progress"]["total"] == count


# The outbox


def _emails(event, count, status=EmailStatus.SENT):
    return [
        OutboundEmail.objects.create(
            event=event,
            to=f"p{i}@example.org",
            subject=f"Mail {i}",
            body="Hello",
            from_email="cfp@example.org",
            status=status,
        )
        for i in range(count)
    ]


def test_outbox_lists_filters_and_searches(client, event):
    _emails(event, 2)
    failed = _emails(event, 1, EmailStatus.FAILED)[0]
    OutboundEmail.objects.create(to="x@example.org", subject="Elsewhere", body="", from_email="a")
    client.force_login(member(event))

    everything = client.get(url(event, "outbox"))
    failures = client.get(url(event, "outbox") + "?status=failed")
    searched = client.get(url(event, "outbox") + "?q=p1@")

    assert everything.context["paginator"].count == 3
    assert [e.pk for e in failures.context["emails"]] == [failed.pk]
    assert [e.to for e in searched.context["emails"]] == ["p1@example.org"]


def test_outbox_email_detail_and_other_events_email_is_404(client, event):
    email = _emails(event, 1)[0]
    foreign = _emails(EventFactory(), 1)[0]
    client.force_login(member(event))

    shown = client.get(url(event, "outbox-email", pk=email.pk))
    hidden = client.get(url(event, "outbox-email", pk=foreign.pk))

    assert (shown.status_code, hidden.status_code) == (200, 404)
    assert b"Hello" in shown.content


@pytest.mark.parametrize("count", [3, 60])
def test_outbox_query_count_is_constant(client, event, count, django_assert_max_num_queries):
    _emails(event, count)
    client.force_login(member(event))

    with django_assert_max_num_queries(19):
        response = client.get(url(event, "outbox"))

    assert response.context["paginator"].count == count
