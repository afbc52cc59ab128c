"""Every role's main pages work under the Content-Security-Policy: no console error, no CSP
violation, no failed request; htmx and the data-attribute behaviours still work; on a phone the
event header is compact and the decide bar leaves every row readable."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from program.models import Slot
from reviews.models import ReviewAssignment
from submissions.models import Question, Speaker, Submission
from submissions.services import create_submission
from tests.e2e.browser import program_pages, sign_in
from tests.factories.tracks import DeadlineFactory, EventFactory, SessionTypeFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.demo import DEMO_PASSWORD
from tracks.models import Deadline, Membership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Init scripts run outside the page's CSP, so the listener is there before any violation.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.effectiveDirective + " blocked "
    + (event.blockedURI || "inline code") + " in " + event.sourceFile + ":" + event.lineNumber);
});
"""
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class Watch:
    """What went wrong on the pages a Playwright page loaded since the last ``take()``."""

    def __init__(self, page):
        self.problems: list[str] = []
        self.policies: list[str] = []
        page.context.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")
        if response.request.resource_type == "document":
            self.policies.append(response.headers.get("content-security-policy", ""))

    def take(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems


def _script_src(policy: str) -> str:
    match = re.search(r"(?:^|;)\s*script-src ([^;]*)", policy)
    return match.group(1) if match else ""


def _organizer_pages(slug: str) -> list[str]:
    event_kw = {"event": slug}
    names = [
        "tracks:manage-settings", "tracks:manage-deadlines", "submissions:manage-list",
        "submissions:manage-extensions", "submissions:manage-deliverables",
        "submissions:manage-questions", "reviews:outbox", "reviews:manage-committee",
        "reviews:review-settings", "reviews:review-forms", "reviews:manage-conflicts",
        "reviews:manage-assignments", "reviews:auto-assign", "reviews:ranking",
        "reviews:decisions",
    ]  # fmt: skip
    pages = [reverse(name, kwargs=event_kw) for name in names]
    deadline = Deadline.objects.filter(event__slug=slug).first()
    pages.append(reverse("tracks:manage-deadline", args=[slug, deadline.pk]))
    question = Question.objects.filter(event__slug=slug).first()
    if question:
        pages.append(reverse("submissions:manage-question-edit", args=[slug, question.pk]))
    proposal = Submission.objects.filter(event__slug=slug).exclude(state="draft").first()
    pages.append(reverse("submissions:detail", args=[slug, proposal.pk]))
    pages.append(reverse("reviews:proposal-reviews", args=[slug, proposal.pk]))
    pages.append(reverse("reviews:notification-template", args=[slug, "accepted"]))
    program = ("manage-schedule", "manage-rooms", "manage-exports", "manage-schedule-publish")
    return pages + [reverse(f"program:{name}", kwargs=event_kw) for name in program]


def _chair_program_pages(email: str, slug: str) -> list[str]:
    """The schedule editor as a track chair sees it, and a session of their track."""
    tracks = Membership.objects.get(user__email=email, event__slug=slug, role="track_chair")
    session = Slot.objects.filter(
        version=None, event__slug=slug, submission__track__in=tracks.tracks.all(), parent=None
    ).first()
    return [
        reverse("program:manage-schedule", args=[slug]),
        reverse("program:manage-schedule-session", args=[slug, session.submission_id]),
    ]


def _reviewer_pages(email: str, slug: str) -> list[str]:
    pages = [reverse(name, args=[slug]) for name in ("reviews:home", "reviews:profile")]
    pages.append(reverse("reviews:bids", args=[slug]))
    assignment = ReviewAssignment.objects.filter(
        reviewer__email=email, submission__event__slug=slug
    ).first()
    if assignment:
        pages.append(reverse("reviews:review", args=[slug, assignment.submission_id]))
    return pages


def _author_pages(email: str) -> list[str]:
    pages = [reverse("submissions:dashboard")]
    for proposal in Submission.objects.filter(speakers__user__email=email):
        slug = proposal.event.slug
        pages += [
            reverse("submissions:detail", args=[slug, proposal.pk]),
            reverse("submissions:edit", args=[slug, proposal.pk]),
            reverse("submissions:revisions", args=[slug, proposal.pk]),
            reverse("submissions:bio", args=[slug]),
        ]
    names = ("accounts:profile", "account_email", "account_change_password")
    return [*pages, *(reverse(name) for name in names)]


def _chair_email() -> str:
    return Membership.objects.filter(role="track_chair").order_by("pk").first().user.email


def _roles() -> dict[str, tuple[str | None, list[str]]]:
    """Each role's sign-in and main pages, from the demo data."""
    visitor = ["/", "/scipy-2025/", "/dlonsc-2020/", "/dlonsc-2020/committee/"]
    visitor += [reverse(name) for name in ("account_login", "account_signup")]
    visitor += program_pages("scipy-2020")
    chair = _chair_email()
    chair_slug = Membership.objects.filter(user__email=chair, role="track_chair").first()
    chair_slug = chair_slug.event.slug
    chair_pages = [
        reverse(name, args=[chair_slug])
        for name in ("reviews:manage-assignments", "reviews:ranking", "reviews:decisions")
    ] + _chair_program_pages(chair, chair_slug)
    proposal = Submission.objects.order_by("pk").first()
    admin = ["/admin/", "/admin/submissions/submission/"]
    admin.append(reverse("admin:submissions_submission_change", args=[proposal.pk]))
    return {
        "visitor": (None, visitor),
        "site admin": ("admin@example.org", admin),
        "author": ("author@example.org", _author_pages("author@example.org")),
        "organizer": ("organizer@example.org", _organizer_pages("scipy-2025")),
        "co-chair": ("zhao.zhang@dlonsc.example.org", _organizer_pages("dlonsc-2020")),
        "track chair": (chair, chair_pages),
        "reviewer": (
            "steve.farrell@dlonsc.example.org",
            _reviewer_pages("steve.farrell@dlonsc.example.org", "dlonsc-2020"),
        ),
        "tutorial reviewer": (
            "reviewer@example.org",
            _reviewer_pages("reviewer@example.org", "scipy-2025"),
        ),
    }


@pytest.fixture
def demo(transactional_db) -> Submission:
    """The demo data, and a draft of author@example.org with a co-speaker in a call still open."""
    call_command("load_demo", verbosity=0)
    event = EventFactory(name="SciPy 2027", slug="scipy-2027")
    DeadlineFactory(event=event, due=timezone.now() + timedelta(days=20))
    draft = create_submission(
        event=event,
        track=TrackFactory(event=event, name="Tutorials"),
        session_type=SessionTypeFactory(event=event, name="Tutorial"),
        author=get_user_model().objects.get(email="author@example.org"),
        data={"title": "Reproducible workflows with pixi", "abstract": "We teach pixi."},
    )
    Speaker.objects.create(submission=draft, user=UserFactory(name="Ruben Arts"), position=1)
    return draft


def _report(problems: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{where}: {problem}" for where, found in problems.items() for problem in found
    )


def test_every_roles_main_pages_load_without_csp_violations_or_errors(demo, live_server, page):
    page.set_viewport_size(DESKTOP)
    watch = Watch(page)
    problems = {}
    visited = 0

    for role, (email, paths) in _roles().items():
        if email:
            sign_in(page, live_server, email, DEMO_PASSWORD)
        else:
            page.context.clear_cookies()
        watch.take()
        for path in paths:
            page.goto(live_server.url + path)
            page.wait_for_load_state("load")
            visited += 1
            if found := watch.take():
                problems[f"{role} {path}"] = found

    assert problems == {}, _report(problems)
    assert visited > 40
    assert len(watch.policies) >= visited
    assert all("'unsafe-inline'" not in _script_src(policy) for policy in watch.policies)
    assert all(_script_src(policy).strip() == "'self'" for policy in watch.policies)


def test_htmx_preview_and_data_attribute_behaviours_work_under_the_csp(demo, live_server, page):
    page.set_viewport_size(DESKTOP)
    watch = Watch(page)
    sign_in(page, live_server, "author@example.org", DEMO_PASSWORD)
    proposal, slug = demo, demo.event.slug
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(live_server.url + reverse("submissions:edit", args=[slug, proposal.pk]))
    abstract = page.get_by_label("Abstract")
    abstract.fill("A **bold** claim.")
    page.locator('button[hx-include="#id_abstract"]').click()
    expect(page.locator("#id_abstract-preview strong")).to_have_text("bold")
    assert page.locator("head style").count() == 0  # htmx injected no indicator styles

    page.get_by_role("button", name="Leave").first.click()
    expect(page.locator(".autosave-status")).to_contain_text("Draft saved")
    page.wait_for_timeout(300)
    assert dialogs == ["Leave this proposal? You will no longer see or edit it."]
    assert proposal.speakers.filter(user__email="author@example.org").exists()

    page.goto(live_server.url + reverse("account_email"))
    page.get_by_role("button", name="Remove").click()
    assert dialogs[-1] == "Do you really want to remove the selected email address?"

    sign_in(page, live_server, "zhao.zhang@dlonsc.example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("submissions:manage-extensions", args=["dlonsc-2020"]))
    form = page.locator("[data-extension-form]")
    parts = form.locator("[data-kind]")
    form.locator("input[name=kind]").first.check()
    hidden = parts.evaluate_all("parts => parts.map(part => part.hidden)")
    assert True in hidden
    assert False in hidden

    deadline = Deadline.objects.filter(event__slug="dlonsc-2020").first()
    page.goto(
        live_server.url + reverse("tracks:manage-deadline", args=["dlonsc-2020", deadline.pk])
    )
    page.get_by_role("button", name="Delete").click()
    assert dialogs[-1] == "Delete this date and its history?"
    assert Deadline.objects.filter(pk=deadline.pk).exists()
    assert watch.take() == []


def test_phone_event_header_is_compact_and_the_decide_bar_covers_no_row(demo, live_server, page):
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, "zhao.zhang@dlonsc.example.org", DEMO_PASSWORD)
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + "/dlonsc-2020/")
    event_header = page.locator(".event-header").bounding_box()["height"]
    page.goto(live_server.url + reverse("reviews:decisions", args=["dlonsc-2020"]))
    header = page.locator(".event-header").bounding_box()["height"]
    bar = page.locator(".decide-bar")
    bar_box = bar.bounding_box()
    page.keyboard.press("End")
    page.wait_for_timeout(200)
    last_row = page.locator(".decisions-table tbody tr").last.bounding_box()
    bar_after = bar.bounding_box()
    page.screenshot(path="/tmp/csp-phone-decisions.png")

    assert event_header < 260
    assert header < 130
    assert bar_box["height"] < 90
    assert bar_box["y"] + bar_box["height"] == pytest.approx(PHONE["height"], abs=1)
    assert last_row["y"] + last_row["height"] <= bar_after["y"]
