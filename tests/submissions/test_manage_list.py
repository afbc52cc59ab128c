import csv
import io

import pytest
from django.urls import reverse

from submissions.enums import SubmissionState
from submissions.models import Answer, CoAuthor
from tests.factories.questions import QuestionFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def organizer_client(client, event):
    client.force_login(MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user)
    return client


def _url(event):
    return reverse("submissions:manage-list", args=[event.slug])


def test_organizers_filter_by_track_state_and_search(organizer_client, event):
    hpp, ml = TrackFactory(event=event), TrackFactory(event=event)
    SubmissionFactory(
        event=event, track=hpp, title="Numba on GPUs", state=SubmissionState.SUBMITTED
    )
    SubmissionFactory(event=event, track=hpp, title="Dask at scale")
    SubmissionFactory(event=event, track=ml, title="pixi for ML")
    SubmissionFactory(title="Another event's proposal")

    everything = organizer_client.get(_url(event)).content.decode()
    by_track = organizer_client.get(_url(event), {"track": hpp.pk}).content.decode()
    by_state = organizer_client.get(_url(event), {"state": "submitted"}).content.decode()
    by_search = organizer_client.get(_url(event), {"q": "PIXI"}).content.decode()

    assert everything.count("<tr>") - 1 == 3
    assert "Another event" not in everything
    assert ("Numba" in by_track, "Dask" in by_track, "pixi" in by_track) == (True, True, False)
    assert ("Numba" in by_state, "Dask" in by_state) == (True, False)
    assert ("pixi" in by_search, "Numba" in by_search) == (True, False)


def test_search_finds_proposals_by_speaker_email(organizer_client, event):
    speaker = UserFactory(email="ruben.arts@example.org")
    SubmissionFactory(event=event, title="pixi", speakers=[speaker])

    html = organizer_client.get(_url(event), {"q": "ruben.arts"}).content.decode()

    assert "pixi" in html


def test_csv_export_follows_the_filters_and_defuses_formulas(organizer_client, event):
    SubmissionFactory(event=event, title="=HYPERLINK(1)", state=SubmissionState.SUBMITTED)
    SubmissionFactory(event=event, title="Draft only")

    response = organizer_client.get(_url(event), {"state": "submitted", "format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0][:3] == ["id", "title", "state"]
    assert [row[1] for row in rows[1:]] == ["'=HYPERLINK(1)"]


def test_csv_export_has_coauthors_and_one_column_per_question(
    organizer_client, event, django_assert_max_num_queries
):
    level = QuestionFactory(event=event, text="Which Python level?")
    for title in ("pixi", "Numba"):
        submission = SubmissionFactory(event=event, title=title)
        CoAuthor.objects.create(submission=submission, name="Ian Foster", affiliation="ANL")
    Answer.objects.create(submission=submission, question=level, value="Advanced")

    with django_assert_max_num_queries(12):
        response = organizer_client.get(_url(event), {"format": "csv"})

    header, *rows = csv.reader(io.StringIO(response.content.decode()))
    assert header[-1] == "Which Python level?"
    assert [(row[1], row[8], row[-1]) for row in rows] == [
        ("Numba", "Ian Foster (ANL)", "Advanced"), ("pixi", "Ian Foster (ANL)", ""),
    ]  # fmt: skip


@pytest.mark.parametrize("role", ["reviewer", "track_chair"])
def test_the_list_is_404_for_other_committee_roles(client, event, role):
    client.force_login(MembershipFactory(event=event, role=role).user)

    assert client.get(_url(event)).status_code == 404
    assert client.get(_url(event), {"format": "csv"}).status_code == 404


def test_the_list_uses_a_constant_number_of_queries(
    organizer_client, event, django_assert_max_num_queries
):
    SubmissionFactory(event=event)
    organizer_client.get(_url(event))
    with django_assert_max_num_queries(20) as few:
        organizer_client.get(_url(event))
    for _ in range(8):
        SubmissionFactory(event=event, track=TrackFactory(event=event), speakers=[UserFactory()])

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = organizer_client.get(_url(event))

    assert response.content.decode().count("<tr>") - 1 == 9
