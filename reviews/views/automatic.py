"""Automatic assignment: parameters, runs with their progress, result, diff, and apply."""

import math
from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from conf_portal.redirects import safe_next

from ..conflicts import conflict_map
from ..enums import BidPreference, ConstraintKind, RunStatus
from ..forms.assignments import ConstraintForm, RunParamsForm
from ..models import AssignmentConstraint, AssignmentRun, ReviewAssignment
from ..selectors import committee_reviewers, reviewable_submissions, reviewer_users
from ..services.assignments import apply_assignment_run, run_diff
from ..services.runs import start_assignment_run
from .assignments import DEFAULT_WANTED, chair_conflicts
from .mixins import ChairMixin

DIFF_ROWS = 200


def covers(scope, track_ids) -> bool:
    """Whether a chair's scope (None: all) covers a run's tracks (None: the whole event)."""
    return scope is None or (track_ids is not None and set(track_ids) <= scope)


def suggested_max_load(event, scope, reviews_per_submission: int) -> tuple[int, int, int]:
    """ceil(demand / reviewers) over the proposals and reviewers of the chair's tracks, with the
    demand and the number of reviewers."""
    demand = reviewable_submissions(event, scope).count() * reviews_per_submission
    reviewers = [
        r
        for r in committee_reviewers(event)
        if scope is None or r.track_ids is None or r.track_ids & scope
    ]
    suggested = max(1, math.ceil(demand / len(reviewers))) if reviewers else 1
    return suggested, demand, len(reviewers)


def _form_initial(run) -> dict:
    if run is None:
        return {}
    params, weights = run.params, run.params.get("weights", {})
    return {
        "reviews_per_submission": params.get("reviews_per_submission", DEFAULT_WANTED),
        "min_load": params.get("min_load", 0),
        "weight_bid": weights.get("bid", 1.0),
        "weight_affinity": weights.get("affinity", 1.0),
        "weight_load": weights.get("load", 1.0),
        "keep_current": params.get("keep_current", True),
    }


