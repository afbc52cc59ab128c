"""API lists answer in a constant number of queries, whatever the number of items (a page of
250 costs what a page of 10 does), measured at two sizes with the same ceilings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from submissions.models import Answer
from tests.api.conftest import build_program, client_with, member, token_for, v1
from tests.factories.questions import QuestionFactory
from tests.factories.reviews import ReviewAssignmentFactory, ReviewFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

# The most queries each list may make (token lookup and last-use update included), with some
# room for the shared program selectors: what matters is that the count does not grow.
CEILINGS = {
    "sessions/": 12, "speakers/": 13, "schedule/": 12, "tracks/": 4, "rooms/": 4,
    "session-types/": 4, "schedule/versions/": 4,
    "proposals/": 10, "review-summaries/": 18, "schedule/draft/": 13,
}  # fmt: skip


def committee_data(program) -> None:
    """An answer and a submitted review (with its assignment) on every proposal."""
    question = QuestionFactory(event=program.event)
    for submission in program.sessions:
        Answer.objects.create(submission=submission, question=question, value="An answer")
        reviewer = UserFactory()
        ReviewAssignmentFactory(submission=submission, reviewer=reviewer)
        ReviewFactory(submission=submission, reviewer=reviewer, overall=3, confidence=2,
                      submitted_at=timezone.now())  # fmt: skip


def sized(size: int):
    program = build_program(sessions=size)
    committee_data(program)
    return program, client_with(token_for(member(program.event), program.event))


def counts(program, client) -> dict[str, int]:
    result = {}
    for path in CEILINGS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(v1(program, path), {"page_size": 250})
        assert response.status_code == 200, path
        result[path] = len(queries)
    return result


def test_a_page_of_250_costs_what_a_page_of_10_does(django_assert_max_num_queries):
    small, large = sized(10), sized(250)

    at_10, at_250 = counts(*small), counts(*large)

    assert at_250 == at_10
    for program, client in (small, large):
        for path, ceiling in CEILINGS.items():
            with django_assert_max_num_queries(ceiling):
                client.get(v1(program, path), {"page_size": 250})
    program, client = large
    assert len(client.get(v1(program, "proposals/"), {"page_size": 250}).json()["results"]) == 250
    assert len(client.get(v1(program, "sessions/"), {"page_size": 250}).json()["results"]) == 250
