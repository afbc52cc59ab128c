"""The camera-ready papers: the checks' findings and the chair's sign-off, like IEEE PDF eXpress."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from tracks.rules import is_organizer

from .. import services
from ..checks import FILE, FONTS, PAGES, SIZE, problem_kind
from ..enums import PaperOrder, PaperSize, SignOff
from ..forms import RequestChangesForm
from ..selectors import authors, camera_ready_papers, check_is_current, proceedings_settings
from .mixins import ProceedingsMixin

FILTERS = {
    "": "All",
    "pending": "Waiting for sign-off",
    "problems": "With problems",
    "approved": "Approved",
    "changes": "Changes requested",
    "missing": "Not uploaded",
}


@dataclass
class Row:
    """One paper of the list and what its checks found, by kind."""

    paper: object
    state: str  # missing, checking, approved, changes, failing (checks failed), pending
    form: RequestChangesForm

    @property
    def check(self):
        return self.paper.check

    @cached_property
    def authors(self) -> list:
        return authors(self.paper)

    @cached_property
    def problems_by_kind(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        if self.state not in ("missing", "checking"):
            for problem in self.check.problems:
                found.setdefault(problem_kind(problem), []).append(problem)
        return found

    @property
    def size_problem(self) -> bool:
        return SIZE in self.problems_by_kind

    @property
    def font_problem(self) -> bool:
        return FONTS in self.problems_by_kind

    @property
    def page_problem(self) -> bool:
        return PAGES in self.problems_by_kind

    @property
    def file_problem(self) -> bool:
        return FILE in self.problems_by_kind

    @property
    def checked(self) -> bool:
        return self.state not in ("missing", "checking")

    @property
    def passed(self) -> bool:
        return self.checked and self.check.passed

    def matches(self, wanted: str) -> bool:
        if wanted == "problems":
            return self.checked and not self.passed
        return not wanted or self.state == wanted


def row_state(paper) -> str:
    if paper.camera_ready is None or not paper.camera_ready.file:
        return "missing"
    if not check_is_current(paper):
        return "checking"
    if paper.check.sign_off == SignOff.CHANGES_REQUESTED:
        return "changes"
    if paper.check.sign_off == SignOff.APPROVED:
        return "approved"
    return "pending" if paper.check.passed else "failing"


def manual_key(row: Row) -> tuple:
    position = row.check.position if row.check is not None else None
    return (position is None, position or 0)


class PapersView(ProceedingsMixin, TemplateView):
    template_name = "proceedings/papers/index.html"
    proceedings_tab = "papers"

    @cached_property
    def settings(self):
        return proceedings_settings(self.event)

    def get_context_data(self, bound: tuple[int, RequestChangesForm] | None = None, **kwargs):
        wanted = self.request.GET.get("state", "")
        wanted = wanted if wanted in FILTERS else ""
        rows: list[Row] = []
        for paper in camera_ready_papers(self.event):
            form = bound[1] if bound and bound[0] == paper.pk else None
            rows.append(Row(paper, row_state(paper), form or RequestChangesForm(prefix=paper.pk)))
        filter_links = [
            {"key": key, "label": label, "count": sum(row.matches(key) for row in rows)}
            for key, label in FILTERS.items()
        ]
        manual = self.settings.order == PaperOrder.MANUAL
        if manual:
            rows.sort(key=manual_key)
        return super().get_context_data(
            rows=[row for row in rows if row.state != "missing" and row.matches(wanted)],
            missing=[row for row in rows if row.state == "missing" and row.matches(wanted)],
            filter_links=filter_links,
            wanted=wanted,
            wanted_label=FILTERS[wanted].lower(),
            manual=manual,
            paper_size=PaperSize(self.settings.paper_size).label,
            is_organizer=is_organizer(self.request.user, self.event),
            manage_tab=self.manage_tab,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        paper = self._posted_paper()
        action = request.POST.get("action", "")
        try:
            if action == "approve":
                services.approve_paper(submission=paper, by=request.user)
                messages.success(request, f"“{paper.title}” is approved for the proceedings.")
            elif action == "changes":
                form = RequestChangesForm(request.POST, prefix=paper.pk)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(bound=(paper.pk, form)))
                services.request_changes(
                    submission=paper, by=request.user, note=form.cleaned_data["note"]
                )
                messages.success(request, f"The speakers of “{paper.title}” are emailed your note.")
            elif action == "recheck":
                check = services.refresh_paper_check(submission=paper)
                found = len(check.problems)
                result = f"{found} problem{'s' if found != 1 else ''}" if found else "no problems"
                messages.info(request, f"“{paper.title}” checked again: {result}.")
            elif action in ("up", "down"):
                services.move_paper(submission=paper, offset=-1 if action == "up" else 1)
            else:
                raise Http404("No such action.")
        except ValidationError as error:
            messages.error(request, f"“{paper.title}”: {' '.join(error.messages)}")
        return redirect(self._back_url(paper))

    def _posted_paper(self):
        wanted = self.request.POST.get("paper", "")
        for paper in camera_ready_papers(self.event):
            if str(paper.pk) == wanted:
                return paper
        raise Http404("No such camera-ready paper.")

    def _back_url(self, paper) -> str:
        url = reverse("proceedings:papers", args=[self.event.slug])
        state = self.request.GET.get("state", "")
        query = f"?state={state}" if state in FILTERS and state else ""
        return f"{url}{query}#paper-{paper.pk}"


class RecheckAllView(ProceedingsMixin, View):
    """Check every uploaded camera-ready again, in the worker (a second or so for a hundred)."""

    def post(self, request, *args, **kwargs):
        queued = 0
        for paper in camera_ready_papers(self.event):
            if paper.camera_ready is not None and paper.camera_ready.file:
                services.queue_paper_check(submission=paper)
                queued += 1
        plural = "s are" if queued != 1 else " is"
        messages.info(
            request, f"{queued} camera-ready paper{plural} being checked again; reload to see."
        )
        return redirect("proceedings:papers", self.event.slug)


class PaperFileView(ProceedingsMixin, View):
    """A paper's stored camera-ready PDF, for the proceedings chair."""

    def get(self, request, *args, **kwargs):
        for paper in camera_ready_papers(self.event):
            if paper.pk == self.kwargs["pk"] and paper.camera_ready and paper.camera_ready.file:
                return FileResponse(
                    paper.camera_ready.file.open("rb"),
                    content_type="application/pdf",
                    filename=f"{self.event.slug}-{paper.pk}-{slugify(paper.title)[:60]}.pdf",
                )
        raise Http404("No camera-ready PDF for this paper.")


urlpatterns = [
    path("<slug:event>/manage/proceedings/papers/", PapersView.as_view(), name="papers"),
    path(
        "<slug:event>/manage/proceedings/papers/check-all/",
        RecheckAllView.as_view(),
        name="papers-check-all",
    ),
    path(
        "<slug:event>/manage/proceedings/papers/<int:pk>/camera-ready.pdf",
        PaperFileView.as_view(),
        name="paper-file",
    ),
]
