"""The committee reads a proposal: its paper (anonymised in double-blind mode), its submitted
reviews and the committee's discussion."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from ..access import (
    can_discuss,
    can_read_reviews,
    can_review,
    chairs_submission,
    is_assigned,
    is_conflicted_with,
    review_settings,
    shows_authors_to,
)
from ..blind import PaperUnreadable, proposal_for_committee, strip_pdf_metadata
from ..forms.discussion import DiscussionCommentForm
from ..models import (
    AuthorResponse,
    DiscussionComment,
    MetaReview,
    Review,
    ReviewAssignment,
    ReviewScore,
)
from ..selectors import chair_ids
from .mixins import CommitteeSubmissionMixin


class CommitteePaperView(CommitteeSubmissionMixin, View):
    """The paper for the proposal's reviewers and chairs, never for those in conflict with it.
    Whoever may not see the authors gets a copy without the PDF's metadata."""

    def get(self, request, *args, **kwargs):
        submission, user = self.submission, request.user
        allowed = chairs_submission(user, submission) or is_assigned(user, submission)
        if not allowed or is_conflicted_with(user, submission) or not submission.paper:
            raise Http404("No such paper.")
        filename = f"proposal-{submission.pk}.pdf"
        if shows_authors_to(user, submission):
            return FileResponse(submission.paper.open("rb"), filename=filename)
        with submission.paper.open("rb") as paper:
            data = paper.read()
        try:
            anonymous = strip_pdf_metadata(data)
        except PaperUnreadable:
            return HttpResponse(
                "This paper could not be anonymised for blind review. Please tell the chairs.",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(anonymous, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


def reviewer_aliases(submission, reviews) -> dict[int, str]:
    """ "Reviewer 1", "Reviewer 2"… by the order reviewers were assigned, stable as reviews
    come in; reviewers no longer assigned follow."""
    assigned = ReviewAssignment.objects.filter(submission=submission).order_by("created_at", "pk")
    order = list(assigned.values_list("reviewer_id", flat=True))
    order += [r.reviewer_id for r in reviews if r.reviewer_id not in order]
    return {user_id: f"Reviewer {number}" for number, user_id in enumerate(order, start=1)}


def _label(labels: dict, value) -> str:
    return labels.get(str(value), "") if value is not None else ""


def review_card(review, *, name: str, is_own: bool) -> dict:
    """One submitted review as the page shows it: each criterion of its form with the score
    given (if any), and the labels of the scale points."""
    scores = {score.criterion_id: score.value for score in review.scores.all()}
    form = review.form
    return {
        "review": review,
        "name": name,
        "is_own": is_own,
        "criteria": [
            {
                "name": criterion.name,
                "value": scores.get(criterion.pk),
                "max": criterion.max_value,
                "label": _label(criterion.labels, scores.get(criterion.pk)),
            }
            for criterion in form.criteria.all()
        ],
        "overall_label": _label(form.overall_labels, review.overall),
        "confidence_label": _label(form.confidence_labels, review.confidence),
    }


def overall_summary(reviews) -> dict | None:
    values = [review.overall for review in reviews if review.overall is not None]
    if not values:
        return None
    return {"mean": sum(values) / len(values), "low": min(values), "high": max(values)}


class ProposalReviewsView(CommitteeSubmissionMixin, TemplateView):
    """A proposal's submitted reviews and the committee's discussion of it.

    Chairs of the proposal read them at any time; its reviewers once they submitted their own
    review when the event says so (before, a page asks them to), never anyone in conflict."""

    template_name = "reviews/reviewing/proposal_reviews.html"

    @cached_property
    def may_read(self) -> bool:
        return can_read_reviews(self.request.user, self.submission)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.may_read and not can_review(request.user, self.submission):
            raise Http404("No such proposal.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission, user = self.submission, self.request.user
        context.update(proposal_for_committee(user, submission), may_read=self.may_read)
        context["is_chair"] = chairs_submission(user, submission)
        if not self.may_read:
            return context
        reviews = list(
            Review.objects.filter(submission=submission, submitted_at__isnull=False)
            .select_related("reviewer", "form")
            .prefetch_related(
                Prefetch("scores", ReviewScore.objects.only("review_id", "criterion_id", "value")),
                "form__criteria",
            )
            .order_by("submitted_at", "pk")
        )
        aliases = reviewer_aliases(submission, reviews)
        names_shown = context["is_chair"] or not review_settings(self.event).hides_reviewers
        context.update(
            names_shown=names_shown,
            review_cards=[
                review_card(
                    review,
                    name=review.reviewer.public_name
                    if names_shown
                    else aliases[review.reviewer_id],
                    is_own=review.reviewer_id == user.pk,
                )
                for review in reviews
            ],
            summary=overall_summary(reviews),
            response=AuthorResponse.objects.filter(submission=submission).first(),
            meta_review=MetaReview.objects.filter(submission=submission).exclude(text="").first(),
            my_review_pending=is_assigned(user, submission)
            and not any(review.reviewer_id == user.pk for review in reviews),
        )
        if can_discuss(user, submission):
            context.update(self.discussion_context(aliases, names_shown))
        return context

    def discussion_context(self, aliases, names_shown) -> dict:
        comments = list(
            DiscussionComment.objects.filter(submission=self.submission).select_related("author")
        )
        chairs = chair_ids(self.submission)
        # Commenters who are neither chairs nor known reviewers (e.g. unassigned since) still
        # get an alias: a chair badge or a real name would reveal who they are.
        aliases = dict(aliases)
        for comment in comments:
            if comment.author_id not in chairs and comment.author_id not in aliases:
                aliases[comment.author_id] = f"Reviewer {len(aliases) + 1}"
        return {
            "can_discuss": True,
            "comments": [
                {
                    "comment": comment,
                    "name": comment.author.public_name
                    if names_shown or comment.author_id in chairs
                    else aliases[comment.author_id],
                    "is_chair_comment": comment.author_id in chairs,
                    "is_own": comment.author_id == self.request.user.pk,
                }
                for comment in comments
            ],
            "comment_form": getattr(self, "comment_form", None)
            or DiscussionCommentForm(submission=self.submission, author=self.request.user),
        }


class DiscussionPostView(ProposalReviewsView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not (self.may_read and can_discuss(request.user, self.submission)):
            raise Http404("No such discussion.")
        self.comment_form = DiscussionCommentForm(
            request.POST, submission=self.submission, author=request.user
        )
        if self.comment_form.is_valid() and self.comment_form.save():
            messages.success(request, "Your comment is posted.")
            url = reverse("reviews:proposal-reviews", args=[self.event.slug, self.submission.pk])
            return redirect(f"{url}#discussion")
        return self.render_to_response(self.get_context_data())


PROPOSAL = "<slug:event>/review/proposals/<int:pk>"
urlpatterns = [
    path(f"{PROPOSAL}/paper.pdf", CommitteePaperView.as_view(), name="committee-paper"),
    path(f"{PROPOSAL}/reviews/", ProposalReviewsView.as_view(), name="proposal-reviews"),
    path(f"{PROPOSAL}/discussion/", DiscussionPostView.as_view(), name="discussion-post"),
]
