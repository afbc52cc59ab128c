import factory

from submissions.enums import SubmissionState
from submissions.models import Speaker, Submission

from .tracks import EventFactory, SessionTypeFactory, TrackFactory
from .users import UserFactory


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    track = factory.SubFactory(TrackFactory, event=factory.SelfAttribute("..event"))
    session_type = factory.SubFactory(SessionTypeFactory, event=factory.SelfAttribute("..event"))
    title = factory.Sequence(lambda n: f"Proposal {n}")
    abstract = "Reproducible environments for everyone."
    description = "We show how."
    ai_statement = "No AI."
    state = SubmissionState.DRAFT
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        """The creator speaks first; pass ``speakers=[user, …]`` to add co-speakers after them."""
        if create:
            Speaker.objects.create(submission=self, user=self.created_by, position=0)
            for position, user in enumerate(extracted or [], start=1):
                Speaker.objects.create(submission=self, user=user, position=position)
