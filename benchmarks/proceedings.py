"""Benchmark building a proceedings volume of 300 approved 8-page papers, as a worker does.

    .venv/bin/python benchmarks/proceedings.py [--papers 300] [--source demo|synthetic]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench .venv/bin/python \
        benchmarks/proceedings.py

Creates a throw-away database with Django's test-database machinery (destroyed at the end) and
an event whose papers are approved camera-ready PDFs of 8 pages each: ``demo`` (default) cycles
through 12 distinct papers rendered by WeasyPrint from the demo's templates (text in embedded
DejaVu fonts, a chart and a table; cached under var/demo-papers/, each paper stored as its own
file), ``synthetic`` uses tests/factories/pdfs.make_pdf (text only, tiny). A committee of 40 and a
preface complete the front matter. ``run_build`` then runs in a fresh child interpreter (as a
worker would, Django and the app imported there), which reports its wall time and peak RSS
(``ru_maxrss``), WeasyPrint, fontTools and the URLconf imported before the clock starts (a
worker imports them once); the parent checks the result (status, page count of the volume and
of every paper's own PDF) and prints the build's stage timings from its log line.
Not part of the test suite.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conf_portal.settings.test")

CHILD = """
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "conf_portal.settings.test"
import django
from django.conf import settings
django.setup()
settings.DATABASES["default"]["NAME"] = {name!r}
from proceedings.builds import run_build
started = time.perf_counter()
import weasyprint, fontTools.subset  # a worker imports them once, for its first build
from django.urls import get_resolver
get_resolver().url_patterns  # the URLconf too (it imports every app's views)
imports = time.perf_counter() - started
started = time.perf_counter()
status = run_build(build_id={build_id})
seconds = time.perf_counter() - started
print(json.dumps({{"status": status, "seconds": seconds, "imports": imports,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def demo_pdfs(count: int) -> list[bytes]:
    from submissions.demo_paper_pdf import Author, paper_html, render_pdfs
    from submissions.demo_paper_topics import TOPICS

    titles = list(TOPICS)
    htmls = []
    for n in range(count):
        index = 3 * n + 2  # 7 pages of text, the references on a page of their own: 8 pages
        title = titles[n % len(titles)]
        authors = [Author("Ada Example", "HPC Lab"), Author("Grace Sample", "Data Institute")]
        htmls.append(
            paper_html(index=index, title=title, abstract="We scale.", authors=authors,
                       contact="ada@example.org")
        )  # fmt: skip
    return render_pdfs(htmls)


def make_event(papers: int, source: str):
    from django.contrib.auth import get_user_model
    from django.core.files.storage import default_storage
    from django.utils import timezone
    from pypdf import PdfReader

    from proceedings.enums import SignOff
    from proceedings.models import PaperCheck, ProceedingsSettings
    from submissions.enums import DeliverableFormat, SubmissionState
    from submissions.models import (
        CoAuthor,
        Deliverable,
        DeliverableRequirement,
        Speaker,
        Submission,
    )
    from tests.factories.pdfs import make_pdf
    from tracks.enums import CommitteeRole, DeadlineKind
    from tracks.models import Event, Membership, SessionType, Track

    pdfs = (
        demo_pdfs(12) if source == "demo" else [make_pdf(8, title=f"Paper {n}") for n in range(12)]
    )
    assert all(len(PdfReader(__import__("io").BytesIO(pdf)).pages) == 8 for pdf in pdfs)
    User = get_user_model()
    event = Event.objects.create(
        name="Benchmark Workshop", slug="bench", start_date="2026-11-16", end_date="2026-11-17",
        venue="Denver",
    )  # fmt: skip
    track = Track.objects.create(event=event, name="Main", slug="main")
    kind = SessionType.objects.create(event=event, name="Paper", slug="paper")
    requirement = DeliverableRequirement.objects.create(
        session_type=kind, title="Camera-ready", format=DeliverableFormat.PAPER_PDF,
        deadline_kind=DeadlineKind.CAMERA_READY,
    )  # fmt: skip
    ProceedingsSettings.objects.create(
        event=event, title="Proceedings of the Benchmark Workshop", editors="A. Editor\nB. Editor",
        preface="A **preface**.\n\n" * 20, doi_prefix="10.5555", depositor_name="A. Editor",
        depositor_email="editor@example.org", order="track",
    )  # fmt: skip
    users = User.objects.bulk_create(
        [User(email=f"user{n}@example.org", name=f"Author {n} Person") for n in range(papers + 40)]
    )
    reviewers = users[papers:]
    Membership.objects.bulk_create(
        [Membership(event=event, user=user, role=CommitteeRole.REVIEWER) for user in reviewers]
    )
    submissions = Submission.objects.bulk_create(
        [
            Submission(event=event, track=track, session_type=kind, title=f"Paper {n:03d}",
                       state=SubmissionState.CONFIRMED, created_by=users[n])
            for n in range(papers)
        ]
    )  # fmt: skip
    Speaker.objects.bulk_create(
        [Speaker(submission=s, user=users[n]) for n, s in enumerate(submissions)]
    )
    CoAuthor.objects.bulk_create(
        [CoAuthor(submission=s, name="Grace Hopper", position=1) for s in submissions]
    )
    deliverables, checks, now = [], [], timezone.now()
    for n, submission in enumerate(submissions):
        name = default_storage.save(
            f"bench/{n:03d}.pdf", __import__("io").BytesIO(pdfs[n % len(pdfs)])
        )
        deliverables.append(
            Deliverable(submission=submission, requirement=requirement, file=name, pages=8)
        )
        checks.append(
            PaperCheck(submission=submission, file_name=name, checked_at=now, pages_total=8,
                       pages_counted=7, sign_off=SignOff.APPROVED)
        )  # fmt: skip
    Deliverable.objects.bulk_create(deliverables)
    PaperCheck.objects.bulk_create(checks)
    return event


def run(papers: int, source: str) -> None:
    from django.db import connection
    from pypdf import PdfReader

    from proceedings.builds import start_build
    from proceedings.models import ProceedingsBuild

    started = time.perf_counter()
    event = make_event(papers, source)
    print(f"{papers} approved papers ({source}) stored in {time.perf_counter() - started:.1f} s")
    build = start_build(event=event, by=None, enqueue=False)
    connection.close()
    child = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), name=connection.settings_dict["NAME"],
                                            build_id=build.pk)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    stages = [line for line in child.stderr.splitlines() if f"Build {build.pk}: " in line]
    print("stages:", stages[-1].split(": ", 1)[-1] if stages else "(not logged)")
    build = ProceedingsBuild.objects.get(pk=build.pk)
    volume = PdfReader(build.pdf.path)
    per_paper = [len(PdfReader(paper.pdf.path).pages) for paper in build.papers.all()]
    size = Path(build.pdf.path).stat().st_size / 2**20
    print(
        f"status {figures['status']}: {build.pages} pages ({len(volume.pages)} read back), "
        f"{len(per_paper)} paper PDFs of {sorted(set(per_paper))} pages, volume {size:.1f} MB, "
        f"Crossref XML {'yes' if build.crossref_xml else 'no'}"
    )
    print(
        f"build {figures['seconds']:.1f} s (after {figures['imports']:.1f} s importing WeasyPrint, "
        f"fontTools and the URLconf), worker peak RSS {figures['max_rss_mb']:.0f} MB, load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    assert figures["status"] == "done", build.error
    assert per_paper == [8] * papers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=300)
    parser.add_argument("--source", choices=["demo", "synthetic"], default="demo")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):  # a file, so that the worker process sees it
        database.setdefault("TEST", {})["NAME"] = str(
            Path(settings.VAR_DIR) / "bench_proceedings.sqlite3"
        )
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run(args.papers, args.source)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        teardown_test_environment()


if __name__ == "__main__":
    main()
