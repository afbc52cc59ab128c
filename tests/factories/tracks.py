from datetime import UTC, date, datetime, timedelta

import factory
from django.utils import timezone

from tracks.enums import CommitteeRole, DeadlineKind, SubmissionField
from tracks.models import Deadline, Event, Membership, SessionType, Track

from .users import UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Conference {n}")
    slug = factory.Sequence(lambda n: f"conf-{n}")
    start_date = factory.LazyFunction(lambda: date.today() + timedelta(days=120))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=2))
    venue = "Austin, TX, USA"
    time_zone = "America/Chicago"
    description = "A **call** for proposals."
    is_public = True


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Track {n}")
    slug = factory.Sequence(lambda n: f"track-{n}")


class SessionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionType

    event = factory.SubFactory(EventFactory)
    name = "Talk"
    slug = factory.Sequence(lambda n: f"talk-{n}")
    duration_minutes = 25
    requested_fields = [SubmissionField.DESCRIPTION, SubmissionField.AI_STATEMENT]


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deadline

    event = factory.SubFactory(EventFactory)
    kind = DeadlineKind.CFP_CLOSES
    due = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    role = CommitteeRole.REVIEWER

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.add(*extracted)


def aware(year, month, day, hour=0, minute=0, tz=UTC) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)
