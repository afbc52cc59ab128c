"""Rooms and slots of the schedule; ``scheduled_event`` builds a small published program."""

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from program.enums import SlotKind
from program.models import Room, Slot
from submissions.enums import SubmissionState

from .submissions import SubmissionFactory
from .tracks import EventFactory


def event_time(event, day: int, hour: int, minute: int = 0) -> datetime:
    """An aware datetime on the event's ``day`` (0: its first day) at a local hour."""
    moment = datetime.combine(event.start_date + timedelta(days=day), time(hour, minute))
    return timezone.make_aware(moment, event.zone)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 100
    position = factory.Sequence(lambda n: n)


class AcceptedSubmissionFactory(SubmissionFactory):
    state = SubmissionState.CONFIRMED


class SessionSlotFactory(factory.django.DjangoModelFactory):
    """A confirmed session in the draft, 9:00 on the event's first day, for its type's length."""

    class Meta:
        model = Slot

    event = factory.SubFactory(EventFactory)
    kind = SlotKind.SESSION
    submission = factory.SubFactory(
        AcceptedSubmissionFactory, event=factory.SelfAttribute("..event")
    )
    room = factory.SubFactory(RoomFactory, event=factory.SelfAttribute("..event"))
    start = factory.LazyAttribute(lambda o: event_time(o.event, 0, 9))
    end = factory.LazyAttribute(
        lambda o: o.start + timedelta(minutes=o.submission.session_type.duration_minutes or 30)
    )


class BlockSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    event = factory.SubFactory(EventFactory)
    kind = SlotKind.BREAK
    title = "Coffee break"
    room = None
    start = factory.LazyAttribute(lambda o: event_time(o.event, 0, 10, 30))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(minutes=30))
