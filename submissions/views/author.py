from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from mails.selectors import delivery_note, latest_status_by_recipient
from reviews.enums import CONFLICT_DECLARING_STATES, ConflictSource
from reviews.services.responses import author_reviews_state
from tracks.enums import SubmissionField
from tracks.views import EventScopedMixin, show_times_of

from .. import selectors, services
from ..forms import CoAuthorForm, InviteSpeakerForm, ResourceForm, SubmissionForm
from ..models import SpeakerInvitation, Submission
from ..rules import is_speaker


class SubmissionMixin(LoginRequiredMixin, EventScopedMixin):
    """Loads the submission in the URL, scoped to its event; 404 unless the user may see it."""

    submission_permission = "submissions.view_submission"

    @cached_property
    def submission(self) -> Submission:
        submission = get_object_or_404(
            Submission.objects.select_related("event", "track", "session_type").prefetch_related(
                "speakers__user", "coauthors", "resources", "answers"
            ),
            pk=self.kwargs["pk"],
            event=self.event,
        )
        if not self.request.user.has_perm(self.submission_permission, submission):
            raise Http404("No such proposal.")
        return submission

    def get_context_data(self, **kwargs):
        kwargs["submission"] = self.submission
        return super().get_context_data(**kwargs)


def edit_url(submission: Submission, section: str = "") -> str:
    url = reverse("submissions:edit", kwargs={"event": submission.event.slug, "pk": submission.pk})
    return f"{url}#{section}" if section else url


class MyProposalsView(LoginRequiredMixin, ListView):
    template_name = "submissions/dashboard.html"
    context_object_name = "submissions"

    def get_queryset(self):
        return selectors.submissions_of_speaker(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        for submission in context["submissions"]:
            submission.next_step = services.next_step(submission, now)
            submission.can_edit = services.author_can_edit(submission, now)
        return context


class SubmissionEditView(SubmissionMixin, FormView):
    """The proposal form: save a draft, or submit. Concurrent edits are shown, never lost."""

    template_name = "submissions/edit.html"
    form_class = SubmissionForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "submissions.change_submission", self.submission
        ):
            messages.info(request, "This proposal can no longer be edited.")
            return redirect(self.submission.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.submission}

    def get_context_data(self, **kwargs):
        submission = self.submission
        authors = selectors.author_list(submission)
        edited = kwargs.pop("coauthor_edit_form", None)
        for author in authors:
            if not author.is_speaker:
                author.form = (
                    edited if edited and edited.instance.pk == author.pk
                    else CoAuthorForm(instance=author, prefix=f"coauthor{author.pk}")
                )  # fmt: skip
        kwargs.setdefault("invite_form", InviteSpeakerForm())
        kwargs.setdefault("coauthor_form", CoAuthorForm(prefix="coauthor"))
        kwargs.setdefault("resource_form", ResourceForm(prefix="resource"))
        return super().get_context_data(
            authors=authors,
            several_speakers=sum(author.is_speaker for author in authors) > 1,
            invitations=self.open_invitations(),
            resources=submission.resources.all(),
            asks_for_resources=SubmissionField.RESOURCES
            in submission.session_type.requested_fields,
            **kwargs,
        )

    def open_invitations(self) -> list[SpeakerInvitation]:
        """Open invitations, each with a note on how its email went."""
        invitations = list(self.submission.invitations.filter(accepted_at__isnull=True))
        statuses = latest_status_by_recipient(
            about=self.submission, recipients=[invitation.email for invitation in invitations]
        )
        for invitation in invitations:
            invitation.delivery = delivery_note(statuses.get(invitation.email))
        return invitations

    def form_valid(self, form):
        try:
            saved = services.update_submission(
                submission=self.submission,
                data=form.content,
                files=form.files_to_save,
                based_on_version=form.cleaned_data["version"],
                by=self.request.user,
            )
        except services.EditConflict as conflict:
            return self._conflict(form, conflict)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if "submit" not in self.request.POST:
            messages.success(self.request, "Draft saved.")
            return redirect("submissions:edit", event=self.event.slug, pk=saved.pk)
        try:
            services.submit_submission(submission=saved, by=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            form.data = form.data.copy()
            form.data["version"] = saved.version
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Your proposal is submitted. "
            f"You can still edit it until {services.editable_until(saved)}.",
        )
        return redirect(saved.get_absolute_url())

    def _conflict(self, form, conflict):
        """Keep the user's text in the form and show what the other person saved there."""
        form.data = form.data.copy()
        form.data["version"] = conflict.current.version
        saved = services.submission_content(conflict.current)
        changed = [
            (form.fields[form.field_name(key)].label, saved.get(key, ""))
            for key in conflict.keys
            if form.field_name(key) in form.fields
        ]
        return self.render_to_response(
            self.get_context_data(form=form, conflict=changed), status=409
        )


class AutosaveView(SubmissionMixin, View):
    """The edit form's texts, saved as the author types; JSON for static/js/autosave.js."""

    http_method_names = ["post"]

    def handle_no_permission(self):
        return JsonResponse({"message": "Please sign in again to save."}, status=403)

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("submissions.change_submission", self.submission):
            message = "Not saved: this proposal can no longer be edited."
            return JsonResponse({"message": message}, status=403)
        form = SubmissionForm(request.POST, instance=self.submission)
        if not form.is_valid():
            return JsonResponse({"message": "Not saved: " + _first_error(form)}, status=400)
        try:
            saved = services.update_submission(
                submission=self.submission, data=form.content, files={},
                based_on_version=form.cleaned_data["version"], by=request.user,
            )  # fmt: skip
        except services.EditConflict as conflict:
            labels = [str(form.fields[form.field_name(key)].label) for key in conflict.keys
                      if form.field_name(key) in form.fields]  # fmt: skip
            return JsonResponse({"fields": labels}, status=409)
        except ValidationError as error:
            return JsonResponse({"message": " ".join(error.messages)}, status=400)
        local = timezone.localtime(saved.updated_at, self.event.zone)
        return JsonResponse({"version": saved.version, "saved_at": f"{local:%H:%M}"})


