import factory

from submissions.enums import DeliverableFormat
from submissions.models import Deliverable, DeliverableRequirement
from tracks.enums import DeadlineKind

from .submissions import SubmissionFactory
from .tracks import SessionTypeFactory


class DeliverableRequirementFactory(factory.django.DjangoModelFactory):
    """A required PDF due at the event's “final materials” deadline."""

    class Meta:
        model = DeliverableRequirement

    session_type = factory.SubFactory(SessionTypeFactory)
    title = factory.Sequence(lambda n: f"Deliverable {n}")
    format = DeliverableFormat.PDF
    deadline_kind = DeadlineKind.MATERIALS_DUE
    required = True
    position = factory.Sequence(lambda n: n)


class DeliverableFactory(factory.django.DjangoModelFactory):
    """A delivered link; pass ``requirement`` and ``submission`` of the same session type."""

    class Meta:
        model = Deliverable

    submission = factory.SubFactory(SubmissionFactory)
    requirement = factory.SubFactory(
        DeliverableRequirementFactory,
        session_type=factory.SelfAttribute("..submission.session_type"),
        format=DeliverableFormat.LINK,
    )
    link = "https://github.com/example/tutorial"
