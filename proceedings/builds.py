"""Builds of the proceedings volume (and the program book): start, cancel, run, publish.

A build runs in a worker (``conf_portal.proceedings.build``) or from ``manage.py
build_proceedings``; both call ``run_build``. Its files are stored only once the whole volume is
written, so a failed or cancelled build leaves nothing behind and never touches earlier builds.

A worker reports progress (``progress_at``) after every paper. A build whose worker is gone is
ended by ``sweep_stale_builds``, which the volume page, the exports page, their progress
endpoints and ``start_build`` run: running past the task time limit with no recent progress
(failed), a cancel requested and no progress for a few minutes (cancelled), or queued for an
hour (failed). Cancelling such a build ends it at once."""

import logging
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .enums import BuildKind, BuildStatus
from .models import BuildPaper, ProceedingsBuild
from .selectors import proceedings_settings
from .volume.assemble import Cancelled, count_pages, write_volume
from .volume.sources import PaperError, without_paths

logger = logging.getLogger(__name__)
ACTIVE = (BuildStatus.QUEUED, BuildStatus.RUNNING)
WORKER_LOST = (
    "The worker building this stopped before it finished (it was restarted or killed); "
    "nothing was stored. Start the build again."
)
NEVER_STARTED = "No worker picked this build up within an hour; nothing was stored."
# How long a worker may go without reporting progress before a cancel request is taken as
# final (it reports after every paper; one paper takes seconds).
STALLED = timedelta(minutes=3)
NOT_QUEUED = "The task queue is unavailable, so the build could not start. Try again shortly."
BUSY = "A build of the {} is already under way; wait for it or cancel it."
NO_PAPERS = "No approved papers: approve camera-ready papers before building the volume."


def sweep_stale_builds(*, event, kind: str | None = None) -> int:
    """Ends the builds (of this kind, or of every kind) whose worker is gone: failed when
    running past the task time limit with no progress for a few minutes, or queued for an
    hour; cancelled when a cancel was requested and no progress came for a few minutes.
    Returns how many."""
    now = timezone.now()
    base = ProceedingsBuild.objects.filter(event=event)
    if kind is not None:
        base = base.filter(kind=kind)
    running = base.filter(status=BuildStatus.RUNNING)
    lost = running.filter(_past_time_limit(now)).update(
        status=BuildStatus.FAILED, error=WORKER_LOST, finished_at=now
    )
    stopped = running.filter(_silent(now), cancel_requested=True).update(
        status=BuildStatus.CANCELLED, finished_at=now
    )
    never = base.filter(status=BuildStatus.QUEUED, created_at__lt=now - timedelta(hours=1)).update(
        status=BuildStatus.FAILED, error=NEVER_STARTED, finished_at=now
    )
    return lost + stopped + never


def _silent(now) -> Q:
    """No progress reported for STALLED (or none at all since it started that long ago)."""
    since = now - STALLED
    return Q(progress_at__lt=since) | Q(progress_at__isnull=True, started_at__lt=since)


def _past_time_limit(now) -> Q:
    """Started longer ago than a worker may run a task, and silent: its worker was killed."""
    limit = now - timedelta(seconds=django_settings.CELERY_TASK_TIME_LIMIT + 60)
    return Q(started_at__lt=limit) & _silent(now)


def start_build(
    *, event, kind: str = BuildKind.VOLUME, by, enqueue: bool = True
) -> ProceedingsBuild:
    """Queues a build of the event's volume (or program book) after commit (``enqueue=False``:
    the caller runs it itself). ValidationError when one of that kind is already queued or
    running."""
    sweep_stale_builds(event=event, kind=kind)
    label = BuildKind(kind).label.lower()
    if ProceedingsBuild.objects.filter(event=event, kind=kind, status__in=ACTIVE).exists():
        raise ValidationError(
            f"A build of the {label} is already under way; wait for it or cancel it."
        )
    try:
        with transaction.atomic():
            build = ProceedingsBuild.objects.create(event=event, kind=kind, started_by=by)
    except IntegrityError:
        raise ValidationError(BUSY.format(label)) from None
    build_id = build.pk
    if enqueue:
        transaction.on_commit(lambda: _enqueue(build_id))
    return build


def _enqueue(build_id: int) -> None:
    from .tasks import build

    try:
        build.delay(build_id=build_id)
    except BrokerError:
        logger.exception("Could not queue proceedings build %s", build_id)
        ProceedingsBuild.objects.filter(pk=build_id, status=BuildStatus.QUEUED).update(
            status=BuildStatus.FAILED, error=NOT_QUEUED, finished_at=timezone.now()
        )


