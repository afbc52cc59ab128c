from django.db import models


class PaperSize(models.TextChoices):
    LETTER = "letter", "US Letter (8.5 × 11 in)"
    A4 = "a4", "A4 (210 × 297 mm)"


# Width and height in PDF points (1/72 in).
PAPER_POINTS = {PaperSize.LETTER: (612.0, 792.0), PaperSize.A4: (595.28, 841.89)}


class PaperOrder(models.TextChoices):
    SESSION = "session", "By program session (day, time, room)"
    TRACK = "track", "By track, then title"
    MANUAL = "manual", "Manual order"


class SignOff(models.TextChoices):
    PENDING = "pending", "Waiting for sign-off"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes", "Changes requested"


class BuildKind(models.TextChoices):
    VOLUME = "volume", "Proceedings volume"
    PROGRAM_BOOK = "program_book", "Program book"


class BuildStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Building"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


FINISHED_BUILD_STATES = frozenset({BuildStatus.DONE, BuildStatus.FAILED, BuildStatus.CANCELLED})