class AutoAssignView(ChairMixin, TemplateView):
    """The parameters of a new run, the pins and forbids it will honour, the previous runs."""

    template_name = "reviews/manage/assignments_automatic.html"
    manage_tab = "assignments"

    @cached_property
    def runs(self) -> list[AssignmentRun]:
        runs = AssignmentRun.objects.filter(event=self.event).prefetch_related("tracks")
        runs = runs.select_related("created_by")
        return [run for run in runs if covers(self.scope, [t.pk for t in run.tracks.all()] or None)]

    def get_form(self, data=None) -> RunParamsForm:
        last = self.runs[0] if self.runs else None
        initial = _form_initial(last)
        wanted = initial.get("reviews_per_submission", DEFAULT_WANTED)
        return RunParamsForm(
            data,
            initial=initial,
            event=self.event,
            scope=self.scope,
            suggestion=suggested_max_load(self.event, self.scope, wanted),
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                run = form.start(by=request.user)
            except ValidationError:
                pass
            else:
                return redirect("reviews:run", event=self.event.slug, pk=run.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        hidden = chair_conflicts(self.event, self.request.user)
        constraints = (
            AssignmentConstraint.objects.filter(
                submission__in=reviewable_submissions(self.event, self.scope)
            )
            .exclude(submission_id__in=hidden)
            .select_related("submission", "user")
            .order_by("kind", "submission__title", "user__name")
        )
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(
            constraints=constraints,
            runs=self.runs,
            proposals=reviewable_submissions(self.event, self.scope).count(),
            **kwargs,
        )


class RunMixin(ChairMixin):
    manage_tab = "assignments"

    @cached_property
    def run(self) -> AssignmentRun:
        run = get_object_or_404(
            AssignmentRun.objects.select_related("created_by", "applied_by").prefetch_related(
                "tracks"
            ),
            event=self.event,
            pk=self.kwargs["pk"],
        )
        if not covers(self.scope, self.track_ids_of(run)):
            raise Http404("No such run.")
        return run

    @staticmethod
    def track_ids_of(run) -> list[int] | None:
        return [track.pk for track in run.tracks.all()] or None


class RunStatusView(RunMixin, View):
    def get(self, request, *args, **kwargs):
        run = self.run
        return JsonResponse(
            {
                "status": run.status,
                "status_label": run.get_status_display(),
                "progress": run.progress,
                "stage": run.stage,
                "finished": run.status in (RunStatus.DONE, RunStatus.FAILED),
            }
        )


class RunView(RunMixin, TemplateView):
    """A run: its progress while it computes, then its result explained and compared."""

    template_name = "reviews/manage/run.html"
    paginate_by = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(run=self.run, **kwargs)
        if self.run.status == RunStatus.DONE:
            context.update(self.result_context())
        return context

    def result_context(self) -> dict:
        run, event = self.run, self.event
        wanted = run.params.get("reviews_per_submission", DEFAULT_WANTED)
        hidden = chair_conflicts(event, self.request.user)
        pairs = list(run.pairs.select_related("reviewer"))
        proposals = list(
            reviewable_submissions(event, self.track_ids_of(run))
            .select_related("track")
            .order_by("title", "pk")
        )
        by_proposal = defaultdict(list)
        for pair in pairs:
            by_proposal[pair.submission_id].append(pair)
        diff = run_diff(run)
        current = defaultdict(dict)
        for sid, uid, name, email in ReviewAssignment.objects.filter(
            submission__in=proposals
        ).values_list("submission_id", "reviewer_id", "reviewer__name", "reviewer__email"):
            current[sid][uid] = name or email
        shortfalls = defaultdict(list)
        global_shortfalls = []
        for item in run.summary.get("shortfalls", []):
            if item.get("submission_id"):
                shortfalls[item["submission_id"]].append(item.get("message", ""))
            else:
                global_shortfalls.append(item)
        constraints = {
            (c.submission_id, c.user_id): c.kind
            for c in AssignmentConstraint.objects.filter(submission__in=proposals)
        }
        proposals.sort(
            key=lambda p: (
                p.pk in hidden,
                len(by_proposal[p.pk]) >= wanted,
                len(by_proposal[p.pk]),
                p.title,
            )
        )
        page = Paginator(proposals, self.paginate_by).get_page(self.request.GET.get("page"))
        rows = self.proposal_rows(
            list(page), by_proposal, current, shortfalls, constraints, hidden, wanted
        )
        names = {p.reviewer_id: p.reviewer.get_full_name() for p in pairs}
        for values in current.values():
            names.update(values)
        titles = {p.pk: p.title for p in proposals}
        return {
            "page_obj": page,
            "rows": rows,
            "wanted": wanted,
            "under_covered": sum(len(by_proposal[p.pk]) < wanted for p in proposals),
            "proposal_count": len(proposals),
            "pair_count": len(pairs),
            "global_shortfalls": global_shortfalls,
            "loads": self.reviewer_loads(pairs),
            "diff": diff,
            "diff_tables": {
                key: [
                    (titles.get(sid, sid), names.get(uid, uid))
                    for sid, uid in getattr(diff, key)
                    if sid not in hidden
                ][:DIFF_ROWS]
                for key in ("added", "removed")
            },
            "diff_limit": DIFF_ROWS,
            "pin": ConstraintKind.PIN,
            "forbid": ConstraintKind.FORBID,
        }

    def proposal_rows(self, page, by_proposal, current, shortfalls, constraints, hidden, wanted):
        ids = [p.pk for p in page if p.pk not in hidden]
        reviewers = committee_reviewers(self.event)
        users = {u.pk: u for u in reviewer_users(self.event)}
        conflicts = conflict_map(self.event, submission_ids=ids) if ids else {}
        runners_up = self.run.summary.get("runners_up", {})
        rows = []
        for proposal in page:
            if proposal.pk in hidden:
                rows.append({"proposal": proposal, "hidden": True})
                continue
            proposed = by_proposal[proposal.pk]
            proposed_ids = {p.reviewer_id for p in proposed}
            for pair in proposed:
                pair.is_new = pair.reviewer_id not in current[proposal.pk]
                pair.constraint = constraints.get((proposal.pk, pair.reviewer_id), "")
            pinnable = [
                users[r.user_id]
                for r in reviewers
                if r.user_id in users
                and r.user_id not in proposed_ids
                and r.covers(proposal.track_id)
                and (proposal.pk, r.user_id) not in conflicts
            ]
            rows.append(
                {
                    "proposal": proposal,
                    "pairs": proposed,
                    "count": len(proposed),
                    "coverage": "full"
                    if len(proposed) >= wanted
                    else ("under" if proposed else "none"),
                    "removed": [
                        name
                        for uid, name in current[proposal.pk].items()
                        if uid not in proposed_ids
                    ],
                    "shortfalls": shortfalls.get(proposal.pk, []),
                    "runners_up": [
                        item
                        | {
                            "reviewer": users[item["reviewer_id"]],
                            "bid_label": BidPreference(item["bid"]).label if item["bid"] else "",
                        }
                        for item in runners_up.get(str(proposal.pk), [])
                        if item["reviewer_id"] in users
                    ],
                    "pinnable": sorted(pinnable, key=lambda u: (u.name, u.email)),
                }
            )
        return rows

    def reviewer_loads(self, pairs) -> list[dict]:
        """Every reviewer the run considered: proposed reviews, plus those held elsewhere."""
        params, summary = self.run.params, self.run.summary
        low, high = params.get("min_load", 0), params.get("max_load")
        counts = Counter(p.reviewer_id for p in pairs)
        counts.update({int(uid): 0 for uid in summary.get("loads", {})})
        elsewhere = {int(uid): n for uid, n in summary.get("held_elsewhere", {}).items()}
        people = get_user_model().objects.in_bulk(list(counts))
        loads = []
        for uid, count in counts.items():
            total = count + elsewhere.get(uid, 0)
            loads.append(
                {
                    "user": people[uid],
                    "load": count,
                    "elsewhere": elsewhere.get(uid, 0),
                    "below": total < low,
                    "above": high is not None and total > high,
                    "percent": min(100, round(100 * total / high)) if high else 100,
                }
            )
        return sorted(loads, key=lambda item: (-item["load"], item["user"].name))


class RerunView(RunMixin, View):
    """A new run with the same parameters and tracks, honouring today's pins and forbids."""

    def post(self, request, *args, **kwargs):
        try:
            run = start_assignment_run(
                event=self.event,
                by=request.user,
                track_ids=self.track_ids_of(self.run),
                params=self.run.params,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reviews:run", event=self.event.slug, pk=self.run.pk)
        return redirect("reviews:run", event=self.event.slug, pk=run.pk)


class ApplyRunView(RunMixin, TemplateView):
    """Confirm, then make the assignment in the run's tracks equal its proposal."""

    template_name = "reviews/manage/run_apply.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(run=self.run, diff=run_diff(self.run), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            result = apply_assignment_run(run=self.run, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reviews:run", event=self.event.slug, pk=self.run.pk)
        counts = result.counts
        messages.success(
            request,
            f"Run applied: {counts['added']} added, {counts['removed']} removed, "
            f"{counts['kept']} kept.",
        )
        if result.held_back:
            messages.warning(
                request,
                f"{result.held_back} proposal{'s' if result.held_back != 1 else ''} you have a "
                "conflict with kept their reviewers: another chair applies those.",
            )
        if result.skipped:
            messages.warning(
                request,
                f"{len(result.skipped)} proposed pair{'s' if len(result.skipped) != 1 else ''} "
                "skipped: " + " ".join(item["message"] for item in result.skipped[:5]),
            )
        return redirect("reviews:manage-assignments", event=self.event.slug)


class ConstraintView(ChairMixin, View):
    """Pin, forbid or clear one pair, then go back where the chair came from."""

    def post(self, request, *args, **kwargs):
        form = ConstraintForm(request.POST, event=self.event, scope=self.scope)
        if form.is_valid():
            try:
                messages.success(request, form.save(by=request.user))
            except ValidationError:
                messages.error(request, " ".join(form.errors["user"]))
        else:
            errors = [error for errors in form.errors.values() for error in errors]
            messages.error(request, "Nothing was changed: " + " ".join(errors))
        return redirect(
            safe_next(request, reverse("reviews:auto-assign", kwargs={"event": self.event.slug}))
        )


urlpatterns = [
    path(
        "<slug:event>/manage/assignments/automatic/",
        AutoAssignView.as_view(),
        name="auto-assign",
    ),
    path(
        "<slug:event>/manage/assignments/constraints/",
        ConstraintView.as_view(),
        name="assignment-constraint",
    ),
    path("<slug:event>/manage/assignments/runs/<int:pk>/", RunView.as_view(), name="run"),
    path(
        "<slug:event>/manage/assignments/runs/<int:pk>/status/",
        RunStatusView.as_view(),
        name="run-status",
    ),
    path(
        "<slug:event>/manage/assignments/runs/<int:pk>/rerun/",
        RerunView.as_view(),
        name="run-rerun",
    ),
    path(
        "<slug:event>/manage/assignments/runs/<int:pk>/apply/",
        ApplyRunView.as_view(),
        name="run-apply",
    ),
]