def cancel_build(*, build: ProceedingsBuild, by) -> bool:
    """Stops a build: a queued one at once; a running one between two papers, or at once when
    its worker is gone (past the time limit: failed; silent for a few minutes: cancelled).
    False when it had already finished."""
    now = timezone.now()
    builds = ProceedingsBuild.objects.filter(pk=build.pk)
    if builds.filter(status=BuildStatus.QUEUED).update(
        status=BuildStatus.CANCELLED, cancel_requested=True, finished_at=now
    ):
        return True
    running = builds.filter(status=BuildStatus.RUNNING)
    if running.filter(_past_time_limit(now)).update(
        status=BuildStatus.FAILED, error=WORKER_LOST, cancel_requested=True, finished_at=now
    ):
        return True
    if running.filter(_silent(now)).update(
        status=BuildStatus.CANCELLED, cancel_requested=True, finished_at=now
    ):
        return True
    return bool(running.update(cancel_requested=True))


def publish_build(*, build: ProceedingsBuild, by) -> None:
    """Makes a finished volume the one visitors download from the session pages."""
    from .services import settings_for

    if build.status != BuildStatus.DONE or build.kind != BuildKind.VOLUME or not build.pdf:
        raise ValidationError("Only a finished build of the volume can be published.")
    with transaction.atomic():
        settings = settings_for(build.event)
        settings.published_build = build
        settings.save(update_fields=["published_build", "updated_at"])


def published_paper(event, submission_id: int) -> BuildPaper | None:
    """The paper's entry in the event's published volume, if it is in one."""
    settings = proceedings_settings(event)
    if not settings.published_build_id:
        return None
    return (
        BuildPaper.objects.filter(
            build_id=settings.published_build_id,
            build__status=BuildStatus.DONE,
            submission_id=submission_id,
        )
        .select_related("submission")
        .first()
    )


def run_build(*, build_id: int) -> str | None:
    """The task's body: builds a queued build and returns its final status. Does nothing (None)
    for a build that is not queued (a redelivered task, or cancelled before it started)."""
    now = timezone.now()
    claimed = ProceedingsBuild.objects.filter(pk=build_id, status=BuildStatus.QUEUED).update(
        status=BuildStatus.RUNNING, started_at=now, progress_at=now
    )
    if not claimed:
        logger.info("Proceedings build %s is not queued; nothing to do.", build_id)
        return None
    build = ProceedingsBuild.objects.select_related("event").get(pk=build_id)
    work = Path(tempfile.mkdtemp(prefix=f"proceedings-build-{build_id}-"))
    stored: list = []
    try:
        if build.kind == BuildKind.PROGRAM_BOOK:
            _program_book(build, work, stored)
        else:
            _volume(build, work, stored)
    except Cancelled:
        _finish(build_id, stored, status=BuildStatus.CANCELLED)
    except PaperError as error:
        _finish(
            build_id, stored, status=BuildStatus.FAILED, error=str(error),
            failed_submission_id=error.source.submission_id,
        )  # fmt: skip
    except Exception as error:  # the build says why; the log keeps the traceback
        logger.exception("Proceedings build %s failed", build_id)
        _finish(build_id, stored, status=BuildStatus.FAILED, error=_sentence(error))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return ProceedingsBuild.objects.values_list("status", flat=True).get(pk=build_id)


def _sentence(error: Exception) -> str:
    if isinstance(error, ValueError):
        return without_paths(str(error))
    text = without_paths(str(error))
    detail = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return f"The build stopped on an unexpected error ({detail})."


def _finish(build_id: int, stored: list, *, status: str, **fields) -> None:
    for file in stored:  # files of this build saved before it failed
        file.storage.delete(file.name)
    BuildPaper.objects.filter(build_id=build_id).delete()
    # A build already ended by the sweep (or a cancel) keeps that ending.
    ProceedingsBuild.objects.filter(pk=build_id, status=BuildStatus.RUNNING).update(
        status=status, finished_at=timezone.now(), pdf="", crossref_xml="", bibtex="", **fields
    )


class _Clock:
    """Seconds per stage, for the log."""

    def __init__(self):
        self.last, self.laps = time.perf_counter(), []

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps.append(f"{stage} {now - self.last:.1f} s")
        self.last = now

    def __str__(self):
        return ", ".join(self.laps)


