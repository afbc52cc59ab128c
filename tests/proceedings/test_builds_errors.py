"""A build's error says what happened in words the chair can act on, and never shows the
server's file system paths."""

import os

import pytest
from django.urls import reverse

from proceedings.builds import run_build, start_build
from proceedings.enums import BuildStatus
from proceedings.selectors import camera_ready_requirement
from proceedings.volume import data
from proceedings.volume.sources import REPLACED, without_paths
from tests.factories.pdfs import corrupt_pdf
from tracks.enums import CommitteeRole

from .volume_world import add_paper, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def build_of(event, roles):
    build = start_build(event=event, by=roles[CommitteeRole.PROCEEDINGS_CHAIR], enqueue=False)
    run_build(build_id=build.pk)
    build.refresh_from_db()
    return build


def test_a_new_upload_during_the_build_is_named_as_such(client, monkeypatch, tmp_path):
    event, papers, roles = make_world(pages=(4, 5))
    real = data.paper_sources

    def replaced_after_reading(ev):
        found = real(ev)
        os.remove(found[0].path)  # what save_deliverable does once a new upload commits
        return found

    monkeypatch.setattr(data, "paper_sources", replaced_after_reading)

    build = build_of(event, roles)

    assert build.status == BuildStatus.FAILED
    assert build.error == f"“{papers[0].title}”: {REPLACED}"
    assert build.failed_submission_id == papers[0].pk
    assert "damaged" not in build.error
    client.force_login(roles[CommitteeRole.PROCEEDINGS_CHAIR])
    page = client.get(reverse("proceedings:home", args=[event.slug])).content.decode()
    assert "a new camera-ready was uploaded during the build; its sign-off is pending" in page
    assert str(tmp_path) not in page


def test_a_damaged_paper_error_shows_no_path(tmp_path):
    event, _, roles = make_world(pages=(4,))
    add_paper(camera_ready_requirement(event), "Paper Z broken", 5, roles, data=corrupt_pdf())

    build = build_of(event, roles)

    assert build.status == BuildStatus.FAILED
    assert "“Paper Z broken”: the PDF is damaged and cannot be read" in build.error
    assert str(tmp_path) not in build.error
    assert ".pdf" not in build.error


def test_an_unexpected_error_shows_no_path(monkeypatch, tmp_path):
    event, _, roles = make_world(pages=(4,))

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "builds" / "x.pdf"))

    monkeypatch.setattr(data, "make_volume", disk_full)

    build = build_of(event, roles)

    assert build.status == BuildStatus.FAILED
    assert "No space left on device" in build.error
    assert str(tmp_path) not in build.error
    assert "x.pdf" not in build.error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/srv/media/x.pdf: unable to find trailer", "unable to find trailer"),
        ("[Errno 2] No such file: '/srv/a b/x.pdf'", "[Errno 2] No such file: a file"),
        ("C:\\media\\x.pdf: bad xref", "bad xref"),
        ("split 50/50 and/or 1.4", "split 50/50 and/or 1.4"),
    ],
)
def test_without_paths(text, expected):
    assert without_paths(text) == expected
