"""Conflicts of interest: authors declare them, chairs review, add and clear them."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from submissions.enums import SubmissionState
from submissions.models import Submission
from submissions.selectors import speakers_see_state
from tracks.views import EventScopedMixin

from ..conflicts import conflict_map
from ..enums import CONFLICT_DECLARING_STATES, DETECTED_REASONS, ConflictReason, ConflictSource
from ..forms.conflicts import (
    CLEARED,
    AuthorConflictForm,
    ChairConflictForm,
    ConflictDecisionForm,
    ConflictFilterForm,
)
from ..models import Conflict
from ..services.conflicts import withdraw_author_conflict
from .mixins import ChairMixin


class AuthorConflictsView(LoginRequiredMixin, EventScopedMixin, TemplateView):
    """A proposal's speakers name committee members who should not review it."""

    template_name = "reviews/conflicts/author.html"

    @cached_property
    def submission(self) -> Submission:
        return get_object_or_404(
            Submission.objects.select_related("event"),
            speakers_see_state(CONFLICT_DECLARING_STATES),
            event=self.event,
            pk=self.kwargs["pk"],
            speakers__user=self.request.user,
        )

    @cached_property
    def declared(self):
        return list(
            Conflict.objects.filter(submission=self.submission, source=ConflictSource.AUTHOR)
            .select_related("user")
            .order_by("user__name", "user__email")
        )

    def make_form(self, data=None):
        return AuthorConflictForm(
            data,
            submission=self.submission,
            exclude_ids=[conflict.user_id for conflict in self.declared],
            query="" if data else self.request.GET.get("q", "").strip(),
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.make_form())
        return super().get_context_data(
            submission=self.submission,
            declared=self.declared,
            query=self.request.GET.get("q", "").strip(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if withdraw := request.POST.get("withdraw"):
            conflict = next((c for c in self.declared if str(c.pk) == withdraw), None)
            if conflict is not None:
                withdraw_author_conflict(conflict=conflict)
                messages.success(request, f"Removed the conflict with {conflict.user.public_name}.")
            return redirect(request.get_full_path())
        form = self.make_form(request.POST)
        if form.is_valid() and form.save(declared_by=request.user) and not form.errors:
            messages.success(request, "Conflicts saved. These members will not review it.")
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


def _submissions_in_scope(event, scope):
    queryset = Submission.objects.filter(event=event).exclude(state=SubmissionState.DRAFT)
    return queryset if scope is None else queryset.filter(track_id__in=scope)


class ManageConflictsView(ChairMixin, TemplateView):
    """Every conflict in the chair's tracks, why, and the chair's corrections."""

    template_name = "reviews/conflicts/manage.html"
    manage_tab = "conflicts"
    paginate_by = 50

    @cached_property
    def submissions(self):
        """The chair's proposals, without those they are conflicted with: a conflicted chair
        neither sees nor changes that proposal's conflicts."""
        own = conflict_map(self.event, user_ids=[self.request.user.pk])
        queryset = _submissions_in_scope(self.event, self.scope)
        return queryset.exclude(pk__in={submission_id for submission_id, _ in own}).order_by(
            "title"
        )

    @cached_property
    def members(self):
        users = get_user_model().objects.filter(memberships__event=self.event).distinct()
        return users.order_by("name", "email")

    @cached_property
    def filter_form(self):
        return ConflictFilterForm(self.request.GET or None, members=self.members)

    def rows(self) -> list[dict]:
        titles = dict(self.submissions.values_list("pk", "title"))
        people = {user.pk: user for user in self.members.only("name", "email", "affiliation")}
        decisions = {
            (c.submission_id, c.user_id): c
            for c in Conflict.objects.filter(
                submission_id__in=titles, source=ConflictSource.CHAIR
            ).only("submission_id", "user_id", "is_conflict", "reason")
        }
        pairs = conflict_map(self.event, submission_ids=titles, include_cleared=True)
        rows = []
        for (submission_id, user_id), reasons in pairs.items():
            decision = decisions.get((submission_id, user_id))
            cleared = decision is not None and not decision.is_conflict
            rows.append(
                {
                    "submission_id": submission_id,
                    "title": titles[submission_id],
                    "member": people[user_id],
                    "reasons": reasons,
                    "detected": [r for r in reasons if r in DETECTED_REASONS],
                    "cleared": cleared,
                    "decision": decision,
                    "in_force": not cleared or any(r not in DETECTED_REASONS for r in reasons),
                }
            )
        rows.sort(key=lambda row: (row["title"].lower(), row["member"].public_name.lower()))
        return self.filtered(rows)

    def filtered(self, rows):
        if not self.filter_form.is_valid():
            return rows
        data = self.filter_form.cleaned_data
        if query := data["q"].strip().lower():
            rows = [row for row in rows if query in row["title"].lower()]
        if data["member"]:
            rows = [row for row in rows if row["member"].pk == data["member"].pk]
        if data["reason"] == CLEARED:
            rows = [row for row in rows if row["cleared"]]
        elif data["reason"]:
            rows = [row for row in rows if ConflictReason(data["reason"]) in row["reasons"]]
        return rows

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        page = Paginator(self.rows(), self.paginate_by).get_page(self.request.GET.get("page"))
        kwargs.setdefault(
            "add_form", ChairConflictForm(submissions=self.submissions, members=self.members)
        )
        return super().get_context_data(
            page_obj=page,
            rows=page.object_list,
            filter_form=self.filter_form,
            filter_query=query.urlencode(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "add-submission" in request.POST:
            form = ChairConflictForm(
                request.POST, submissions=self.submissions, members=self.members
            )
            if form.is_valid() and form.save(set_by=request.user):
                messages.success(request, "Conflict added.")
                return redirect(request.get_full_path())
            return self.render_to_response(self.get_context_data(add_form=form))
        form = ConflictDecisionForm(
            request.POST, submissions=self.submissions, members=self.members
        )
        if form.is_valid() and form.save(decided_by=request.user):
            done = "cleared" if form.cleaned_data["action"] == form.CLEAR else "undone"
            messages.success(request, f"Conflict {done}.")
            return redirect(request.get_full_path())
        return self.render_to_response(
            self.get_context_data(decision_form=form, decision_pair=form.pair())
        )


urlpatterns = [
    path(
        "<slug:event>/proposals/<int:pk>/conflicts/",
        AuthorConflictsView.as_view(),
        name="author-conflicts",
    ),
    path("<slug:event>/manage/conflicts/", ManageConflictsView.as_view(), name="manage-conflicts"),
]
