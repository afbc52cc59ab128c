"""The volume page (``proceedings:home``): what the volume holds, building it with a live
progress bar, cancelling, the history of builds with their files, publishing one; and the
public download of a published paper from its session page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, re_path
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from program.enums import PublicState
from program.views.public import SessionView
from tracks.rules import is_organizer

from .. import selectors
from ..builds import (
    cancel_build,
    publish_build,
    published_paper,
    start_build,
    sweep_stale_builds,
)
from ..enums import FINISHED_BUILD_STATES, BuildKind, BuildStatus
from ..models import BuildPaper, ProceedingsBuild
from .mixins import ProceedingsMixin

HISTORY = 50


class BuildsMixin(ProceedingsMixin):
    proceedings_tab = "volume"

    def builds(self):
        return ProceedingsBuild.objects.filter(event=self.event, kind=BuildKind.VOLUME)

    @cached_property
    def build(self) -> ProceedingsBuild:
        return get_object_or_404(self.builds(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("manage_tab", self.manage_tab)
        kwargs.setdefault("is_organizer", is_organizer(self.request.user, self.event))
        return super().get_context_data(**kwargs)


class HomeView(BuildsMixin, TemplateView):
    template_name = "proceedings/home.html"

    def get_context_data(self, **kwargs):
        sweep_stale_builds(event=self.event, kind=BuildKind.VOLUME)  # a dead worker's build ends
        papers = selectors.camera_ready_papers(self.event)
        approved = [paper for paper in papers if selectors.is_approved(paper)]
        settings = selectors.proceedings_settings(self.event)
        builds = list(self.builds().select_related("started_by", "failed_submission")[:HISTORY])
        active = next((b for b in builds if b.status not in FINISHED_BUILD_STATES), None)
        return super().get_context_data(
            papers_count=len(papers),
            approved_count=len(approved),
            settings=settings,
            builds=builds,
            active=active,
            published_id=settings.published_build_id,
            **kwargs,
        )


def _progress_label(build: ProceedingsBuild) -> str:
    if build.status == BuildStatus.QUEUED:
        return "Waiting for a worker…"
    if build.status == BuildStatus.RUNNING and not build.total:
        return "Reading the approved papers…"
    if build.status == BuildStatus.RUNNING and build.cancel_requested:
        return f"Stopping… {build.done} of {build.total} papers merged"
    return f"{build.done} of {build.total} paper{'s' if build.total != 1 else ''} merged"


class ProgressView(BuildsMixin, View):
    """The build's progress as JSON, for static/js/build_progress.js."""

    def get(self, request, *args, **kwargs):
        sweep_stale_builds(event=self.event, kind=BuildKind.VOLUME)
        build = self.build
        return JsonResponse(
            {
                "status": build.status,
                "status_label": build.get_status_display(),
                "done": build.done,
                "total": build.total,
                "percent": build.percent,
                "label": _progress_label(build),
                "finished": build.status in FINISHED_BUILD_STATES,
            }
        )


class StartView(BuildsMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            start_build(event=self.event, kind=BuildKind.VOLUME, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The volume is being built; this page shows its progress.")
        return redirect("proceedings:home", event=self.event.slug)


class CancelView(BuildsMixin, View):
    def post(self, request, *args, **kwargs):
        if cancel_build(build=self.build, by=request.user):
            status = ProceedingsBuild.objects.values_list("status", flat=True).get(pk=self.build.pk)
            if status == BuildStatus.RUNNING:
                messages.success(request, "The build stops after the paper it is merging.")
            else:
                messages.success(request, "The build is cancelled; nothing of it was stored.")
        else:
            messages.info(request, "That build had already finished.")
        return redirect("proceedings:home", event=self.event.slug)


class PublishView(BuildsMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            publish_build(build=self.build, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Build {self.build.pk} is published: each paper's PDF can be downloaded "
                "from its session page.",
            )
        return redirect("proceedings:home", event=self.event.slug)


FILES = {
    "pdf": ("pdf", "application/pdf"),
    "crossref": ("crossref_xml", "application/xml"),
    "bibtex": ("bibtex", "application/x-bibtex"),
}


class FileView(BuildsMixin, View):
    """A build's volume PDF, Crossref XML or BibTeX (proceedings chairs and organizers)."""

    def get(self, request, *args, **kwargs):
        field, content_type = FILES[kwargs["file"]]
        file = getattr(self.build, field)
        if not file:
            raise Http404("This build has no such file.")
        return FileResponse(
            file.open("rb"),
            content_type=content_type,
            as_attachment=kwargs["file"] != "pdf",
            filename=file.name.rsplit("/", 1)[-1],
        )


class PaperFileView(BuildsMixin, View):
    """One paper's stamped PDF of any build, before publishing (the committee's preview)."""

    def get(self, request, *args, **kwargs):
        paper = get_object_or_404(
            BuildPaper.objects.select_related("submission"),
            build=self.build,
            submission_id=kwargs["submission"],
        )
        return _paper_response(paper, self.event)


def _paper_response(paper: BuildPaper, event) -> FileResponse:
    if not paper.pdf:
        raise Http404("No PDF for this paper.")
    name = slugify(paper.submission.title)[:60] or "paper"
    return FileResponse(
        paper.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"{event.slug}-{paper.number}-{name}.pdf",
    )


class PublishedPaperView(SessionView):
    """A paper of the published volume, for anyone who may see its session in the program, while
    the session is scheduled (a withdrawn paper's cancelled session offers it no more)."""

    def get(self, request, *args, **kwargs):
        slot = self.slot  # 404 unless the session is visible to this user
        if slot.public_state != PublicState.SCHEDULED:
            raise Http404("This session is cancelled; its paper is not offered.")
        paper = published_paper(self.event, slot.submission.pk)
        if paper is None:
            raise Http404("This paper is not in the published proceedings.")
        return _paper_response(paper, self.event)


base = "<slug:event>/manage/proceedings/"
urlpatterns = [
    path(base, HomeView.as_view(), name="home"),
    path(f"{base}builds/", StartView.as_view(), name="build-start"),
    path(f"{base}builds/<int:pk>/progress/", ProgressView.as_view(), name="build-progress"),
    path(f"{base}builds/<int:pk>/cancel/", CancelView.as_view(), name="build-cancel"),
    path(f"{base}builds/<int:pk>/publish/", PublishView.as_view(), name="build-publish"),
    path(
        f"{base}builds/<int:pk>/papers/<int:submission>.pdf",
        PaperFileView.as_view(),
        name="build-paper",
    ),
    re_path(
        r"^(?P<event>[-\w]+)/manage/proceedings/builds/(?P<pk>[0-9]+)/(?P<file>pdf|crossref|bibtex)/$",
        FileView.as_view(),
        name="build-file",
    ),
    path(
        "<slug:event>/program/sessions/<int:pk>/paper.pdf",
        PublishedPaperView.as_view(),
        name="paper-pdf",
    ),
]
