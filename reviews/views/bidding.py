"""Reviewers say which proposals they want to review."""

from django.contrib import messages
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import ListView, View

from conf_portal.redirects import safe_next
from submissions.models import Speaker
from submissions.selectors import author_list

from ..access import review_settings
from ..conflicts import conflict_map
from ..enums import BidPreference
from ..forms.bids import NO_BID, BidFilterForm, BidForm
from ..models import Bid
from ..selectors import reviewable_submissions
from ..services.bids import REASON_LABELS, locking_reasons
from .mixins import ReviewerMixin


def biddable_submissions(event, user, scope):
    """The proposals under review in the reviewer's tracks, not their own, with their bid."""
    my_bid = Bid.objects.filter(submission=OuterRef("pk"), user=user).values("preference")
    return (
        reviewable_submissions(event, scope)
        .exclude(speakers__user=user)
        .annotate(my_bid=Subquery(my_bid[:1]))
    )


class BidListView(ReviewerMixin, ListView):
    """Every proposal a reviewer may bid on, with its authors unless the review is double-blind
    (they help a reviewer spot a conflict of interest)."""

    template_name = "reviews/bidding.html"
    context_object_name = "submissions"
    paginate_by = 50

    @cached_property
    def filter_form(self) -> BidFilterForm:
        return BidFilterForm(self.request.GET or None, event=self.event, scope=self.scope)

    @cached_property
    def locked(self) -> dict[int, list[str]]:
        """Proposals the reviewer has a conflict with that their bid cannot lift."""
        pairs = conflict_map(self.event, user_ids=[self.request.user.pk])
        locked = {}
        for (submission_id, _), reasons in pairs.items():
            if reasons := locking_reasons(reasons):
                locked[submission_id] = [REASON_LABELS[reason] for reason in reasons]
        return locked

    @cached_property
    def base_queryset(self):
        return biddable_submissions(self.event, self.request.user, self.scope)

    @cached_property
    def shows_authors(self) -> bool:
        return not review_settings(self.event).hides_authors

    def get_queryset(self):
        filters = self.filter_form.filters()
        queryset = self.base_queryset.select_related("track", "session_type")
        if self.shows_authors:
            queryset = queryset.prefetch_related(
                Prefetch("speakers", queryset=Speaker.objects.select_related("user")), "coauthors"
            )
        if query := filters.get("query"):
            queryset = queryset.filter(Q(title__icontains=query) | Q(abstract__icontains=query))
        if filters.get("track"):
            queryset = queryset.filter(track=filters["track"])
        if filters.get("session_type"):
            queryset = queryset.filter(session_type=filters["session_type"])
        bid = filters.get("bid")
        if bid == NO_BID:
            queryset = queryset.filter(my_bid__isnull=True).exclude(pk__in=self.locked)
        elif bid == BidPreference.CONFLICT:
            queryset = queryset.filter(Q(my_bid=bid) | Q(pk__in=self.locked))
        elif bid:
            queryset = queryset.filter(my_bid=bid).exclude(pk__in=self.locked)
        return queryset.order_by("title", "pk")

    def counts(self) -> dict:
        totals = self.base_queryset.exclude(pk__in=self.locked).aggregate(
            total=Count("pk"),
            **{value: Count("pk", filter=Q(my_bid=value)) for value in BidPreference.values},
        )
        locked = self.base_queryset.filter(pk__in=self.locked).count() if self.locked else 0
        bids = sum(totals[value] for value in BidPreference.values)
        rows = [(value, label, totals[value]) for value, label in BidPreference.choices]
        rows[-1] = (BidPreference.CONFLICT, "Conflict", totals[BidPreference.CONFLICT] + locked)
        return {"rows": rows, "none": totals["total"] - bids, "total": totals["total"] + locked}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        for submission in context["submissions"]:
            submission.locked_reasons = self.locked.get(submission.pk)
            submission.authors = author_list(submission) if self.shows_authors else []
        return {
            **context,
            "filter_form": self.filter_form,
            "filter_query": query.urlencode(),
            "counts": self.counts(),
            "preferences": BidPreference.choices,
        }


class PlaceBidView(ReviewerMixin, View):
    """Save one bid: JSON for the page's script, or a redirect back to the filtered list."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        submissions = biddable_submissions(self.event, request.user, self.scope)
        submission = submissions.filter(pk=kwargs["pk"]).select_related("event").first()
        if submission is None:
            raise Http404("No such proposal.")
        form = BidForm(request.POST, submission=submission, user=request.user)
        error = ""
        if not (form.is_valid() and form.save()):
            error = " ".join(message for errors in form.errors.values() for message in errors)
        if request.headers.get("Accept") == "application/json":
            if error:
                return JsonResponse({"error": error}, status=400)
            preference = form.cleaned_data["preference"]
            return JsonResponse({"preference": preference})
        if error:
            messages.error(request, f"“{submission.title}”: {error}")
        else:
            messages.success(request, f"Bid saved for “{submission.title}”.")
        return redirect(self.back_url(submission))

    def back_url(self, submission) -> str:
        back = safe_next(self.request, reverse("reviews:bids", kwargs={"event": self.event.slug}))
        return f"{back}#proposal-{submission.pk}"


urlpatterns = [
    path("<slug:event>/review/bids/", BidListView.as_view(), name="bids"),
    path("<slug:event>/review/bids/<int:pk>/", PlaceBidView.as_view(), name="bid"),
]
