"""The manual order moves only among the papers the camera-ready list shows: a withdrawn or
rejected paper, hidden from the list, is never what a "Move up/down" click swaps with."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from proceedings import services
from proceedings.enums import PaperOrder
from proceedings.models import PaperCheck
from proceedings.selectors import approved_papers
from submissions.enums import SubmissionState
from tracks.enums import CommitteeRole

from .volume_world import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    event, papers, roles = make_world(pages=(4, 5, 6), order=PaperOrder.MANUAL)
    for position, paper in enumerate(papers, 1):
        PaperCheck.objects.filter(submission=paper).update(position=position)
    return event, papers, roles


def hide(paper, state):
    type(paper).objects.filter(pk=paper.pk).update(state=state)


def listed_titles(page: str, papers) -> list[str]:
    shown = [paper.title for paper in papers if paper.title in page]
    return sorted(shown, key=page.index)


@pytest.mark.parametrize("state", [SubmissionState.WITHDRAWN, SubmissionState.REJECTED])
def test_move_up_past_a_hidden_paper_changes_the_visible_order(client, world, state):
    event, (a, b, c), roles = world
    hide(b, state)
    client.force_login(roles[CommitteeRole.PROCEEDINGS_CHAIR])
    url = reverse("proceedings:papers", args=[event.slug])
    assert listed_titles(client.get(url).content.decode(), (a, c)) == [a.title, c.title]

    client.post(url, {"paper": c.pk, "action": "up"})

    assert listed_titles(client.get(url).content.decode(), (a, c)) == [c.title, a.title]
    assert [paper.title for paper in approved_papers(event)] == [c.title, a.title]


def test_a_move_renumbers_only_the_listed_papers(world):
    _, (a, b, c), _ = world
    hide(b, SubmissionState.WITHDRAWN)

    services.move_paper(submission=a, offset=+1)

    positions = dict(PaperCheck.objects.values_list("submission_id", "position"))
    assert positions == {c.pk: 1, a.pk: 2, b.pk: 2}  # the hidden paper's position untouched


def test_a_hidden_paper_cannot_be_moved(world):
    _, (_, b, _), _ = world
    hide(b, SubmissionState.WITHDRAWN)

    with pytest.raises(ValidationError, match="Only papers with a camera-ready"):
        services.move_paper(submission=b, offset=-1)
