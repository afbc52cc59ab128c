from datetime import timedelta

import factory
from django.utils import timezone

from submissions.models import Extension

from .tracks import EventFactory


class ExtensionFactory(factory.django.DjangoModelFactory):
    """An access code by default; pass ``user=`` or ``submission=`` (and ``code=""``) instead."""

    class Meta:
        model = Extension
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    code = factory.Sequence(lambda n: f"CODE-{n}")
    due = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.set(extracted)

    @factory.post_generation
    def session_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.session_types.set(extracted)
