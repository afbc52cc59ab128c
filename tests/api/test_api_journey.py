"""An organizer creates an API token from the profile, then tries the API in the browsable docs
(/api/docs/): Swagger UI from vendored files under the CSP, with no console error, no CSP
violation and no failed request; the token works from the docs' "Try it out"."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.api.conftest import build_program, member
from tests.e2e.browser import sign_in
from tests.e2e.test_accessibility import AXE, RUN_AXE
from tests.e2e.test_csp import Watch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_create_a_token_and_use_it_in_the_docs(live_server, page, artifacts_dir):
    program = build_program()
    organizer = member(program.event, email="olga@example.org", name="Olga Organizer")
    page.set_viewport_size({"width": 1280, "height": 900})
    watch = Watch(page)
    page.context.add_init_script(path=AXE)  # init scripts are not subject to the page's CSP
    sign_in(page, live_server, organizer.email)

    page.goto(live_server.url + reverse("accounts:profile"))
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Schedule sync")
    page.get_by_label(program.event.name).check()
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label(re.compile("Copy it now")).input_value()
    page.screenshot(path=artifacts_dir / "api-token-created.png", full_page=True)
    expect(page.get_by_role("cell", name="Schedule sync", exact=True)).to_be_visible()
    assert secret.startswith("cpt_")
    assert page.evaluate(RUN_AXE) == []

    page.goto(live_server.url + reverse("api:docs"))
    expect(page.get_by_text("Proposals", exact=True).first).to_be_visible()
    page.get_by_role("button", name="Authorize").first.click()
    page.locator(".modal-ux input").fill(f"Token {secret}")
    page.locator(".modal-ux").get_by_role("button", name="Apply credentials").click()
    page.locator(".modal-ux").get_by_role("button", name="Close").click()
    operation = page.locator("#operations-Organizers_and_track_chairs-events_proposals_list")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.locator("input[placeholder='slug']").fill(program.event.slug)
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status")).to_have_text(
        "200"
    )
    expect(operation.locator(".live-responses-table")).to_contain_text(program.sessions[0].title)
    page.screenshot(path=artifacts_dir / "api-docs-try-it-out.png", full_page=True)
    page.goto(live_server.url + reverse("api:docs"))
    expect(page.locator(".opblock").first).to_be_visible()
    page.screenshot(path=artifacts_dir / "api-docs.png")
    docs_violations = page.evaluate(RUN_AXE)

    assert docs_violations == []
    assert watch.take() == []
    assert "script-src 'self'" in watch.policies[-1]
