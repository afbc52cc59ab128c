"""The real SciPy 2025 tutorial proposal (shared/seeds) as demo data; loading it is idempotent."""

from pathlib import Path

from django.db import transaction

from tracks.demo import _user
from tracks.models import Event

from .enums import PythonLevel, SubmissionState
from .models import Revision, Speaker, SpeakerProfile, StateChange, Submission
from .services import CONTENT_FIELDS

CONTENT = Path(__file__).resolve().parent.parent / "tracks" / "demo_content" / "pixi_tutorial"
TITLE = "Reproducible Machine Learning Workflows for Scientists with pixi"


def _text(name: str) -> str:
    return (CONTENT / f"{name}.md").read_text()


@transaction.atomic
def load_demo_proposals() -> list[Submission]:
    event = Event.objects.get(slug="scipy-2025")
    author = _user("author@example.org", "Matthew Feickert", "University of Wisconsin–Madison")
    if existing := Submission.objects.filter(event=event, title=TITLE).first():
        return [existing]
    submission = Submission.objects.create(
        event=event,
        track=event.tracks.get(slug="tutorials"),
        session_type=event.session_types.get(slug="tutorial"),
        title=TITLE,
        python_level=PythonLevel.INTERMEDIATE,
        ai_statement="No AI.",
        created_by=author,
        state=SubmissionState.SUBMITTED,
        submitted_at=event.deadlines.get(kind="cfp_closes").due,
        **{name: _text(name) for name in (
            "abstract", "description", "notes", "outline", "prerequisites", "installation",
            "additional_info",
        )},
    )  # fmt: skip
    ruben = _user("ruben.arts@example.org", "Ruben Arts", "prefix.dev", "Netherlands")
    Speaker.objects.create(submission=submission, user=author, position=0)
    Speaker.objects.create(submission=submission, user=ruben, position=1)
    SpeakerProfile.objects.get_or_create(
        event=event, user=ruben, defaults={"bio": _text("bio_ruben_arts")}
    )
    StateChange.objects.create(
        submission=submission, from_state="draft", to_state="submitted", changed_by=author
    )
    Revision.objects.create(
        submission=submission, version=1, saved_by=author,
        content={field: getattr(submission, field) for field in CONTENT_FIELDS},
    )  # fmt: skip
    return [submission]
