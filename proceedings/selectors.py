"""Which papers go into the proceedings: the camera-ready requirement, the papers that owe one,
and the approved papers in the volume's order."""

from django.db.models import Prefetch

from program.selectors import latest_version
from submissions.enums import DELIVERING_STATES, DeliverableFormat
from submissions.models import CoAuthor, Deliverable, DeliverableRequirement, Speaker, Submission
from tracks.enums import DeadlineKind

from .enums import PaperOrder, SignOff
from .models import PaperCheck, ProceedingsSettings


def proceedings_settings(event) -> ProceedingsSettings:
    """The event's settings, or unsaved defaults (selectors don't write)."""
    found = ProceedingsSettings.objects.filter(event=event).first()
    return found or ProceedingsSettings(event=event)


def paper_requirements(event):
    """The event's paper PDF requirements (any deadline), for choosing the camera-ready one."""
    return (
        DeliverableRequirement.objects.filter(
            session_type__event=event, format=DeliverableFormat.PAPER_PDF
        )
        .select_related("session_type")
        .order_by("session_type__position", "session_type__name", "position", "pk")
    )


def camera_ready_requirements(event, settings: ProceedingsSettings | None = None) -> list:
    """The requirement chosen in the settings; else each session type's first paper PDF due at
    the camera-ready deadline (so full and short papers both go into the volume)."""
    settings = settings or proceedings_settings(event)
    if settings.requirement_id:
        chosen = paper_requirements(event).filter(pk=settings.requirement_id).first()
        if chosen is not None:
            return [chosen]
    firsts: dict[int, DeliverableRequirement] = {}
    for requirement in paper_requirements(event).filter(deadline_kind=DeadlineKind.CAMERA_READY):
        firsts.setdefault(requirement.session_type_id, requirement)
    return list(firsts.values())


def camera_ready_requirement(event) -> DeliverableRequirement | None:
    """The camera-ready requirement (the first one when several session types have one)."""
    requirements = camera_ready_requirements(event)
    return requirements[0] if requirements else None


def camera_ready_papers(event, requirements: list | None = None) -> list[Submission]:
    """Accepted (and told so) or confirmed proposals whose type asks for the camera-ready, each
    with ``camera_ready`` (its Deliverable or None), ``check`` (its PaperCheck or None), speakers,
    co-authors, track and type, in a constant number of queries; by title."""
    if requirements is None:
        requirements = camera_ready_requirements(event)
    if not requirements:
        return []
    papers = list(
        Submission.objects.filter(
            event=event,
            state__in=DELIVERING_STATES,
            announced_state="",
            session_type__in=[requirement.session_type_id for requirement in requirements],
        )
        .select_related("event", "track", "session_type", "paper_check", "paper_check__decided_by")
        .prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("user")),
            Prefetch("coauthors", queryset=CoAuthor.objects.all()),
            Prefetch(
                "deliverables",
                queryset=Deliverable.objects.filter(requirement__in=requirements),
                to_attr="camera_ready_list",
            ),
        )
        .order_by("title", "pk")
    )
    for paper in papers:
        paper.camera_ready = paper.camera_ready_list[0] if paper.camera_ready_list else None
        paper.check = getattr(paper, "paper_check", None)
    return papers


def authors(paper: Submission) -> list:
    """Speakers and co-authors in author order (uses the prefetched lists)."""
    people = [*paper.speakers.all(), *paper.coauthors.all()]
    return sorted(people, key=lambda person: (person.position, not person.is_speaker, person.pk))


def check_is_current(paper: Submission) -> bool:
    """Whether the paper's check ran on the camera-ready it has now."""
    check, deliverable = paper.check, paper.camera_ready
    return bool(
        check is not None
        and deliverable is not None
        and deliverable.file
        and check.checked_at is not None
        and check.file_name == deliverable.file.name
    )


def is_approved(paper: Submission) -> bool:
    """Approved by the proceedings chair, on the current file, whose checks passed."""
    return (
        check_is_current(paper) and paper.check.passed and paper.check.sign_off == SignOff.APPROVED
    )


def approved_papers(event) -> list[Submission]:
    """The papers the volume holds, in the settings' order (title breaks ties): by their slot in
    the latest published program (unscheduled papers last), by track, or by hand."""
    settings = proceedings_settings(event)
    papers = [
        p
        for p in camera_ready_papers(event, camera_ready_requirements(event, settings))
        if is_approved(p)
    ]
    if settings.order == PaperOrder.TRACK:
        key = {paper.pk: (paper.track.position, paper.track.name) for paper in papers}
    elif settings.order == PaperOrder.MANUAL:
        key = {paper.pk: _manual_key(paper.check) for paper in papers}
    else:
        key = _session_keys(event, papers)
    return sorted(papers, key=lambda paper: (key[paper.pk], paper.title.casefold(), paper.pk))


def _manual_key(check: PaperCheck) -> tuple:
    return (check.position is None, check.position or 0)


def _session_keys(event, papers: list[Submission]) -> dict[int, tuple]:
    """(unscheduled?, start, room position, board) of each paper's slot in the published program."""
    from program.models import Slot

    version = latest_version(event)
    placed: dict[int, tuple] = {}
    if version is not None and papers:
        slots = Slot.objects.filter(
            version=version, submission__in=[paper.pk for paper in papers]
        ).select_related("room", "parent", "parent__room")
        for slot in slots:
            start = slot.start or (slot.parent.start if slot.parent else None)
            room = slot.room or (slot.parent.room if slot.parent else None)
            if start is not None:
                placed[slot.submission_id] = (
                    False,
                    start,
                    room.position if room else -1,
                    slot.board,
                )
    never = (True,)
    return {paper.pk: placed.get(paper.pk, never) for paper in papers}
