from django.db import models


class DeadlineKind(models.TextChoices):
    CFP_OPENS = "cfp_opens", "Call for proposals opens"
    CFP_CLOSES = "cfp_closes", "Submissions due"
    REVIEWS_DUE = "reviews_due", "Reviews due"
    RESPONSE_DUE = "response_due", "Author response due"
    NOTIFICATION = "notification", "Notification of acceptance"
    CONFIRMATION_DUE = "confirmation_due", "Confirmation due"
    CAMERA_READY = "camera_ready", "Camera-ready due"
    MATERIALS_DUE = "materials_due", "Final materials due"
    EVENT = "event", "Event"


class CommitteeRole(models.TextChoices):
    ORGANIZER = "organizer", "Organizer"
    TRACK_CHAIR = "track_chair", "Track chair"
    PROCEEDINGS_CHAIR = "proceedings_chair", "Proceedings chair"
    REVIEWER = "reviewer", "Reviewer"


class SubmissionField(models.TextChoices):
    """The standard proposal fields a session type can ask for, beyond title and abstract."""

    DESCRIPTION = "description", "Description"
    OUTLINE = "outline", "Outline"
    PREREQUISITES = "prerequisites", "Prerequisites"
    INSTALLATION = "installation", "Installation instructions"
    PYTHON_LEVEL = "python_level", "Prior Python level"
    PAPER_PDF = "paper_pdf", "Paper (PDF)"
    SESSION_IMAGE = "session_image", "Session image"
    RESOURCES = "resources", "Resources"
    AI_STATEMENT = "ai_statement", "AI-usage statement"
    ADDITIONAL_INFO = "additional_info", "Additional information"


AOE = "AoE"
AOE_ZONE = "Etc/GMT+12"  # POSIX sign convention: this is UTC-12, "Anywhere on Earth".
