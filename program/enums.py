from django.db import models


class SlotKind(models.TextChoices):
    """What a slot holds: a proposal, or a block the organizers add themselves."""

    SESSION = "session", "Session"  # an accepted proposal (a poster when it has a parent)
    POSTER_SESSION = "poster_session", "Poster session"
    KEYNOTE = "keynote", "Keynote"
    BREAK = "break", "Break"
    OTHER = "other", "Other"


BLOCK_KINDS = (SlotKind.POSTER_SESSION, SlotKind.KEYNOTE, SlotKind.BREAK, SlotKind.OTHER)


class PublicState(models.TextChoices):
    """How a published slot's proposal shows on the public program."""

    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
