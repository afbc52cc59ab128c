"""What accepted proposals hand in: the speakers' page, private downloads, the organizers' table."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from tracks.views import OrganizerMixin

from ..forms.deliverables import DeliverableForm
from ..models import Deliverable
from ..rules import is_organizer_of_submission
from ..services.deliverables import (
    DeliverableItem,
    deliverable_items,
    delivering_submissions,
    may_deliver,
)
from .author import SubmissionMixin

# Speakers and the event's organizers; reviewers who may read a proposal don't see its deliverables.


class DeliverablesMixin(SubmissionMixin):
    submission_permission = "submissions.deliver_submission"


class DeliverablesView(DeliverablesMixin, TemplateView):
    """One form per requirement of the proposal's session type; each saves on its own."""

    template_name = "submissions/deliverables.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.submission.delivers:
            messages.info(request, "Deliverables are handed in once a proposal is accepted.")
            return redirect(self.submission.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def items(self) -> list[DeliverableItem]:
        return deliverable_items(self.submission, deadlines=self.event.deadlines.all())

    def get_context_data(self, bound_form: DeliverableForm | None = None, **kwargs):
        rows = []
        for item in self.items:
            form = bound_form if bound_form and bound_form.requirement == item.requirement else None
            rows.append({
                "item": item,
                "form": form or DeliverableForm(item=item, submission=self.submission),
                "closed_reason": may_deliver(
                    submission=self.submission, item=item, by=self.request.user
                ),
            })  # fmt: skip
        return super().get_context_data(
            rows=rows,
            is_organizer=is_organizer_of_submission(self.request.user, self.submission),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        item = self._posted_item()
        form = DeliverableForm(request.POST, request.FILES, item=item, submission=self.submission)
        if form.is_valid() and form.save(by=request.user):
            messages.success(request, f"“{item.requirement.title}” is saved.")
            url = reverse("submissions:deliverables", args=[self.event.slug, self.submission.pk])
            return redirect(f"{url}#requirement-{item.requirement.pk}")
        return self.render_to_response(self.get_context_data(bound_form=form))

    def _posted_item(self) -> DeliverableItem:
        wanted = self.request.POST.get("requirement", "")
        for item in self.items:
            if str(item.requirement.pk) == wanted:
                return item
        raise Http404("This proposal has no such deliverable.")


class DeliverableFileView(DeliverablesMixin, View):
    """A delivered PDF, only for the speakers and organizers (media files are not public)."""

    def get(self, request, *args, **kwargs):
        deliverable = get_object_or_404(
            Deliverable.objects.select_related("requirement"),
            submission=self.submission,
            requirement_id=self.kwargs["requirement"],
        )
        if not deliverable.file:
            raise Http404("Nothing was uploaded for this deliverable.")
        title = slugify(deliverable.requirement.title) or "deliverable"
        return FileResponse(
            deliverable.file.open("rb"),
            content_type="application/pdf",
            filename=f"{self.event.slug}-{self.submission.pk}-{title}.pdf",
        )


class ManageDeliverablesView(OrganizerMixin, TemplateView):
    """Accepted and confirmed proposals against what their session type asks, per type."""

    template_name = "submissions/manage/deliverables.html"
    manage_tab = "deliverables"

    def get_context_data(self, **kwargs):
        only_missing = self.request.GET.get("missing") == "1"
        deadlines = list(self.event.deadlines.all())
        now = timezone.now()
        groups: dict = {}
        total = 0
        for submission in delivering_submissions(self.event):
            items = deliverable_items(submission, now, deadlines=deadlines)
            if not items:
                continue  # its session type asks for nothing
            total += 1
            if only_missing and not any(item.is_outstanding for item in items):
                continue
            groups.setdefault(submission.session_type, []).append((submission, items))
        tables = [
            {"session_type": session_type, "rows": rows,
             "requirements": [item.requirement for item in rows[0][1]]}
            for session_type, rows in groups.items()
        ]  # fmt: skip
        return super().get_context_data(
            groups=tables,
            shown=sum(len(rows) for rows in groups.values()),
            total=total,
            only_missing=only_missing,
            **kwargs,
        )


urlpatterns = [
    path(
        "<slug:event>/proposals/<int:pk>/deliverables/",
        DeliverablesView.as_view(),
        name="deliverables",
    ),
    path(
        "<slug:event>/proposals/<int:pk>/deliverables/<int:requirement>/file.pdf",
        DeliverableFileView.as_view(),
        name="deliverable-file",
    ),
    path(
        "<slug:event>/manage/deliverables/",
        ManageDeliverablesView.as_view(),
        name="manage-deliverables",
    ),
]
