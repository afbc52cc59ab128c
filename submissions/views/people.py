"""The authors of a proposal: co-authors, author order, and speakers' bios for the event."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import UpdateView

from conf_portal.redirects import safe_next
from tracks.views import EventScopedMixin

from .. import services
from ..forms import CoAuthorForm, SpeakerBioForm
from ..models import CoAuthor, Speaker, SpeakerInvitation, SpeakerProfile
from .author import SideFormMixin, edit_url


class AddCoAuthorView(SideFormMixin, View):
    def post(self, request, *args, **kwargs):
        form = CoAuthorForm(request.POST, prefix="coauthor")
        if not form.is_valid():
            return self.edit_page_with(coauthor_form=form)
        services.add_coauthor(submission=self.submission, data=form.cleaned_data, by=request.user)
        messages.success(request, f"{form.cleaned_data['name']} is now a co-author.")
        return redirect(edit_url(self.submission, "authors"))


class EditCoAuthorView(SideFormMixin, View):
    def post(self, request, *args, **kwargs):
        coauthor = get_object_or_404(CoAuthor, pk=kwargs["coauthor"], submission=self.submission)
        form = CoAuthorForm(request.POST, prefix=f"coauthor{coauthor.pk}", instance=coauthor)
        if not form.is_valid():
            return self.edit_page_with(coauthor_edit_form=form)
        services.update_coauthor(coauthor=coauthor, data=form.cleaned_data, by=request.user)
        messages.success(request, f"{coauthor.name} is saved.")
        return redirect(edit_url(self.submission, "authors"))


class RemoveCoAuthorView(SideFormMixin, View):
    def post(self, request, *args, **kwargs):
        coauthor = get_object_or_404(CoAuthor, pk=kwargs["coauthor"], submission=self.submission)
        services.remove_coauthor(coauthor=coauthor, by=request.user)
        messages.success(request, f"{coauthor.name} is no longer a co-author.")
        return redirect(edit_url(self.submission, "authors"))


class RemoveSpeakerView(SideFormMixin, View):
    """Remove a co-speaker, or leave the proposal (which then is no longer yours to see)."""

    def post(self, request, *args, **kwargs):
        speaker = get_object_or_404(
            Speaker.objects.select_related("user"), pk=kwargs["speaker"], submission=self.submission
        )
        try:
            services.remove_speaker(speaker=speaker, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(edit_url(self.submission, "authors"))
        if speaker.user_id == request.user.pk:
            messages.success(request, f"You left “{self.submission.title}”.")
            return redirect("submissions:dashboard")
        messages.success(request, f"{speaker.name} no longer speaks on this proposal.")
        return redirect(edit_url(self.submission, "authors"))


class CancelInvitationView(SideFormMixin, View):
    def post(self, request, *args, **kwargs):
        invitation = get_object_or_404(
            SpeakerInvitation, pk=kwargs["invitation"], submission=self.submission
        )
        services.cancel_invitation(invitation=invitation)
        messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
        return redirect(edit_url(self.submission, "authors"))


class MoveAuthorView(SideFormMixin, View):
    """Move a speaker or a co-author one place up or down the author list."""

    def post(self, request, *args, **kwargs):
        model = {"speaker": Speaker, "coauthor": CoAuthor}.get(request.POST.get("kind"))
        offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
        if model is None or offset is None or not request.POST.get("author", "").isdigit():
            raise Http404("Unknown move.")
        author = get_object_or_404(model, pk=request.POST["author"], submission=self.submission)
        services.move_author(submission=self.submission, author=author, offset=offset,
                             by=request.user)  # fmt: skip
        return redirect(edit_url(self.submission, "authors"))


class SpeakerBioView(LoginRequiredMixin, EventScopedMixin, UpdateView):
    """A speaker's bio for this event; only people who speak on one of its proposals."""

    template_name = "submissions/bio.html"
    form_class = SpeakerBioForm

    @cached_property
    def speaks_here(self) -> bool:
        return Speaker.objects.filter(user=self.request.user, submission__event=self.event).exists()

    def get_object(self, queryset=None):
        if not self.speaks_here:
            raise Http404("You do not speak at this event.")
        profile = SpeakerProfile.objects.filter(event=self.event, user=self.request.user).first()
        return profile or SpeakerProfile(event=self.event, user=self.request.user)

    def form_valid(self, form):
        services.set_speaker_bio(
            event=self.event, user=self.request.user, bio=form.cleaned_data["bio"]
        )
        messages.success(self.request, f"Your bio for {self.event.name} is saved.")
        return redirect(safe_next(self.request, reverse("submissions:dashboard")))


PROPOSAL = "<slug:event>/proposals/<int:pk>"
urlpatterns = [
    path(f"{PROPOSAL}/coauthors/add/", AddCoAuthorView.as_view(), name="coauthor-add"),
    path(f"{PROPOSAL}/coauthors/<int:coauthor>/", EditCoAuthorView.as_view(),
         name="coauthor-edit"),
    path(f"{PROPOSAL}/coauthors/<int:coauthor>/remove/", RemoveCoAuthorView.as_view(),
         name="coauthor-remove"),
    path(f"{PROPOSAL}/authors/move/", MoveAuthorView.as_view(), name="author-move"),
    path(f"{PROPOSAL}/speakers/<int:speaker>/remove/", RemoveSpeakerView.as_view(),
         name="speaker-remove"),
    path(f"{PROPOSAL}/invitations/<int:invitation>/cancel/", CancelInvitationView.as_view(),
         name="invitation-cancel"),
    path("<slug:event>/my/bio/", SpeakerBioView.as_view(), name="bio"),
]  # fmt: skip
