"""The proceedings chair of DLonSC approves the checked camera-ready papers, builds the volume
while its progress bar moves, then downloads the volume and its Crossref deposit."""

import re
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect

from proceedings import builds
from proceedings.volume import assemble
from tests.e2e.browser import sign_in
from tests.e2e.test_csp import Watch
from tests.proceedings.volume_world import make_world
from tracks.enums import CommitteeRole

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def slow_worker(monkeypatch):
    """The build runs beside the web server, as a worker would, a second per paper."""
    real = assemble.write_paper
    threads = []

    def write_slowly(*args, **kwargs):
        time.sleep(1)
        real(*args, **kwargs)

    def work(build_id):
        try:
            builds.run_build(build_id=build_id)
        finally:
            connection.close()

    def enqueue(build_id):
        thread = threading.Thread(target=work, args=(build_id,))
        threads.append(thread)
        thread.start()

    monkeypatch.setattr(assemble, "write_paper", write_slowly)
    monkeypatch.setattr(builds, "_enqueue", enqueue)
    yield
    for thread in threads:
        thread.join(30)


def test_the_proceedings_chair_approves_builds_and_downloads_the_volume(
    live_server, page, artifacts_dir, slow_worker
):
    event, papers, roles = make_world(pages=(6, 8, 7, 5))
    for paper in papers[2:]:  # two papers wait for the chair's sign-off
        paper.paper_check.sign_off = "pending"
        paper.paper_check.save(update_fields=["sign_off"])
    watch = Watch(page)  # console errors, CSP violations, HTTP errors
    sign_in(page, live_server, roles[CommitteeRole.PROCEEDINGS_CHAIR].email)

    page.goto(f"{live_server.url}/{event.slug}/manage/proceedings/papers/")
    for paper in papers[2:]:
        row = page.locator("tr", has_text=paper.title)
        row.get_by_role("button", name="Approve").click()
        expect(page.locator("tr", has_text=paper.title)).to_contain_text("Approved")
    page.screenshot(path=artifacts_dir / "proceedings-papers-approved.png", full_page=True)

    page.get_by_role("link", name="Volume").click()
    expect(page.get_by_text("4 of 4 camera-ready papers approved")).to_be_visible()
    page.get_by_role("button", name="Build the volume").click()
    label = page.locator("[data-build-label]")
    expect(label).to_have_text(re.compile(r"[123] of 4 papers merged"), timeout=15_000)
    assert page.locator("[data-build-bar]").evaluate("bar => bar.value") >= 1  # moved by JS
    page.screenshot(path=artifacts_dir / "proceedings-building.png", full_page=True)
    expect(page.get_by_role("link", name="Volume PDF")).to_be_visible(timeout=30_000)
    expect(page.locator("tbody tr").first).to_contain_text("Done")
    expect(page.locator("tbody tr").first).to_contain_text("Pat Proceedings Person")
    page.screenshot(path=artifacts_dir / "proceedings-built.png", full_page=True)
    assert watch.take() == []
    assert all("script-src 'self'" in policy for policy in watch.policies), watch.policies

    href = page.get_by_role("link", name="Volume PDF").get_attribute("href")
    volume = page.request.get(live_server.url + href)
    assert volume.headers["content-type"] == "application/pdf"
    assert volume.body().startswith(b"%PDF")
    with page.expect_download() as download:
        page.get_by_role("link", name="Crossref XML").click()
    xml = Path(download.value.path()).read_bytes()
    assert b"<doi_batch" in xml
    assert xml.count(b"<conference_paper") == 4
