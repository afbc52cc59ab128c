"""The real SciPy 2025 tutorial proposal (shared/seeds) as demo data; loading it is idempotent."""

from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from tracks.demo import _user
from tracks.enums import AOE
from tracks.models import Event

from .enums import YES, PythonLevel, QuestionKind, SubmissionState
from .models import Answer, Extension, Question, Speaker, SpeakerProfile, StateChange, Submission
from .services.editing import record_revision

CONTENT = Path(__file__).resolve().parent.parent / "tracks" / "demo_content" / "pixi_tutorial"
TITLE = "Reproducible Machine Learning Workflows for Scientists with pixi"
# SciPy's confirmation checkbox, word for word from the seed proposal.
CONFIRMATION = (
    "The author(s) agree(s) to take responsibility and be accountable for the contents of the "
    "submission and is/are authorized to present it."
)
# The seed answers the level in words; "Basic" is SciPy's beginner level.
PYTHON_LEVEL_EXPLANATION = (
    "Basic. The participants are assumed to have written scientific scripts with Python and "
    "installed dependencies for their software from PyPI and/or conda-forge before."
)
TRY_CODE = "TRY-DLONSC"  # lets a newcomer try the closed DLonSC call with a real access code


def _text(name: str) -> str:
    return (CONTENT / f"{name}.md").read_text()


@transaction.atomic
def load_demo_proposals() -> list[Submission]:
    _try_code()
    event = Event.objects.get(slug="scipy-2025")
    confirmation, _ = Question.objects.get_or_create(
        event=event, text=CONFIRMATION,
        defaults={"kind": QuestionKind.BOOLEAN, "required": True, "position": 1},
    )  # fmt: skip
    author = _user("author@example.org", "Matthew Feickert", "University of Wisconsin–Madison")
    if existing := Submission.objects.filter(event=event, title=TITLE).first():
        return [existing]
    submission = Submission.objects.create(
        event=event,
        track=event.tracks.get(slug="tutorials"),
        session_type=event.session_types.get(slug="tutorial"),
        title=TITLE,
        python_level=PythonLevel.BEGINNER,
        python_level_explanation=PYTHON_LEVEL_EXPLANATION,
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
    Answer.objects.create(submission=submission, question=confirmation, value=YES)
    StateChange.objects.create(
        submission=submission, from_state="draft", to_state="submitted", changed_by=author
    )
    record_revision(submission, author)
    return [submission]


def _try_code() -> Extension:
    """An access code for the DLonSC paper call, valid for a year from the first demo load."""
    event = Event.objects.get(slug="dlonsc-2020")
    extension, _ = Extension.objects.get_or_create(
        event=event, code=TRY_CODE,
        defaults={
            "due": timezone.now() + timedelta(days=365), "time_zone": AOE,
            "note": "Demo: lets anyone try submitting a workshop paper.",
        },
    )  # fmt: skip
    return extension
