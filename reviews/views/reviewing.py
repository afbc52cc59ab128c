"""A reviewer's review of one assigned proposal: read it, save a draft, submit."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView

from .. import access
from ..blind import proposal_for_committee
from ..enums import REVIEWABLE_STATES
from ..forms.reviewing import SUBMIT, ReviewEntryForm
from ..models import Review
from ..selectors import review_form_for
from ..services.reviewing import is_past, review_deadline
from .mixins import CommitteeSubmissionMixin


class ReviewView(CommitteeSubmissionMixin, FormView):
    """Only the proposal's assigned, non-conflicted reviewers reach it; others get a 404."""

    template_name = "reviews/reviewing/review.html"
    form_class = ReviewEntryForm

    def may_open(self, submission) -> bool:
        return access.can_review(self.request.user, submission)

    @cached_property
    def review(self) -> Review | None:
        return (
            Review.objects.filter(submission=self.submission, reviewer=self.request.user)
            .select_related("form")
            .prefetch_related("scores")
            .first()
        )

    @cached_property
    def review_form(self):
        return self.review.form if self.review else review_form_for(self.submission)

    @cached_property
    def read_only(self) -> bool:
        return self.submission.state not in REVIEWABLE_STATES

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "review_form": self.review_form,
            "criteria": list(self.review_form.criteria.all()),
            "review": self.review,
        }

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.read_only:
            for field in form.fields.values():
                field.disabled = True
        return form

    def get_context_data(self, **kwargs):
        submission = self.submission
        deadline = review_deadline(submission)
        return super().get_context_data(
            **proposal_for_committee(self.request.user, submission),
            review=self.review,
            review_form=self.review_form,
            deadline=deadline,
            deadline_passed=is_past(deadline),
            read_only=self.read_only,
            now=timezone.now(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if self.read_only:
            messages.error(request, "This proposal is decided: your review can no longer change.")
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        submit = self.request.POST.get("action") == SUBMIT
        was_submitted = bool(self.review and self.review.is_submitted)
        review = form.save(submission=self.submission, reviewer=self.request.user, submit=submit)
        if review is None:
            messages.error(self.request, "Nothing was saved: see the marked answers below.")
            return self.form_invalid(form)
        if was_submitted:
            messages.success(self.request, "Your submitted review is updated.")
        elif review.is_submitted:
            late = " It is marked late: the review deadline had passed." if review.is_late else ""
            messages.success(self.request, f"Your review is submitted. Thank you!{late}")
        else:
            messages.success(self.request, "Draft saved. Only you can see it until you submit.")
        return redirect(self.request.path)


urlpatterns = [
    path("<slug:event>/review/proposals/<int:pk>/", ReviewView.as_view(), name="review"),
]
