"""What anyone may read of a public event: never an email address, a note or a review.

The list serializers build their dictionaries directly in ``to_representation`` (DRF's field
machinery costs about a millisecond per nested item, too slow for pages of 250); their declared
fields describe the same output for the OpenAPI schema, and tests compare the two."""

from django.utils import timezone
from rest_framework import serializers

from program.enums import PublicState, SlotKind
from program.models import Room, ScheduleVersion
from tracks.models import Event, SessionType, Track


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = [
            "slug", "name", "tagline", "start_date", "end_date", "time_zone", "venue", "website",
        ]  # fmt: skip


class TrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Track
        fields = ["id", "slug", "name", "description", "position"]


class SessionTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SessionType
        fields = ["id", "slug", "name", "description", "duration_minutes"]


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name", "description", "capacity", "opens_at", "closes_at", "position"]


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScheduleVersion
        fields = ["name", "comment", "published_at"]


def iso(value) -> str | None:
    """As DRF's DateTimeField writes it: ISO 8601 in the current (the event's) time zone."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def ref(obj) -> dict:
    """A track or session type as {id, slug, name}."""
    return {"id": obj.pk, "slug": obj.slug, "name": obj.name}


def room_ref(room) -> dict | None:
    return {"id": room.pk, "name": room.name} if room is not None else None


def speaker_refs(submission) -> list[dict]:
    return [{"id": s.user_id, "name": s.user.public_name} for s in submission.speakers.all()]


def session_ref(submission) -> dict | None:
    if submission is None:
        return None
    return {
        "id": submission.pk, "title": submission.title, "track": ref(submission.track),
        "session_type": ref(submission.session_type), "speakers": speaker_refs(submission),
    }  # fmt: skip


class TrackRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()


class RoomRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SpeakerRefSerializer(serializers.Serializer):
    """A speaker of a session: the public name only."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class SessionRefSerializer(serializers.Serializer):
    """A proposal as the program shows it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    track = TrackRefSerializer()
    session_type = TrackRefSerializer()
    speakers = SpeakerRefSerializer(many=True)


class PosterSessionRefSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    title = serializers.CharField()


class PlacementSerializer(serializers.Serializer):
    """Where and when a session happens; a poster takes its poster session's room and times
    and has a board."""

    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    room = RoomRefSerializer(allow_null=True)
    poster_session = PosterSessionRefSerializer(allow_null=True)
    board = serializers.CharField()


def placement(slot) -> dict:
    top = slot.parent if slot.parent_id else slot
    poster_session = {"uid": str(top.uid), "title": top.display_title} if slot.parent_id else None
    return {
        "start": iso(top.start), "end": iso(top.end), "room": room_ref(top.room),
        "poster_session": poster_session, "board": slot.board,
    }  # fmt: skip


class PublicSessionSerializer(serializers.Serializer):
    """A published session (``instance`` is its Slot in the latest version, from
    ``program.selectors.public_slots``): cancelled while withdrawn or declined."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    abstract = serializers.CharField(help_text="Markdown.")
    track = TrackRefSerializer()
    session_type = TrackRefSerializer()
    speakers = SpeakerRefSerializer(many=True)
    state = serializers.ChoiceField(choices=PublicState.choices)
    slot = PlacementSerializer()

    def to_representation(self, slot):
        submission = slot.submission
        return {
            "id": submission.pk, "title": submission.title, "abstract": submission.abstract,
            "track": ref(submission.track), "session_type": ref(submission.session_type),
            "speakers": speaker_refs(submission), "state": str(slot.public_state),
            "slot": placement(slot),
        }  # fmt: skip


class PosterSerializer(serializers.Serializer):
    board = serializers.CharField()
    state = serializers.ChoiceField(choices=PublicState.choices)
    session = SessionRefSerializer()


class ScheduleSlotSerializer(serializers.Serializer):
    """A top-level slot of the published schedule: a session, or a block (a poster session
    with its posters, a keynote, a break…). A block without a room spans all rooms."""

    uid = serializers.UUIDField(help_text="The same in every version of the schedule.")
    kind = serializers.ChoiceField(choices=SlotKind.choices)
    title = serializers.CharField()
    description = serializers.CharField(help_text="Blocks only, in Markdown.")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    room = RoomRefSerializer(allow_null=True)
    state = serializers.ChoiceField(choices=PublicState.choices)
    session = SessionRefSerializer(allow_null=True)
    posters = PosterSerializer(many=True)

    def to_representation(self, slot):
        posters = [
            {"board": poster.board, "state": str(poster.public_state),
             "session": session_ref(poster.submission)}
            for poster in slot.visible_posters
        ]  # fmt: skip
        return {
            "uid": str(slot.uid), "kind": slot.kind, "title": slot.display_title,
            "description": slot.description, "start": iso(slot.start), "end": iso(slot.end),
            "room": room_ref(slot.room), "state": str(slot.public_state),
            "session": session_ref(slot.submission if slot.submission_id else None),
            "posters": posters,
        }  # fmt: skip


class SpeakerSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=PublicState.choices)


class PublicSpeakerSerializer(serializers.Serializer):
    """A speaker of the published program (``instance`` is the User, with ``event_bio`` and
    ``public_sessions`` set by the view). Never the email address."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    affiliation = serializers.CharField()
    orcid = serializers.CharField(help_text="e.g. 0000-0002-1825-0097; empty if not given.")
    bio = serializers.CharField(help_text="Markdown.")
    sessions = SpeakerSessionSerializer(many=True)

    def to_representation(self, user):
        sessions = [
            {"id": slot.submission_id, "title": slot.submission.title,
             "state": str(slot.public_state)}
            for slot in user.public_sessions
        ]  # fmt: skip
        return {
            "id": user.pk, "name": user.public_name, "affiliation": user.affiliation,
            "orcid": user.orcid, "bio": user.event_bio, "sessions": sessions,
        }  # fmt: skip
