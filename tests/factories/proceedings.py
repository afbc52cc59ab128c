"""Camera-ready papers for the proceedings: a paper session type asking for a camera-ready PDF,
confirmed papers with their uploaded PDF (tests/factories/pdfs.py), checks and settings."""

import factory
from django.core.files.base import ContentFile

from proceedings.enums import SignOff
from proceedings.models import PaperCheck, ProceedingsSettings
from submissions.enums import DeliverableFormat, SubmissionState
from submissions.models import CoAuthor, Deliverable, DeliverableRequirement
from tracks.enums import DeadlineKind

from .pdfs import make_pdf
from .submissions import SubmissionFactory
from .tracks import EventFactory, SessionTypeFactory


class PaperTypeFactory(SessionTypeFactory):
    """Full papers: 4–8 pages, references not counted."""

    name = "Full paper"
    slug = factory.Sequence(lambda n: f"paper-{n}")
    min_pages = 4
    max_pages = 8
    page_limit_excludes_references = True


class CameraReadyRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliverableRequirement

    session_type = factory.SubFactory(PaperTypeFactory)
    title = "Camera-ready paper"
    format = DeliverableFormat.PAPER_PDF
    deadline_kind = DeadlineKind.CAMERA_READY
    required = True


class PaperFactory(SubmissionFactory):
    """A confirmed paper of ``session_type`` (give one with a camera-ready requirement)."""

    state = SubmissionState.CONFIRMED
    session_type = factory.SubFactory(PaperTypeFactory, event=factory.SelfAttribute("..event"))


class ProceedingsSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProceedingsSettings
        django_get_or_create = ("event",)

    event = factory.SubFactory(EventFactory)


class PaperCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaperCheck

    submission = factory.SubFactory(PaperFactory)
    sign_off = SignOff.PENDING


def upload_camera_ready(paper, requirement, data: bytes | None = None, *, name="paper.pdf"):
    """Store ``data`` (a good 8-page Letter paper by default) as the paper's camera-ready,
    directly (no checks, no hook), replacing an earlier one."""
    data = make_pdf(8, title=paper.title) if data is None else data
    deliverable, _ = Deliverable.objects.get_or_create(submission=paper, requirement=requirement)
    deliverable.file.save(name, ContentFile(data), save=False)
    deliverable.pages = 8
    deliverable.updated_by = paper.created_by
    deliverable.save()
    return deliverable


def add_coauthor(paper, name="Grace Hopper", position=5, email="grace@example.org"):
    return CoAuthor.objects.create(submission=paper, name=name, position=position, email=email)
