"""``manage.py build_proceedings EVENT``: builds the event's volume here and now (the same
``run_build`` a worker runs) and prints the paths of its PDF, Crossref XML and BibTeX."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from proceedings.builds import run_build, start_build
from proceedings.enums import BuildKind, BuildStatus
from proceedings.models import ProceedingsBuild
from tracks.models import Event


class Command(BaseCommand):
    help = "Build the proceedings volume of an event and print the paths of its files."

    def add_arguments(self, parser):
        parser.add_argument("event", help="The event's slug, as in its URLs.")
        parser.add_argument(
            "--by", default="", help="Email of the user recorded as starting the build."
        )

    def handle(self, *args, event: str, by: str, **options):
        found = Event.objects.filter(slug=event).first()
        if found is None:
            raise CommandError(f"No event with the slug “{event}”.")
        user = User.objects.filter(email__iexact=by).first() if by else None
        if by and user is None:
            raise CommandError(f"No user with the email “{by}”.")
        try:
            build = start_build(event=found, kind=BuildKind.VOLUME, by=user, enqueue=False)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Building the volume of {found.name} (build {build.pk})…")
        run_build(build_id=build.pk)
        build = ProceedingsBuild.objects.get(pk=build.pk)
        if build.status != BuildStatus.DONE:
            raise CommandError(f"The build failed: {build.error or build.get_status_display()}")
        self.stdout.write(f"{build.pages} pages, {build.total} papers.")
        self.stdout.write(f"PDF: {build.pdf.path}")
        if build.crossref_xml:
            self.stdout.write(f"Crossref XML: {build.crossref_xml.path}")
        else:
            self.stdout.write(
                "Crossref XML: none (the settings need a DOI prefix and the depositor's "
                "name and email)."
            )
        self.stdout.write(f"BibTeX: {build.bibtex.path}")
