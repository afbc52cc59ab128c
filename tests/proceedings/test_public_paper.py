"""A paper of the published volume is offered on its session page only while the session is
scheduled: once withdrawn, its cancelled session page neither links nor serves the PDF."""

import pytest
from django.urls import reverse

from proceedings.builds import publish_build, run_build, start_build
from program.services import publish_schedule
from submissions.enums import SubmissionState
from tests.factories.program import SessionSlotFactory
from tracks.enums import CommitteeRole

from .volume_world import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_withdrawn_papers_cancelled_session_offers_no_proceedings_pdf(client):
    event, papers, roles = make_world(pages=(4,))
    chair = roles[CommitteeRole.PROCEEDINGS_CHAIR]
    SessionSlotFactory(event=event, submission=papers[0])
    publish_schedule(
        event=event, name="v1", comment="", notify_speakers=False, by=roles[CommitteeRole.ORGANIZER]
    )
    build = start_build(event=event, by=chair, enqueue=False)
    run_build(build_id=build.pk)
    build.refresh_from_db()
    publish_build(build=build, by=chair)
    session = reverse("program:session", args=[event.slug, papers[0].pk])
    paper_pdf = reverse("proceedings:paper-pdf", args=[event.slug, papers[0].pk])
    assert paper_pdf in client.get(session).content.decode()
    response = client.get(paper_pdf)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    type(papers[0]).objects.filter(pk=papers[0].pk).update(state=SubmissionState.WITHDRAWN)

    page = client.get(session).content.decode()
    assert "is-cancelled" in page  # the session page is still there, marked cancelled
    assert paper_pdf not in page
    assert "Paper in the proceedings" not in page
    assert client.get(paper_pdf).status_code == 404
