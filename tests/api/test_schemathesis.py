"""Property-based tests of the whole API from its own OpenAPI schema (schemathesis): no answer
is a 5xx, and every answer (status, content type, body) is one the schema declares. Public
endpoints are called without a token, the organizer endpoints with one; path parameters point
at the test event and its objects, so most calls reach real data."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.api.conftest import member, proposal, token_for
from tests.factories.reviews import ReviewAssignmentFactory, ReviewFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
EXAMPLES = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI app signals each request's start and end, which closes database connections
    (PostgreSQL: the test's own, inside its transaction); Django's test client skips that too."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def world(program):
    """The test event with proposals, a review and an organizer's token."""
    from django.utils import timezone

    submitted = [
        proposal(program.event, track=program.tracks[0], session_type=program.talk)
        for _ in range(3)
    ]
    for submission in submitted:
        reviewer = UserFactory()
        ReviewAssignmentFactory(submission=submission, reviewer=reviewer)
        ReviewFactory(
            submission=submission, reviewer=reviewer, overall=4, submitted_at=timezone.now()
        )
    organizer = member(program.event)
    decidable = [s.pk for s in submitted]  # any decision may follow any other on these
    ids = [*decidable, *(s.pk for s in program.sessions), *(p.pk for p in program.posters)]
    speakers = [s.created_by.pk for s in program.sessions]
    return {"slug": program.event.slug, "ids": ids, "decidable": decidable,
            "speakers": speakers, "token": token_for(organizer, program.event)}  # fmt: skip


def aim(case, world) -> None:
    """Point generated path parameters at the test event and, mostly, at its objects (an id
    the generator chose picks one of them; a negative one stays unknown: 404). Decisions are
    sent to proposals that can take any decision: a refused one is a 400 by design, tested in
    test_decisions.py."""
    parameters = case.path_parameters or {}
    if "slug" in parameters:
        parameters["slug"] = world["slug"]
    if isinstance(parameters.get("id"), int) and parameters["id"] >= 0:
        pool = world["ids"]
        if "/speakers/" in case.operation.path:
            pool = world["speakers"]
        elif case.method.upper() in ("POST", "PATCH"):
            pool = world["decidable"]
        parameters["id"] = pool[parameters["id"] % len(pool)]


# Loaded at collection: the schema endpoint reads no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())


@schema.include(tag="Public").parametrize()
@EXAMPLES
def test_public_endpoints_conform_to_the_schema(case, world):
    aim(case, world)

    case.call_and_validate()


@schema.include(tag="Organizers and track chairs").parametrize()
@EXAMPLES
def test_organizer_endpoints_conform_to_the_schema(case, world):
    aim(case, world)

    case.call_and_validate(headers={"Authorization": f"Token {world['token']}"})