class _Progress:
    """Saves ``done`` and the time after every paper (one UPDATE that also notices a cancel
    request, or that the build was ended because its worker seemed gone)."""

    def __init__(self, build_id: int):
        self.build_id = build_id

    def _rows(self):
        return ProceedingsBuild.objects.filter(
            pk=self.build_id, status=BuildStatus.RUNNING, cancel_requested=False
        )

    def check(self) -> None:
        if not self._rows().update(progress_at=timezone.now()):
            raise Cancelled

    def __call__(self, done: int, total: int | None = None) -> None:
        fields = {"done": done} if total is None else {"done": done, "total": total}
        if not self._rows().update(progress_at=timezone.now(), **fields):
            raise Cancelled


def _volume(build: ProceedingsBuild, work: Path, stored: list) -> None:
    from .crossref import deposit_xml
    from .services import settings_for
    from .volume import data
    from .volume.frontmatter import render_author_index, render_front_matter

    event, progress = build.event, _Progress(build.pk)
    settings, clock = settings_for(event), _Clock()
    sources = data.paper_sources(event)
    clock.lap("loading")
    progress(0, len(sources))
    if not sources:
        raise ValueError(NO_PAPERS)
    counts = count_pages(sources, between=progress.check)
    clock.lap("reading")
    volume = data.make_volume(event, settings, sources, counts)
    index = render_author_index(volume, paper_size=settings.paper_size)
    front = render_front_matter(
        volume, committee=data.committee(event), preface=settings.preface,
        index_page=volume.papers[-1].last_page + 1, paper_size=settings.paper_size,
    )  # fmt: skip
    clock.lap("front matter")
    files = write_volume(
        volume=volume, sources=sources, front=front, index=index, out_dir=work, progress=progress
    )
    clock.lap("merging")
    progress.check()
    stamp = timezone.now()
    try:
        xml = deposit_xml(
            volume, batch_id=f"{event.slug}-{build.pk}-{int(time.time())}",
            timestamp=int(stamp.strftime("%Y%m%d%H%M%S")),
        )  # fmt: skip
    except ValueError as reason:
        logger.info("Build %s has no Crossref deposit: %s", build.pk, reason)
        xml = None
    _store_volume(build, volume, files, xml, stored)
    clock.lap("storing")
    logger.info("Build %s: %d papers, %d pages; %s", build.pk, len(sources), files.pages, clock)


def _store_volume(build, volume, files, xml: bytes | None, stored: list) -> None:
    from django.core.files.base import ContentFile

    from .bibtex import volume_bibtex

    slug = build.event.slug
    with files.pdf.open("rb") as handle:
        build.pdf.save(f"{slug}-proceedings.pdf", File(handle), save=False)
    stored.append(build.pdf)
    if xml is not None:
        build.crossref_xml.save(f"{slug}-crossref.xml", ContentFile(xml), save=False)
        stored.append(build.crossref_xml)
    build.bibtex.save(f"{slug}.bib", ContentFile(volume_bibtex(volume).encode()), save=False)
    stored.append(build.bibtex)
    rows = []
    for paper in volume.papers:
        row = BuildPaper(
            build=build, submission_id=paper.submission_id, number=paper.number,
            first_page=paper.first_page, last_page=paper.last_page, doi=paper.doi,
        )  # fmt: skip
        with files.papers[paper.submission_id].open("rb") as handle:
            row.pdf.save(f"{slug}-{paper.number:03d}.pdf", File(handle), save=False)
        stored.append(row.pdf)
        rows.append(row)
    with transaction.atomic():
        locked = ProceedingsBuild.objects.select_for_update().get(pk=build.pk)
        if locked.cancel_requested or locked.status != BuildStatus.RUNNING:
            raise Cancelled
        BuildPaper.objects.bulk_create(rows)
        ProceedingsBuild.objects.filter(pk=build.pk).update(
            status=BuildStatus.DONE, finished_at=timezone.now(), pages=files.pages,
            done=len(volume.papers), pdf=build.pdf.name, bibtex=build.bibtex.name,
            crossref_xml=build.crossref_xml.name if xml is not None else "",
        )  # fmt: skip


def _program_book(build: ProceedingsBuild, work: Path, stored: list) -> None:
    from program.exporters.book import write_program_book

    path = work / "program-book.pdf"
    with path.open("wb") as out:
        pages = write_program_book(build=build, out=out, progress=_Progress(build.pk))
    with path.open("rb") as handle:
        build.pdf.save(f"{build.event.slug}-program-book.pdf", File(handle), save=False)
    stored.append(build.pdf)
    rows = ProceedingsBuild.objects.filter(
        pk=build.pk, status=BuildStatus.RUNNING, cancel_requested=False
    )
    if not rows.update(
        status=BuildStatus.DONE, finished_at=timezone.now(), pages=pages, pdf=build.pdf.name
    ):
        raise Cancelled  # cancelled (or ended by the sweep) while the last pages were laid out
