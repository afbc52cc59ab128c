"""DLonSC 2020's proceedings in the demo: the accepted papers' camera-ready PDFs (generated with
the demo papers), checked and approved by the proceedings chair, and a volume built and published,
so that `make demo` shows a real volume and each session page offers its paper.

Idempotent: papers that already have a camera-ready keep it, and a volume is built only when
none was published."""

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from submissions.enums import DELIVERING_STATES
from submissions.models import Submission
from submissions.services.deliverables import save_deliverable
from tracks.enums import CommitteeRole
from tracks.models import Event

from .builds import publish_build, run_build, start_build
from .enums import BuildStatus, PaperOrder, PaperSize
from .models import ProceedingsBuild
from .selectors import camera_ready_requirement
from .services import approve_paper, refresh_paper_check, settings_for

PREFACE = """\
Deep learning is changing how science is done on supercomputers, and supercomputers are changing
how deep learning is done. This fourth edition of the workshop, held virtually with SC20 on
November 11, 2020, brought together researchers who train and apply deep learning models at
scale on high-performance computing systems.

The papers in this volume were selected by the program committee after single-blind review,
each read by at least two members. We thank the authors, the reviewers and the SC20 organizers.
"""

# Crossref's documented test prefix: the demo's DOIs look right but never resolve to a real work.
DEMO_DOI_PREFIX = "10.5555"


def load_demo_proceedings() -> ProceedingsBuild | None:
    """The published DLonSC 2020 volume (built now if there is none), or None when the program
    demo accepted no papers."""
    event = Event.objects.get(slug="dlonsc-2020")
    settings = settings_for(event)
    if settings.published_build_id:
        return settings.published_build
    papers = list(
        Submission.objects.filter(event=event, state__in=DELIVERING_STATES)
        .select_related("session_type", "paper_check")
        .order_by("pk")
    )
    requirement = camera_ready_requirement(event)
    if not papers or requirement is None:
        return None
    chair = event.memberships.get(role=CommitteeRole.PROCEEDINGS_CHAIR).user
    with transaction.atomic():
        _settings(event, settings, chair)
        before_deadline = _before_camera_ready(event)
        for paper in papers:
            _camera_ready(paper, requirement, before_deadline)
            if refresh_paper_check(submission=paper).passed:
                approve_paper(submission=paper, by=chair)
        build = start_build(event=event, by=chair, enqueue=False)
    run_build(build_id=build.pk)
    build.refresh_from_db()
    if build.status != BuildStatus.DONE:
        raise RuntimeError(f"The demo volume did not build: {build.error}")
    publish_build(build=build, by=chair)
    return build


def _settings(event: Event, settings, chair) -> None:
    editors = [
        m.user.name
        for m in event.memberships.filter(
            role__in=[CommitteeRole.ORGANIZER, CommitteeRole.PROCEEDINGS_CHAIR]
        )
        .select_related("user")
        .order_by("position")
    ]
    settings.title = "Proceedings of the Fourth Workshop on Deep Learning on Supercomputers"
    settings.editors = "\n".join(editors)
    settings.publisher = "DLonSC Workshop (demo)"
    settings.paper_size = PaperSize.LETTER
    settings.preface = PREFACE
    settings.order = PaperOrder.SESSION
    settings.doi_prefix = DEMO_DOI_PREFIX
    settings.depositor_name = chair.name
    settings.depositor_email = chair.email
    settings.save()


def _before_camera_ready(event: Event) -> datetime:
    """A moment the camera-ready call was still open (the demo event is past)."""
    due = event.deadlines.filter(kind="camera_ready").order_by("due").first()
    if due is not None:
        return due.due - timedelta(days=1)
    return datetime.combine(event.start_date, time(0), tzinfo=event.zone) - timedelta(days=30)


def _camera_ready(paper: Submission, requirement, now: datetime) -> None:
    """The paper's final PDF, uploaded by its first speaker as the camera-ready (the demo papers
    already carry their authors, as DLonSC's single-blind review allowed)."""
    if paper.deliverables.filter(requirement=requirement).exclude(file="").exists():
        return
    speaker = paper.speakers.order_by("position").select_related("user").first()
    with paper.paper.open("rb") as handle:
        upload = SimpleUploadedFile("camera-ready.pdf", handle.read(), "application/pdf")
    save_deliverable(
        submission=paper, requirement=requirement, by=speaker.user, file=upload, now=now
    )
