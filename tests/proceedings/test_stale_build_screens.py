"""In a browser: the settings refuse {number} in the DOI pattern with the reason next to the
field, and the volume page of a build whose worker died offers Build again; screenshots go to
test-artifacts/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from proceedings.builds import start_build
from proceedings.enums import BuildStatus
from proceedings.models import ProceedingsBuild
from tests.e2e.browser import sign_in
from tracks.enums import CommitteeRole

from .volume_world import make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_doi_number_refused_and_a_dead_build_unlocks_the_page(
    page, live_server, artifacts_dir, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    event, _, roles = make_world(pages=(4, 5))
    chair = roles[CommitteeRole.PROCEEDINGS_CHAIR]
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, live_server, chair.email)

    page.goto(f"{live_server.url}/{event.slug}/manage/proceedings/settings/")
    page.get_by_label("DOI pattern").fill("{prefix}/{event}.{year}.{number}")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("but a DOI is permanent")).to_be_visible()
    page.screenshot(path=artifacts_dir / "proceedings-settings-doi-number.png", full_page=True)

    live = start_build(event=event, by=chair, enqueue=False)
    ProceedingsBuild.objects.filter(pk=live.pk).update(
        status=BuildStatus.RUNNING, started_at=timezone.now(), progress_at=timezone.now(),
        total=2, done=1, cancel_requested=True,
    )  # fmt: skip
    page.goto(f"{live_server.url}/{event.slug}/manage/proceedings/")
    expect(page.get_by_text("Stopping… 1 of 2 papers merged")).to_be_visible()
    page.screenshot(path=artifacts_dir / "proceedings-build-stopping.png", full_page=True)

    ProceedingsBuild.objects.filter(pk=live.pk).update(
        progress_at=timezone.now() - timedelta(minutes=4)
    )
    page.reload()  # the script's next poll would end it the same way
    expect(page.get_by_role("button", name="Build the volume")).to_be_enabled()
    page.screenshot(path=artifacts_dir / "proceedings-build-unlocked.png", full_page=True)
