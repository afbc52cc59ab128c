from django.core.management.base import BaseCommand

from proceedings.demo import load_demo_proceedings
from program.demo import load_demo_programs
from reviews.demo import load_demo_bids, load_demo_committee, load_demo_reviews
from submissions.demo import TRY_CODE, load_demo_proposals
from submissions.demo_papers import load_demo_papers
from tracks.demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo


def _program_line(version) -> str:
    slots = version.slots.all()
    sessions = slots.filter(submission__isnull=False, parent__isnull=True).count()
    posters = slots.filter(parent__isnull=False).count()
    rooms = slots.exclude(room=None).values("room").distinct().count()
    with_posters = f" and {posters} posters" if posters else ""
    return (
        f"{version.event} program {version.name}: {sessions} sessions{with_posters} in {rooms} "
        f"room{'s' if rooms != 1 else ''}, at /{version.event.slug}/program/"
    )


class Command(BaseCommand):
    help = "Load the demo events (SciPy 2020, SciPy 2025, DL on Supercomputers 2020). Idempotent."

    def handle(self, *args, **options):
        events = load_demo()
        proposals = load_demo_proposals()
        papers = load_demo_papers()
        self.stdout.write(self.style.SUCCESS(f"Demo events ready: {', '.join(map(str, events))}"))
        self.stdout.write(f"Demo proposals: {', '.join(map(str, proposals))}")
        self.stdout.write(f"DLonSC 2020 has {len(papers)} submitted demo papers to review.")
        self.stdout.write(f"Reviewer profiles: {load_demo_committee()}")
        self.stdout.write(f"DLonSC 2020 bids: {load_demo_bids()}")
        self.stdout.write(f"DLonSC 2020 reviews: {load_demo_reviews()}")
        for version in load_demo_programs():
            if version is not None:
                self.stdout.write(_program_line(version))
        if volume := load_demo_proceedings():
            papers = volume.papers.count()
            self.stdout.write(
                f"DLonSC 2020 proceedings: {papers} camera-ready papers approved, a {volume.pages}-"
                f"page volume published, at /{volume.event.slug}/manage/proceedings/"
            )
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:32} {login.what}")
        self.stdout.write(
            f"The calls are closed (the events are past); the access code {TRY_CODE} opens "
            "the DLonSC 2020 paper call for a year."
        )
