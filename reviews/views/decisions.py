"""Decisions: chairs accept, reject or waitlist proposals, organizers write the emails, chairs
send them, and organizers browse the outbox."""

from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView

from conf_portal.redirects import safe_next
from mails.enums import EmailStatus
from mails.models import OutboundEmail, ReminderReceipt
from mails.services import discard_held_email, release_held_email
from submissions.enums import SubmissionState
from submissions.models import Submission
from submissions.services.editing import InvalidTransition

from ..conflicts import conflict_map
from ..enums import Decision
from ..forms.decisions import DecideForm, NotificationTemplateForm, OutboxFilterForm
from ..models import DecisionNotification, NotificationTemplate
from ..services.notifications import (
    PLACEHOLDERS,
    notifiable_submissions,
    notification_progress,
    notification_templates,
    pending_notifications,
    placeholder_values,
    render_notification,
    request_decision_notifications,
)
from .assignments import wanted_reviews
from .mixins import ChairMixin, OrganizerCommitteeMixin, QueueEmailsView

HIDDEN_STATES = (SubmissionState.DRAFT, SubmissionState.WITHDRAWN)
STATE_FILTERS = [s for s in SubmissionState if s not in HIDDEN_STATES]


def decided_submissions(event, scope, user):
    """The chair's proposals (not drafts or withdrawn), without those they are conflicted with,
    and how many they are conflicted with."""
    queryset = Submission.objects.filter(event=event).exclude(state__in=HIDDEN_STATES)
    if scope is not None:
        queryset = queryset.filter(track_id__in=scope)
    conflicted = {sid for sid, _ in conflict_map(event, user_ids=[user.pk])}
    hidden = queryset.filter(pk__in=conflicted).count() if conflicted else 0
    return queryset.exclude(pk__in=conflicted), hidden


class DecisionsView(ChairMixin, TemplateView):
    """Every proposal of the chair's tracks with its reviews' summary and decision, bulk
    decisions, and the decision emails: who was told what, and sending the rest."""

    template_name = "reviews/decisions/index.html"
    manage_tab = "decisions"
    paginate_by = 100

    def filtered(self, submissions):
        state, query = self.request.GET.get("state", ""), self.request.GET.get("q", "").strip()
        if state in SubmissionState.values:
            submissions = submissions.filter(state=state)
        if query:
            submissions = submissions.filter(title__icontains=query)
        submitted = Q(reviews__submitted_at__isnull=False)
        return (
            (
                submissions.select_related("track", "session_type")
                .annotate(
                    n_reviews=Count("reviews", filter=submitted),
                    mean=Avg("reviews__overall", filter=submitted),
                )
                .order_by("-mean", "title", "pk")
            ),
            state,
            query,
        )

    def get_context_data(self, **kwargs):
        submissions, hidden = decided_submissions(self.event, self.scope, self.request.user)
        rows, state, query = self.filtered(submissions)
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        told = defaultdict(list)
        for note in (
            DecisionNotification.objects.filter(submission_id__in=[s.pk for s in page])
            .select_related("recipient", "email")
            .order_by("created_at", "pk")
        ):
            note.decision_label = SubmissionState(note.decision).label
            told[note.submission_id].append(note)
        for submission in page:
            submission.notified = told[submission.pk]
        notifiable = notifiable_submissions(self.event, self.request.user)
        pending = pending_notifications(notifiable)
        filter_query = urlencode({k: v for k, v in (("state", state), ("q", query)) if v})
        return super().get_context_data(
            page_obj=page,
            rows=list(page),
            hidden=hidden,
            state=state,
            query=query,
            states=STATE_FILTERS,
            filter_query=filter_query,
            decisions=Decision.choices,
            tally=tally(submissions),
            pending_speakers=len(pending),
            pending_proposals=len({row[0] for row in pending}),
            progress=notification_progress(notifiable),
            templates=[
                (template, SubmissionState(decision).label)
                for decision, template in notification_templates(self.event).items()
            ],
            **kwargs,
        )


