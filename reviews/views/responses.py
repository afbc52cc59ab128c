"""Authors read the reviews meant for them and respond; track chairs write the meta-review."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from submissions.models import Submission
from tracks.views import EventScopedMixin

from ..access import review_settings
from ..enums import ReviewMode
from ..forms.responses import AuthorResponseForm, MetaReviewForm
from ..models import AuthorResponse, MetaReview, Review
from ..services.responses import (
    Window,
    author_reviews_state,
    may_chair_meta_review,
    meta_review_for_authors,
    meta_review_refusal,
    reviews_for_authors,
)
from .mixins import ChairMixin


class AuthorReviewsView(LoginRequiredMixin, EventScopedMixin, TemplateView):
    """A proposal's speakers read the reviews meant for them and answer during the round."""

    template_name = "reviews/responses/author_reviews.html"

    @cached_property
    def submission(self) -> Submission:
        return get_object_or_404(
            Submission.objects.select_related("event", "track", "session_type"),
            event=self.event,
            pk=self.kwargs["pk"],
            speakers__user=self.request.user,
        )

    @cached_property
    def state(self):
        return author_reviews_state(self.submission)

    @cached_property
    def response(self) -> AuthorResponse | None:
        return AuthorResponse.objects.filter(submission=self.submission).first()

    def make_form(self, data=None):
        return AuthorResponseForm(
            data,
            submission=self.submission,
            word_limit=self.state.word_limit,
            initial={"text": self.response.text if self.response else ""},
        )

    def get_context_data(self, **kwargs):
        state = self.state
        if state.can_respond:
            kwargs.setdefault("form", self.make_form())
        notified = state.window == Window.NOTIFIED
        return super().get_context_data(
            submission=self.submission,
            state=state,
            reviews=reviews_for_authors(self.submission) if state.visible else [],
            response=self.response,
            meta_review=meta_review_for_authors(self.submission) if notified else None,
            reviewers_named=review_settings(self.event).mode == ReviewMode.OPEN,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.state.can_respond:
            messages.error(request, "The author response period is closed; nothing was saved.")
            return redirect(request.path)
        form = self.make_form(request.POST)
        if form.is_valid() and form.save(by=request.user):
            messages.success(request, "Your response is saved. You can edit it until the deadline.")
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


class MetaReviewView(ChairMixin, TemplateView):
    """The proposal's track chair (or an organizer) sums up the reviews with a recommendation."""

    template_name = "reviews/responses/meta_review.html"
    manage_tab = "ranking"

    @cached_property
    def submission(self) -> Submission:
        submission = get_object_or_404(
            Submission.objects.select_related("event", "track", "session_type"),
            event=self.event,
            pk=self.kwargs["pk"],
        )
        if not may_chair_meta_review(self.request.user, submission):
            raise Http404("No such proposal.")
        return submission

    @cached_property
    def meta_review(self) -> MetaReview | None:
        return MetaReview.objects.filter(submission=self.submission).first()

    def make_form(self, data=None):
        initial = {}
        if self.meta_review:
            initial = {
                "text": self.meta_review.text,
                "recommendation": self.meta_review.recommendation,
            }
        return MetaReviewForm(data, submission=self.submission, initial=initial)

    def get_context_data(self, **kwargs):
        refusal = meta_review_refusal(self.request.user, self.submission)
        if not refusal:
            kwargs.setdefault("form", self.make_form())
        reviews = (
            Review.objects.filter(submission=self.submission, submitted_at__isnull=False)
            .select_related("reviewer", "form")
            .order_by("submitted_at", "pk")
        )
        return super().get_context_data(
            submission=self.submission,
            refusal=refusal,
            meta_review=self.meta_review,
            reviews=reviews,
            response=AuthorResponse.objects.filter(submission=self.submission).first(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if refusal := meta_review_refusal(request.user, self.submission):
            messages.error(request, refusal)
            return redirect(request.path)
        form = self.make_form(request.POST)
        if form.is_valid() and form.save(by=request.user):
            messages.success(request, "Meta-review saved.")
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


urlpatterns = [
    path(
        "<slug:event>/proposals/<int:pk>/reviews/",
        AuthorReviewsView.as_view(),
        name="author-reviews",
    ),
    path(
        "<slug:event>/manage/proposals/<int:pk>/meta-review/",
        MetaReviewView.as_view(),
        name="meta-review",
    ),
]
