"""A small proceedings world for the volume and build tests: an event with a committee, a
paper type asking for a camera-ready PDF, and approved papers with their authors."""

import subprocess
from pathlib import Path

from proceedings import services
from proceedings.enums import SignOff
from proceedings.models import PaperCheck
from tests.factories.pdfs import make_pdf
from tests.factories.proceedings import (
    CameraReadyRequirementFactory,
    PaperFactory,
    ProceedingsSettingsFactory,
    add_coauthor,
    upload_camera_ready,
)
from tests.factories.tracks import EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole


def make_world(*, pages=(8, 6, 7), doi_prefix="10.5555", **settings):
    """An event with approved papers of ``pages`` pages each; returns (event, papers, roles)."""
    event = EventFactory(name="Deep Learning on Supercomputers", slug="dlonsc", venue="Denver")
    requirement = CameraReadyRequirementFactory(session_type__event=event)
    defaults = {
        "title": "Proceedings of DLonSC 2026",
        "editors": "Jane Editor\nJohn Editor",
        "publisher": "Example Press",
        "isbn": "978-1-23456-789-7",
        "preface": "Welcome to **the fifth** workshop.",
        "doi_prefix": doi_prefix,
        "depositor_name": "Jane Editor",
        "depositor_email": "jane@example.org",
        "order": "track",
    }
    ProceedingsSettingsFactory(event=event, **{**defaults, **settings})
    roles = {
        role: MembershipFactory(
            event=event, role=role, user=UserFactory(name=f"{label} Person", affiliation="Uni")
        ).user
        for role, label in [
            (CommitteeRole.ORGANIZER, "Olivia Organizer"),
            (CommitteeRole.PROCEEDINGS_CHAIR, "Pat Proceedings"),
            (CommitteeRole.TRACK_CHAIR, "Tom Trackchair"),
            (CommitteeRole.REVIEWER, "Rita Reviewer"),
        ]
    }
    papers = [
        add_paper(requirement, f"Paper {chr(65 + index)} on scaling", count, roles)
        for index, count in enumerate(pages)
    ]
    return event, papers, roles


def add_paper(requirement, title, pages, roles, data=None, approve=True):
    event = requirement.session_type.event
    speaker = UserFactory(name=f"Author {title[6]} Smith", affiliation="HPC Lab")
    paper = PaperFactory(event=event, session_type=requirement.session_type, title=title)
    paper.speakers.create(user=speaker, position=0)
    add_coauthor(paper, name="Grace Hopper", position=1)
    upload_camera_ready(paper, requirement, make_pdf(pages, title=title))
    services.refresh_paper_check(submission=paper)
    if approve:
        services.approve_paper(submission=paper, by=roles[CommitteeRole.PROCEEDINGS_CHAIR])
        assert PaperCheck.objects.get(submission=paper).sign_off == SignOff.APPROVED
    if data is not None:  # replaced on disk after the checks (the build reads it again)
        Path(paper.deliverables.get().file.path).write_bytes(data)
    return paper


def pdf_text(path, first=None, last=None) -> str:
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(
        [*args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_texts(path) -> list[str]:
    """Each page's text (pdftotext separates pages with form feeds)."""
    return pdf_text(path).split("\f")[:-1]
