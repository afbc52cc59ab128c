"""Every page a role can reach by following links answers: none is a 500.

For each role, start from its main pages and follow every same-site ``<a href>`` and GET form,
breadth first, a few clicks deep and a bounded number of pages, with the test client. A page
linked from another must not fail, and must not be refused (403/404) to the role that was shown
the link.
"""

from collections import deque
from datetime import timedelta
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from program.enums import SlotKind
from program.models import Slot
from program.services import place_poster, publish_schedule, save_block, schedule_session
from reviews.enums import ReviewMode
from reviews.models import ReviewSettings
from submissions.enums import SubmissionState
from submissions.services import invite_speaker
from tests.factories.program import AcceptedSubmissionFactory, RoomFactory, event_time
from tests.factories.reviews import ReviewAssignmentFactory, ReviewFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import (
    DeadlineFactory,
    EventFactory,
    MembershipFactory,
    SessionTypeFactory,
    TrackFactory,
)
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole, DeadlineKind

pytestmark = pytest.mark.django_db

MAX_DEPTH = 3
MAX_PAGES = 150
MAX_VARIANTS = 2  # of one path with different query strings (sorting, filters, pages)
SKIPPED_PREFIXES = ("/accounts/logout/", "/admin/", "/static/", "/media/")
# How many pages each role reached when this was written (26, 37, 86, 48, 33 since the world
# has a published program), less a margin.
MIN_PAGES = {"visitor": 20, "author": 30, "organizer": 75, "chair": 40, "reviewer": 28}


class _Links(HTMLParser):
    """The targets of ``<a href>`` and of ``<form method="get">`` in a page."""

    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.targets.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.targets.append(attrs.get("action") or "")


def _local_targets(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for target in parser.targets:
        url, _ = urldefrag(urljoin(page_url, target.strip()))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not path.startswith(SKIPPED_PREFIXES):
            found.append(path)
    return found


def crawl(client: Client, start: list[str]) -> dict[str, tuple[int, str]]:
    """Each page reached → (status, the page that linked to it)."""
    seen: dict[str, tuple[int, str]] = {}
    variants: dict[str, int] = {}
    queue = deque((url, 0, "(start)") for url in start)
    while queue and len(seen) < MAX_PAGES:
        url, depth, source = queue.popleft()
        path = url.split("?")[0]
        if url in seen or (url != path and variants.get(path, 0) >= MAX_VARIANTS):
            continue
        if url != path:
            variants[path] = variants.get(path, 0) + 1
        response = client.get(url)
        if response.streaming:  # read a download (a paper) to its end, which closes its file
            b"".join(response.streaming_content)
        seen[url] = (response.status_code, source)
        content_type = response.get("Content-Type", "")
        if depth < MAX_DEPTH and response.status_code == 200 and "html" in content_type:
            html = response.content.decode()
            queue.extend((target, depth + 1, url) for target in _local_targets(url, html))
    return seen


@pytest.fixture
def world():
    """One event with an open call, reviewing under way: an author with a draft and a submitted
    proposal (with a pending co-speaker), its reviewer (reviewed), track chair and organizer.
    Its program v1.0 is published (talks in the chair's track and in another, a poster session
    with a poster, a break), and a talk moved in the draft since, clashing with another."""
    now = timezone.now()
    event = EventFactory()
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(days=20))
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=now + timedelta(days=40))
    ReviewSettings.objects.update_or_create(
        event=event, defaults={"mode": ReviewMode.SINGLE_BLIND, "meta_review": True}
    )
    track = TrackFactory(event=event, name="HPC")
    author = UserFactory(name="Paula Author")
    draft = SubmissionFactory(event=event, track=track, created_by=author, title="Draft talk")
    submitted = SubmissionFactory(
        event=event,
        track=track,
        created_by=author,
        state=SubmissionState.UNDER_REVIEW,
        title="Submitted talk",
    )
    invite_speaker(submission=draft, email="cospeaker@example.org", by=author)
    users = {"author": author}
    for name, role in (
        ("organizer", CommitteeRole.ORGANIZER),
        ("chair", CommitteeRole.TRACK_CHAIR),
        ("reviewer", CommitteeRole.REVIEWER),
    ):
        users[name] = UserFactory(name=name.title())
        MembershipFactory(event=event, user=users[name], role=role, tracks=[track])
    ReviewAssignmentFactory(submission=submitted, reviewer=users["reviewer"])
    ReviewFactory(
        submission=submitted,
        reviewer=users["reviewer"],
        overall=4,
        confidence=3,
        comments_to_authors="Clear.",
        submitted_at=now,
    )
    _published_program(event, track, author)
    return SimpleNamespace(event=event, users=users, draft=draft, submitted=submitted)


