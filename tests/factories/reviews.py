import factory

from reviews.enums import BidPreference, ConflictSource
from reviews.models import (
    Bid,
    CommitteeInvitation,
    Conflict,
    Review,
    ReviewAssignment,
    ReviewCriterion,
    ReviewerProfile,
    ReviewForm,
)
from reviews.selectors import review_form_for

from .submissions import SubmissionFactory
from .tracks import EventFactory
from .users import UserFactory


class CommitteeInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeInvitation

    event = factory.SubFactory(EventFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.edu")


class ReviewerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewerProfile

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    keywords = "GPU, MPI"


class BidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bid

    submission = factory.SubFactory(SubmissionFactory)
    user = factory.SubFactory(UserFactory)
    preference = BidPreference.EAGER


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    submission = factory.SubFactory(SubmissionFactory)
    user = factory.SubFactory(UserFactory)
    source = ConflictSource.AUTHOR


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment

    submission = factory.SubFactory(SubmissionFactory)
    reviewer = factory.SubFactory(UserFactory)


class ReviewFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewForm

    event = factory.SubFactory(EventFactory)
    name = "Review"


class ReviewCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewCriterion

    form = factory.SubFactory(ReviewFormFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")


class ReviewFactory(factory.django.DjangoModelFactory):
    """A draft review; pass ``submitted_at`` (and scores) for a submitted one."""

    class Meta:
        model = Review

    submission = factory.SubFactory(SubmissionFactory)
    reviewer = factory.SubFactory(UserFactory)
    form = factory.LazyAttribute(lambda o: review_form_for(o.submission))