def tally(submissions) -> list[tuple[str, int]]:
    counts = dict(submissions.values_list("state").annotate(n=Count("pk")).order_by())
    return [(state.label, counts[state]) for state in STATE_FILTERS if counts.get(state)]


class DecideView(ChairMixin, TemplateView):
    """POST only: give the selected proposals one decision, all or none. If some of them lack
    reviews, a confirmation page lists them first; confirming decides them all the same."""

    template_name = "reviews/decisions/confirm.html"
    http_method_names = ["post"]
    manage_tab = "decisions"

    def post(self, request, *args, **kwargs):
        form = DecideForm(request.POST, event=self.event)
        target = safe_next(request, reverse("reviews:decisions", args=[self.event.slug]))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(target)
        if short := form.needs_confirmation(by=request.user, wanted=wanted_reviews(self.event)):
            return self.render_to_response(self.get_context_data(
                form=form, short=short, target=target,
                decision=Decision(form.cleaned_data["decision"]),
            ))  # fmt: skip
        try:
            changed = form.save(by=request.user)
        except InvalidTransition as error:  # another chair changed a state meanwhile
            messages.error(request, f"Nothing was decided: {error}")
            return redirect(target)
        if form.errors:
            messages.error(request, "Nothing was decided: " + " ".join(form.errors["submissions"]))
            return redirect(target)
        total = len(form.cleaned_data["submissions"])
        label = SubmissionState(form.cleaned_data["decision"]).label.lower()
        unchanged = total - changed
        note = f" ({unchanged} already were)" if unchanged else ""
        messages.success(request, f"{total} proposal{'s' if total != 1 else ''} {label}{note}.")
        return redirect(target)


class NotifyView(QueueEmailsView):
    """Email every speaker of the chair's decided proposals not told yet."""

    back_to = "reviews:decisions"

    def queue(self) -> str:
        speakers, proposals = request_decision_notifications(event=self.event, by=self.request.user)
        return (
            f"Sending the decision to {speakers} speaker{pluralize(speakers)} of "
            f"{proposals} proposal{pluralize(proposals)}. Progress shows below."
        )


class NotificationTemplateView(OrganizerCommitteeMixin, TemplateView):
    """The email of one decision: edit it, and preview it for one proposal."""

    template_name = "reviews/decisions/template.html"
    manage_tab = "decisions"

    @cached_property
    def decision(self) -> str:
        if self.kwargs["decision"] not in Decision.values:
            raise Http404("No such decision.")
        return self.kwargs["decision"]

    @cached_property
    def template(self):
        return notification_templates(self.event)[self.decision]

    @cached_property
    def candidates(self):
        """Proposals to preview with: those with this decision first, then the others."""
        submissions, _ = decided_submissions(self.event, self.scope, self.request.user)
        return sorted(
            submissions.select_related("track", "session_type", "event")[:500],
            key=lambda s: (s.state != self.decision, s.title.lower(), s.pk),
        )

    @cached_property
    def previewed(self):
        wanted = self.request.POST.get("proposal") or self.request.GET.get("proposal")
        chosen = next((s for s in self.candidates if str(s.pk) == wanted), None)
        return chosen or (self.candidates[0] if self.candidates else None)

    def preview(self, template):
        if self.previewed is None:
            return None
        values = placeholder_values([self.previewed])[self.previewed.pk]
        subject, body = render_notification(template, values)
        return {"subject": subject, "body": body, "submission": self.previewed}

    def make_form(self, data=None):
        initial = {"subject": self.template.subject, "body": self.template.body}
        return NotificationTemplateForm(
            data, initial=initial, event=self.event, decision=self.decision
        )

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", self.make_form())
        if "preview" not in kwargs:
            kwargs["preview"] = self.preview(self.template) if not form.is_bound else None
        kwargs["decision"] = self.decision
        return super().get_context_data(
            decision_label=SubmissionState(self.decision).label,
            is_saved=self.template.pk is not None,
            candidates=self.candidates,
            previewed=self.previewed,
            placeholders=PLACEHOLDERS,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, preview=None))
        if request.POST.get("action") == "preview":
            template = NotificationTemplate(
                event=self.event, decision=self.decision, **form.cleaned_data
            )
            return self.render_to_response(
                self.get_context_data(form=form, preview=self.preview(template), unsaved=True)
            )
        form.save()
        messages.success(request, f"The {self.decision_label_lower} email is saved.")
        query = f"?proposal={self.previewed.pk}" if self.previewed else ""
        return redirect(request.path + query)

    @property
    def decision_label_lower(self) -> str:
        return SubmissionState(self.decision).label.lower()


