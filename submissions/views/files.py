"""Files of a proposal. Media is never served publicly: each download checks who asks.

The session image and resources are meant to be public, so a valid preview link opens them
too; the paper and files answering custom questions stay with the speakers and the committee.
"""

from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.views import View

from .. import services
from ..forms import ResourceForm
from ..models import Answer, Resource, Submission
from .author import SideFormMixin, SubmissionMixin, edit_url


class FileAccessMixin:
    """The proposal in the URL, for those who may view it or who hold its preview link (which
    works for proposals of events that are not public, too)."""

    @cached_property
    def submission(self) -> Submission:
        submission = get_object_or_404(
            Submission, pk=self.kwargs["pk"], event__slug=self.kwargs["event"]
        )
        token = self.request.GET.get("preview")
        shared = bool(token) and token == submission.preview_token
        if not (shared or self.request.user.has_perm("submissions.view_submission", submission)):
            raise Http404("No such proposal.")
        return submission


def _download(field_file, name: str, *, inline: bool = False) -> FileResponse:
    if not field_file:
        raise Http404("No such file.")
    suffix = Path(field_file.name).suffix
    return FileResponse(field_file.open("rb"), as_attachment=not inline, filename=f"{name}{suffix}")


class SessionImageView(FileAccessMixin, View):
    def get(self, request, *args, **kwargs):
        return _download(self.submission.session_image, f"session-{self.submission.pk}",
                         inline=True)  # fmt: skip


class ResourceFileView(FileAccessMixin, View):
    def get(self, request, *args, **kwargs):
        resource = get_object_or_404(Resource, pk=kwargs["resource"], submission=self.submission)
        return _download(resource.file, slugify(resource.title) or "resource")


class PaperView(SubmissionMixin, View):
    """The paper PDF: speakers and the committee only, never through a preview link."""

    def get(self, request, *args, **kwargs):
        return _download(self.submission.paper, f"proposal-{self.submission.pk}", inline=True)


class AnswerFileView(SubmissionMixin, View):
    def get(self, request, *args, **kwargs):
        answer = get_object_or_404(Answer, pk=kwargs["answer"], submission=self.submission)
        return _download(answer.file, f"proposal-{self.submission.pk}-answer")


class AddResourceView(SideFormMixin, View):
    def post(self, request, *args, **kwargs):
        form = ResourceForm(request.POST, request.FILES, prefix="resource")
        if not form.is_valid():
            return self.edit_page_with(resource_form=form)
        services.add_resource(submission=self.submission, by=request.user, **form.cleaned_data)
        messages.success(request, f"“{form.cleaned_data['title']}” added.")
        return redirect(edit_url(self.submission, "resources"))


class RemoveResourceView(SideFormMixin, View):
    def post(self, request, *args, **kwargs):
        resource = get_object_or_404(Resource, pk=kwargs["resource"], submission=self.submission)
        services.remove_resource(resource=resource, by=request.user)
        messages.success(request, f"“{resource.title}” removed.")
        return redirect(edit_url(self.submission, "resources"))


PROPOSAL = "<slug:event>/proposals/<int:pk>"
urlpatterns = [
    path(f"{PROPOSAL}/paper.pdf", PaperView.as_view(), name="paper"),
    path(f"{PROPOSAL}/image/", SessionImageView.as_view(), name="image"),
    path(f"{PROPOSAL}/resources/<int:resource>/", ResourceFileView.as_view(), name="resource"),
    path(f"{PROPOSAL}/resources/add/", AddResourceView.as_view(), name="resource-add"),
    path(f"{PROPOSAL}/resources/<int:resource>/remove/", RemoveResourceView.as_view(),
         name="resource-remove"),
    path(f"{PROPOSAL}/answers/<int:answer>/file/", AnswerFileView.as_view(), name="answer-file"),
]  # fmt: skip
