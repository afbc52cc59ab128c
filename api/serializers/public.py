"""What anyone may read of a public event: never an email address, a note or a review."""

from drf_spectacular.utils import extend_schema_field
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


class TrackRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()


class RoomRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SpeakerRefSerializer(serializers.Serializer):
    """A speaker of a session: the public name only."""

    id = serializers.IntegerField(source="user_id")
    name = serializers.CharField()


class SessionRefSerializer(serializers.Serializer):
    """A proposal as the program shows it (``instance`` is the Submission)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    track = TrackRefSerializer()
    session_type = TrackRefSerializer()
    speakers = SpeakerRefSerializer(many=True, source="speakers.all")


class PosterSessionRefSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    title = serializers.CharField(source="display_title")


class PlacementSerializer(serializers.Serializer):
    """Where and when a session happens (``instance`` is its Slot); a poster takes its poster
    session's room and times and has a board."""

    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    room = serializers.SerializerMethodField()
    poster_session = PosterSessionRefSerializer(source="parent", allow_null=True)
    board = serializers.CharField()

    @staticmethod
    def _top(slot):
        return slot.parent if slot.parent_id else slot

    @extend_schema_field(serializers.DateTimeField())
    def get_start(self, slot):
        return serializers.DateTimeField().to_representation(self._top(slot).start)

    @extend_schema_field(serializers.DateTimeField())
    def get_end(self, slot):
        return serializers.DateTimeField().to_representation(self._top(slot).end)

    @extend_schema_field(RoomRefSerializer(allow_null=True))
    def get_room(self, slot):
        room = self._top(slot).room
        return RoomRefSerializer(room).data if room else None


class PublicSessionSerializer(serializers.Serializer):
    """A published session (``instance`` is its Slot in the latest version, from
    ``program.selectors.public_slots``): cancelled while withdrawn or declined."""

    id = serializers.IntegerField(source="submission.id")
    title = serializers.CharField(source="submission.title")
    abstract = serializers.CharField(source="submission.abstract", help_text="Markdown.")
    track = TrackRefSerializer(source="submission.track")
    session_type = TrackRefSerializer(source="submission.session_type")
    speakers = SpeakerRefSerializer(many=True, source="submission.speakers.all")
    state = serializers.ChoiceField(choices=PublicState.choices, source="public_state")
    slot = PlacementSerializer(source="*")


class PosterSerializer(serializers.Serializer):
    board = serializers.CharField()
    state = serializers.ChoiceField(choices=PublicState.choices, source="public_state")
    session = SessionRefSerializer(source="submission")


class ScheduleSlotSerializer(serializers.Serializer):
    """A top-level slot of the published schedule: a session, or a block (a poster session
    with its posters, a keynote, a break…). A block without a room spans all rooms."""

    uid = serializers.UUIDField(help_text="The same in every version of the schedule.")
    kind = serializers.ChoiceField(choices=SlotKind.choices)
    title = serializers.CharField(source="display_title")
    description = serializers.CharField(help_text="Blocks only, in Markdown.")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    room = RoomRefSerializer(allow_null=True)
    state = serializers.ChoiceField(choices=PublicState.choices, source="public_state")
    session = SessionRefSerializer(source="submission", allow_null=True)
    posters = PosterSerializer(many=True, source="visible_posters")


class SpeakerSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="submission.id")
    title = serializers.CharField(source="submission.title")
    state = serializers.ChoiceField(choices=PublicState.choices, source="public_state")


class PublicSpeakerSerializer(serializers.Serializer):
    """A speaker of the published program (``instance`` is the User, with ``event_bio`` and
    ``public_sessions`` set by the view). Never the email address."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="public_name")
    affiliation = serializers.CharField()
    orcid = serializers.CharField(help_text="e.g. 0000-0002-1825-0097; empty if not given.")
    bio = serializers.CharField(source="event_bio", help_text="Markdown.")
    sessions = SpeakerSessionSerializer(many=True, source="public_sessions")
