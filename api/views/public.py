"""Read-only endpoints anyone may call for a public event: the event, its tracks, session
types and rooms, and the latest published program (never the draft)."""

from django.contrib.auth import get_user_model
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from program.models import ScheduleVersion, Slot
from program.selectors import latest_version, public_slots
from submissions.selectors import speaker_bios
from tracks.models import Event

from ..access import PublicEventMixin
from ..filters import PublicSessionFilter, ScheduleFilter
from ..serializers.public import (
    EventSerializer,
    PublicSessionSerializer,
    PublicSpeakerSerializer,
    RoomSerializer,
    ScheduleSlotSerializer,
    SessionTypeSerializer,
    TrackSerializer,
    VersionSerializer,
)

PUBLIC = ["Public"]


def _fake(view) -> bool:
    """drf-spectacular builds the schema from views without a request's URL arguments."""
    return getattr(view, "swagger_fake_view", False)


@extend_schema(tags=PUBLIC, summary="Public events")
class EventListView(generics.ListAPIView):
    """Every public event, the latest first."""

    serializer_class = EventSerializer
    filter_backends = []

    def get_queryset(self):
        return Event.objects.filter(is_public=True).order_by("-start_date", "name", "pk")


@extend_schema(tags=PUBLIC, summary="An event")
class EventDetailView(PublicEventMixin, generics.RetrieveAPIView):
    """A public event (or one your token's user may see, as the pages show it)."""

    serializer_class = EventSerializer
    queryset = Event.objects.none()

    def get_object(self):
        return self.event


class EventChildListView(PublicEventMixin, generics.ListAPIView):
    """A list of the event's own objects, in their order."""

    related_name = ""
    filter_backends = []

    def get_queryset(self):
        model = self.get_serializer_class().Meta.model
        if _fake(self):
            return model.objects.none()
        return getattr(self.event, self.related_name).order_by(*model._meta.ordering, "pk")


@extend_schema(tags=PUBLIC, summary="Tracks of an event")
class TrackListView(EventChildListView):
    """The event's tracks, in their order."""

    serializer_class = TrackSerializer
    related_name = "tracks"


@extend_schema(tags=PUBLIC, summary="Session types of an event")
class SessionTypeListView(EventChildListView):
    """The event's session types (talk, poster, tutorial…) with their length."""

    serializer_class = SessionTypeSerializer
    related_name = "session_types"


@extend_schema(tags=PUBLIC, summary="Rooms of an event")
class RoomListView(EventChildListView):
    """The event's rooms, in the schedule's column order."""

    serializer_class = RoomSerializer
    related_name = "rooms"


@extend_schema(tags=PUBLIC, summary="Published versions of the schedule, newest first")
class VersionListView(EventChildListView):
    """Every published version of the schedule; the latest is the one the public sees."""

    serializer_class = VersionSerializer
    related_name = "schedule_versions"

    def get_queryset(self):
        if _fake(self):
            return ScheduleVersion.objects.none()
        return self.event.schedule_versions.order_by("-published_at", "-pk")


class PublishedMixin(PublicEventMixin):
    """The visible slots of the latest published version (program.selectors.public_slots).

    Lists filter, order and paginate a queryset of their ids, then serve the loaded slots: a
    constant number of queries whatever the size of the program."""

    @cached_property
    def published(self) -> dict[int, Slot]:
        return {slot.pk: slot for slot in public_slots(latest_version(self.event))}


class PublishedSlotListMixin(PublishedMixin):
    def slot_queryset(self, slots):
        if _fake(self):
            return Slot.objects.none()
        return (
            Slot.objects.filter(pk__in=[slot.pk for slot in slots])
            .annotate(at=Coalesce("start", "parent__start"))
            .order_by("at", "pk")
            .only("pk")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return [self.published[slot.pk] for slot in page]


@extend_schema(tags=PUBLIC, summary="Published sessions")
class SessionListView(PublishedSlotListMixin, generics.ListAPIView):
    """The sessions of the latest published schedule with their slots; a session withdrawn or
    declined since shows as cancelled until the next version."""

    serializer_class = PublicSessionSerializer
    filterset_class = PublicSessionFilter

    def get_queryset(self):
        if _fake(self):
            return Slot.objects.none()
        return self.slot_queryset(s for s in self.published.values() if s.submission_id)


@extend_schema(tags=PUBLIC, summary="A published session")
class SessionDetailView(PublishedMixin, generics.RetrieveAPIView):
    """A session of the latest published schedule, by its proposal's id."""

    serializer_class = PublicSessionSerializer
    queryset = Slot.objects.none()

    def get_object(self):
        for slot in self.published.values():
            if slot.submission_id == self.kwargs["id"]:
                return slot
        raise Http404("No such published session.")


@extend_schema(tags=PUBLIC, summary="Published schedule")
class ScheduleView(PublishedSlotListMixin, generics.ListAPIView):
    """The latest published schedule: sessions and blocks in time order, a poster session with
    its posters. Empty until a version is published."""

    serializer_class = ScheduleSlotSerializer
    filterset_class = ScheduleFilter

    def get_queryset(self):
        if _fake(self):
            return Slot.objects.none()
        return self.slot_queryset(s for s in self.published.values() if not s.parent_id)


class SpeakerMixin(PublishedMixin):
    @cached_property
    def sessions_of(self) -> dict[int, list[Slot]]:
        """Per speaker's user id, their published sessions in time order."""
        result: dict[int, list[Slot]] = {}
        for slot in self.published.values():
            if slot.submission_id:
                for speaker in slot.submission.speakers.all():
                    result.setdefault(speaker.user_id, []).append(slot)
        for slots in result.values():
            slots.sort(key=lambda s: ((s.parent or s).start, s.submission.title, s.pk))
        return result

    def decorate(self, users: list) -> list:
        bios = speaker_bios(self.event, users)
        for user in users:
            user.event_bio = bios[user.pk]
            user.public_sessions = self.sessions_of[user.pk]
        return users


@extend_schema(tags=PUBLIC, summary="Speakers of the published program")
class SpeakerListView(SpeakerMixin, generics.ListAPIView):
    """The speakers of the latest published schedule's sessions, by name, with their bio for
    the event. Never their email address."""

    serializer_class = PublicSpeakerSerializer
    filter_backends = []

    def get_queryset(self):
        users = get_user_model().objects
        if _fake(self):
            return users.none()
        return users.filter(pk__in=list(self.sessions_of)).order_by("name", "pk")

    def paginate_queryset(self, queryset):
        return self.decorate(list(super().paginate_queryset(queryset)))


@extend_schema_view(get=extend_schema(tags=PUBLIC, summary="A speaker of the published program"))
class SpeakerDetailView(SpeakerMixin, generics.RetrieveAPIView):
    """A speaker of the published program, by their id."""

    serializer_class = PublicSpeakerSerializer
    queryset = get_user_model().objects.none()

    def get_object(self):
        if self.kwargs["id"] not in self.sessions_of:
            raise Http404("No such speaker.")
        user = get_user_model().objects.get(pk=self.kwargs["id"])
        return self.decorate([user])[0]