def _first_error(form) -> str:
    field, errors = next(iter(form.errors.items()))
    label = form.fields[field].label if field in form.fields else ""
    return f"{label}: {errors[0]}" if label else errors[0]


class SideFormMixin(SubmissionMixin):
    """POST-only forms next to the proposal form (people, resources), while it is editable."""

    submission_permission = "submissions.change_submission"
    http_method_names = ["post"]

    def edit_page_with(self, **forms):
        """The edit page again, with a side form's errors next to its fields (HTTP 400)."""
        page = SubmissionEditView()
        page.setup(self.request, *self.args, **self.kwargs)
        page.submission = self.submission
        context = page.get_context_data(form=SubmissionForm(instance=self.submission), **forms)
        return page.render_to_response(context, status=400)


class InviteSpeakerView(SideFormMixin, View):
    """A speaker invites a co-speaker by email."""

    def post(self, request, *args, **kwargs):
        form = InviteSpeakerForm(request.POST)
        if form.is_valid():
            try:
                services.invite_speaker(
                    submission=self.submission, email=form.cleaned_data["email"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
        if not form.is_valid():
            return self.edit_page_with(invite_form=form)
        messages.success(
            request,
            f"Invitation to {form.cleaned_data['email']} queued: it is emailed within a minute.",
        )
        return redirect(edit_url(self.submission, "authors"))


class InvitationView(TemplateView):
    """The link in an invitation email: sign in (or up), then join the proposal."""

    template_name = "submissions/invitation.html"

    @cached_property
    def invitation(self) -> SpeakerInvitation:
        return get_object_or_404(
            SpeakerInvitation.objects.select_related("submission__event", "invited_by"),
            token=self.kwargs["token"],
        )

    def get_context_data(self, **kwargs):
        event = self.invitation.submission.event
        show_times_of(event)
        return super().get_context_data(invitation=self.invitation, event=event, **kwargs)

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        services.accept_invitation(invitation=self.invitation, user=request.user)
        messages.success(request, "You are now a speaker on this proposal.")
        return redirect(self.invitation.submission.get_absolute_url())


PRIVATE_FIELDS = frozenset({"notes", "paper"})


def proposal_body(submission: Submission, *, preview_token: str = "") -> dict:
    """What ``submissions/_proposal_body.html`` shows. With the ``preview_token`` of a shareable
    preview, the committee notes, the paper and the answers to the organizers' questions (private)
    are left out."""
    authors = selectors.author_list(submission)
    speakers = [author for author in authors if author.is_speaker]
    bios = selectors.speaker_bios(submission.event, [speaker.user for speaker in speakers])
    answers = {answer.question_id: answer for answer in submission.answers.all()}
    return {
        "submission": submission,
        "authors": authors,
        "has_coauthors": len(authors) > len(speakers),
        "speakers": [(speaker, bios[speaker.user_id]) for speaker in speakers],
        "preview_token": preview_token,
        "for_speakers": bool(preview_token),  # the badge shows what the speakers were told
        "fields": [
            (SubmissionForm.base_fields[name].label, getattr(submission, name), name)
            for name in services.fields_for(submission.session_type)
            if name not in ("title", "session_image", "python_level_explanation")
            and not (preview_token and name in PRIVATE_FIELDS)
        ],
        "answers": [
            (question, answers[question.pk])
            for question in selectors.questions_for(submission)
            if question.pk in answers and not preview_token
        ],
        "resources": submission.resources.all(),
    }


class SubmissionDetailView(SubmissionMixin, TemplateView):
    template_name = "submissions/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.submission
        user = self.request.user
        speaking = is_speaker(user, submission)
        context.update(
            proposal_body(submission),
            for_speakers=speaking,
            history=(selectors.speaker_history if speaking else selectors.committee_history)(
                submission
            ),
            next_step=services.next_step(submission),
            can_confirm=speaking and services.can_respond_to_acceptance(submission),
            can_edit=user.has_perm("submissions.change_submission", submission),
            can_withdraw=user.has_perm("submissions.withdraw_submission", submission)
            and services.can_be_withdrawn(submission),
            declares_conflicts=speaking and submission.speaker_state in CONFLICT_DECLARING_STATES,
        )
        if speaking:
            context["author_reviews"] = author_reviews_state(submission)
        if context["declares_conflicts"]:
            context["author_conflict_count"] = submission.conflicts.filter(
                source=ConflictSource.AUTHOR
            ).count()
        return context


class SubmissionActionView(SubmissionMixin, View):
    """POST-only author actions: withdraw, confirm, decline."""

    submission_permission = "submissions.withdraw_submission"

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                services.withdraw_submission(submission=self.submission, by=request.user)
                messages.success(request, "Your proposal is withdrawn.")
            elif action in ("confirm", "decline"):
                services.respond_to_acceptance(
                    submission=self.submission, confirm=action == "confirm", by=request.user
                )
                messages.success(request, f"Thank you: your answer ({action}) is recorded.")
            else:
                raise Http404("Unknown action.")
        except services.InvalidTransition as error:
            messages.error(request, str(error))
        return redirect(self.submission.get_absolute_url())
