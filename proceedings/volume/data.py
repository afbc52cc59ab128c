"""What the builder reads from the database: the approved papers' camera-ready files and
authors, the committee, and the Volume (proceedings.layout) the metadata writers share."""

from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone

from conf_portal.links import site_url
from tracks.enums import CommitteeRole
from tracks.selectors import public_committee

from .. import selectors
from ..crossref import paper_doi
from ..layout import Contributor, PaperEntry, Volume
from .frontmatter import CommitteeGroup, Member
from .sources import PaperSource

COMMITTEE_GROUPS = (
    (CommitteeRole.ORGANIZER, "Organizers"),
    (CommitteeRole.PROCEEDINGS_CHAIR, "Proceedings chairs"),
    (CommitteeRole.TRACK_CHAIR, "Track chairs"),
    (CommitteeRole.REVIEWER, "Reviewers"),
)


def paper_sources(event) -> list[PaperSource]:
    """The approved papers, in the volume's order, with their camera-ready files."""
    sources = []
    for paper in selectors.approved_papers(event):
        contributors = tuple(
            Contributor(name=person.name, affiliation=person.affiliation, orcid=person.orcid)
            for person in selectors.authors(paper)
        )
        sources.append(
            PaperSource(
                submission_id=paper.pk,
                title=paper.title,
                contributors=contributors,
                path=paper.camera_ready.file.path,
                track=paper.track.name,
                session_type=paper.session_type.name,
                url=site_url(
                    reverse("program:session", kwargs={"event": event.slug, "pk": paper.pk})
                ),
            )
        )
    return sources


def committee(event) -> list[CommitteeGroup]:
    """The public committee by role: organizers, proceedings chairs, track chairs (with their
    tracks), reviewers."""
    members: dict[str, list[Member]] = {role: [] for role, _ in COMMITTEE_GROUPS}
    for membership in public_committee(event):
        if membership.role not in members:
            continue
        tracks = ", ".join(track.name for track in membership.tracks.all())
        note = "; ".join(part for part in (membership.title, tracks) if part)
        user = membership.user
        members[membership.role].append(
            Member(name=user.public_name, affiliation=user.affiliation, note=note)
        )
    return [
        CommitteeGroup(label=label, members=tuple(members[role]))
        for role, label in COMMITTEE_GROUPS
        if members[role]
    ]


def make_volume(event, settings, sources: Sequence[PaperSource], counts: Sequence[int]) -> Volume:
    """The volume's data: each paper's number, pages (from 1, continuous) and DOI."""
    year = event.start_date.year
    papers, page = [], 1
    for number, (source, count) in enumerate(zip(sources, counts, strict=True), 1):
        doi = paper_doi(settings, settings.doi_prefix, event.slug, year, source.submission_id)
        papers.append(
            PaperEntry(
                submission_id=source.submission_id, number=number, title=source.title,
                contributors=source.contributors, first_page=page, last_page=page + count - 1,
                doi=doi, url=source.url, track=source.track, session_type=source.session_type,
            )
        )  # fmt: skip
        page += count
    volume_doi = f"{settings.doi_prefix}/{event.slug}.{year}" if settings.doi_prefix else ""
    return Volume(
        event_slug=event.slug, event_name=event.name, title=settings.volume_title,
        editors=tuple(settings.editor_names), publisher=settings.publisher, isbn=settings.isbn,
        venue=event.venue, start_date=event.start_date, end_date=event.end_date,
        publication_date=timezone.localdate(), doi_prefix=settings.doi_prefix,
        doi=volume_doi,
        url=site_url(event.get_absolute_url()), depositor_name=settings.depositor_name,
        depositor_email=settings.depositor_email, papers=tuple(papers),
    )  # fmt: skip