class OutboxView(OrganizerCommitteeMixin, ListView):
    """Every email the event sent or will send, newest first."""

    template_name = "reviews/decisions/outbox.html"
    manage_tab = "outbox"
    paginate_by = 50
    context_object_name = "emails"

    @cached_property
    def filter_form(self):
        return OutboxFilterForm(self.request.GET or None)

    @cached_property
    def visible(self):
        return visible_outbox(self.event, self.request.user)

    def get_queryset(self):
        emails = self.visible.defer("body", "html_body")
        if self.filter_form.is_valid():
            if status := self.filter_form.cleaned_data["status"]:
                emails = emails.filter(status=status)
            if self.filter_form.cleaned_data["reminders"]:
                sent = ReminderReceipt.objects.filter(email__isnull=False).values("email_id")
                emails = emails.filter(pk__in=sent)
            if query := self.filter_form.cleaned_data["q"].strip():
                emails = emails.filter(Q(to__icontains=query) | Q(subject__icontains=query))
        return emails.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        filter_query = urlencode({k: "on" if v is True else v for k, v in data.items() if v})
        counts = dict(self.visible.values_list("status").annotate(n=Count("pk")).order_by())
        return super().get_context_data(
            filter_form=self.filter_form, filter_query=filter_query, counts=counts, **kwargs
        )


def visible_outbox(event, user):
    """The event's emails, without those about a proposal the user is conflicted with: they
    carry its reviews, or name its reviewers."""
    conflicted = {sid for sid, _ in conflict_map(event, user_ids=[user.pk])}
    return OutboundEmail.objects.filter(event=event).exclude(submissions__in=conflicted)


class OutboxEmailView(OrganizerCommitteeMixin, DetailView):
    """One email; a held one (its worker stopped while sending it) is released or discarded."""

    template_name = "reviews/decisions/outbox_email.html"
    manage_tab = "outbox"
    context_object_name = "email"

    def get_object(self, queryset=None):
        return get_object_or_404(
            visible_outbox(self.event, self.request.user), pk=self.kwargs["pk"]
        )

    def post(self, request, *args, **kwargs):
        email = self.get_object()
        action = request.POST.get("action")
        if action == "release" and release_held_email(email=email):
            messages.success(
                request, f"The email to {email.to} is sent again, with the same Message-ID."
            )
        elif action == "release" and email.status == EmailStatus.EXPIRED:
            messages.error(
                request,
                f"The reminder to {email.to} was not sent again: its deadline has passed, so it "
                "is marked expired.",
            )
        elif action == "discard" and discard_held_email(email=email):
            messages.success(request, f"The email to {email.to} will not be sent again.")
        else:
            messages.error(request, "This email is no longer held: nothing was done.")
        return redirect("reviews:outbox-email", event=self.event.slug, pk=email.pk)


urlpatterns = [
    path("<slug:event>/manage/decisions/", DecisionsView.as_view(), name="decisions"),
    path("<slug:event>/manage/decisions/decide/", DecideView.as_view(), name="decide"),
    path("<slug:event>/manage/decisions/notify/", NotifyView.as_view(), name="notify"),
    path(
        "<slug:event>/manage/decisions/emails/<str:decision>/",
        NotificationTemplateView.as_view(),
        name="notification-template",
    ),
    path("<slug:event>/manage/outbox/", OutboxView.as_view(), name="outbox"),
    path("<slug:event>/manage/outbox/<int:pk>/", OutboxEmailView.as_view(), name="outbox-email"),
]
