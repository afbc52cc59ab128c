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

from reviews.enums import ReviewMode
from reviews.models import ReviewSettings
from submissions.enums import SubmissionState
from submissions.services import invite_speaker
from tests.factories.reviews import ReviewAssignmentFactory, ReviewFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole, DeadlineKind

pytestmark = pytest.mark.django_db

MAX_DEPTH = 3
MAX_PAGES = 150
MAX_VARIANTS = 2  # of one path with different query strings (sorting, filters, pages)
SKIPPED_PREFIXES = ("/accounts/logout/", "/admin/", "/static/", "/media/")
# How many pages each role reached when this was written (7, 18, 40, 19, 16), less a margin.
MIN_PAGES = {"visitor": 5, "author": 15, "organizer": 35, "chair": 15, "reviewer": 12}


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
    proposal (with a pending co-speaker), its reviewer (reviewed), track chair and organizer."""
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
    return SimpleNamespace(event=event, users=users, draft=draft, submitted=submitted)


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


def test_the_author_reaches_the_bio_page_from_the_edit_page(world):
    client = Client()
    client.force_login(world.users["author"])
    bio = reverse("submissions:bio", args=[world.event.slug])

    seen = crawl(client, [reverse("submissions:edit", args=[world.event.slug, world.draft.pk])])

    statuses = [status for url, (status, _) in seen.items() if url.split("?")[0] == bio]
    assert statuses == [200]
