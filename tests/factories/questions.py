import factory

from submissions.enums import QuestionKind
from submissions.models import Question

from .tracks import EventFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    """A free-text question; pass ``kind=QuestionKind.CHOICE, options=[…]`` for a choice."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = QuestionKind.TEXT
    options = factory.LazyFunction(list)
    required = False
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.add(*extracted)

    @factory.post_generation
    def session_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.session_types.add(*extracted)