def _published_program(event, track, author) -> None:
    """v1.0 of the program: a talk of the author in ``track`` and one in another track, a poster
    session with a poster and a break; then the other talk moves in the draft, onto the first."""
    other = TrackFactory(event=event, name="ML")
    rooms = [RoomFactory(event=event, name=name) for name in ("Ballroom", "Room 102")]
    poster_type = SessionTypeFactory(event=event, name="Poster", duration_minutes=None)
    talks = [
        AcceptedSubmissionFactory(
            event=event, track=track, created_by=author, title="Sparse solvers"
        ),
        AcceptedSubmissionFactory(event=event, track=other, title="Transformers for weather"),
    ]
    for talk, room in zip(talks, rooms, strict=True):
        schedule_session(submission=talk, room=room, start=event_time(event, 0, 9))
    save_block(
        event=event, kind=SlotKind.BREAK, title="Coffee break",
        start=event_time(event, 0, 10), end=event_time(event, 0, 10, 30),
    )  # fmt: skip
    posters = save_block(
        event=event, kind=SlotKind.POSTER_SESSION, title="Posters", room=rooms[0],
        start=event_time(event, 0, 17), end=event_time(event, 0, 18),
    )  # fmt: skip
    poster = AcceptedSubmissionFactory(
        event=event, track=track, session_type=poster_type, title="Checkpointing"
    )
    place_poster(submission=poster, poster_session=posters, board="P1")
    publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)
    # A move since: the talk now clashes with the other in the ballroom (a warning to follow).
    schedule_session(submission=talks[1], room=rooms[0], start=event_time(event, 0, 9, 10))


def _start_pages(world, role: str) -> list[str]:
    slug = world.event.slug
    if role == "visitor":
        return ["/", reverse("tracks:event", args=[slug])]
    if role == "author":
        return ["/", reverse("submissions:dashboard")] + [
            reverse(name, args=[slug, proposal.pk])
            for proposal in (world.draft, world.submitted)
            for name in ("submissions:edit", "submissions:detail")
        ]
    return {
        "organizer": ["/", reverse("tracks:manage-settings", args=[slug])],
        "chair": ["/", reverse("reviews:manage-assignments", args=[slug])],
        "reviewer": ["/", reverse("reviews:home", args=[slug])],
    }[role]


def _program_pages(world, role: str) -> set[str]:
    """The program's pages a role must reach by following links (from the event page for a
    visitor, the organize tabs and the editor for the committee)."""
    slug = world.event.slug
    talk = Slot.objects.filter(
        version__isnull=False, submission__track__name="HPC", parent=None
    ).get()
    speaker = talk.submission.speakers.first().user
    names = {
        "visitor": ["index", "speakers", "posters", "changelog"],
        "organizer": [
            "manage-schedule", "manage-rooms", "manage-exports", "manage-schedule-publish",
            "manage-schedule-warnings",
        ],
        "chair": ["manage-schedule"],
    }.get(role, [])  # fmt: skip
    pages = {reverse(f"program:{name}", args=[slug]) for name in names}
    if role == "visitor":
        pages |= {
            reverse("program:session", args=[slug, talk.submission_id]),
            reverse("program:speaker", args=[slug, speaker.pk]),
        }
    if role in ("organizer", "chair"):
        own = Slot.objects.get(version=None, submission__track__name="HPC", parent=None)
        boards = Slot.objects.get(version=None, kind=SlotKind.POSTER_SESSION)
        pages.add(reverse("program:manage-schedule-session", args=[slug, own.submission_id]))
        pages.add(reverse("program:manage-poster-session", args=[slug, boards.pk]))
    return pages


def _other_track_session(world) -> str:
    talk = Slot.objects.get(version=None, submission__track__name="ML")
    return reverse("program:manage-schedule-session", args=[world.event.slug, talk.submission_id])


@pytest.mark.parametrize("role", ["visitor", "author", "organizer", "chair", "reviewer"])
def test_no_linked_page_fails(world, role):
    client = Client(raise_request_exception=False)
    if role != "visitor":
        client.force_login(world.users[role])

    seen = crawl(client, _start_pages(world, role))

    failures = [
        f"{status} {url} (linked from {source})"
        for url, (status, source) in seen.items()
        if status >= 500 or status in (403, 404)
    ]
    assert failures == []
    assert len(seen) >= MIN_PAGES[role]  # the crawl really went somewhere
    reached = {url.split("?")[0] for url, (status, _) in seen.items() if status == 200}
    assert _program_pages(world, role) - reached == set()
    assert (_other_track_session(world) in reached) == (role == "organizer")


def test_the_author_reaches_the_bio_page_from_the_edit_page(world):
    client = Client()
    client.force_login(world.users["author"])
    bio = reverse("submissions:bio", args=[world.event.slug])

    seen = crawl(client, [reverse("submissions:edit", args=[world.event.slug, world.draft.pk])])

    statuses = [status for url, (status, _) in seen.items() if url.split("?")[0] == bio]
    assert statuses == [200]
