"""axe-core (vendored under tests/e2e/vendor/axe-core, see its VERSION) finds no contrast,
region or landmark violation on the main pages of visitors, authors, reviewers and chairs."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from reviews.models import ReviewAssignment
from submissions.models import Submission
from tests.e2e.browser import sign_in
from tracks.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# The rules the issue found broken, and every landmark rule axe has.
RUN_AXE = """async () => {
  const rules = axe.getRules().map((rule) => rule.ruleId)
    .filter((id) => id === "color-contrast" || id === "region" || id.startsWith("landmark"));
  const result = await axe.run(document, {runOnly: {type: "rule", values: rules}});
  return result.violations.map(
    (v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "));
}"""


def _pages() -> dict[str | None, list[str]]:
    author = Submission.objects.filter(speakers__user__email="author@example.org").first()
    assigned = ReviewAssignment.objects.filter(
        reviewer__email="steve.farrell@dlonsc.example.org"
    ).first()
    return {
        None: ["/", "/dlonsc-2020/", "/dlonsc-2020/committee/", reverse("account_login")],
        "author@example.org": [
            reverse("submissions:dashboard"),
            reverse("submissions:detail", args=[author.event.slug, author.pk]),
            reverse("submissions:edit", args=[author.event.slug, author.pk]),
        ],
        "steve.farrell@dlonsc.example.org": [
            reverse("reviews:home", args=["dlonsc-2020"]),
            reverse("reviews:bids", args=["dlonsc-2020"]),
            reverse("reviews:review", args=["dlonsc-2020", assigned.submission_id]),
        ],
        "zhao.zhang@dlonsc.example.org": [
            reverse(name, args=["dlonsc-2020"])
            for name in (
                "tracks:manage-settings",
                "tracks:manage-deadlines",
                "reviews:manage-assignments",
                "reviews:ranking",
                "reviews:decisions",
            )
        ],
    }


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_main_pages_have_no_contrast_region_or_landmark_violations(live_server, page, viewport):
    call_command("load_demo", verbosity=0)
    page.context.add_init_script(path=AXE)  # init scripts are not subject to the page's CSP
    found = {}

    for email, paths in _pages().items():
        page.set_viewport_size(DESKTOP)
        if email:
            sign_in(page, live_server, email, DEMO_PASSWORD)
        page.set_viewport_size(viewport)
        for path in paths:
            page.goto(live_server.url + path)
            if violations := page.evaluate(RUN_AXE):
                found[path] = violations

    assert found == {}
