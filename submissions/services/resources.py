"""Files and links that go with a proposal (public once the program is)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Resource, Submission
from .editing import bump_version


def add_resource(*, submission: Submission, title: str, by, file=None, link: str = "") -> Resource:
    """Attach a checked file (see validators.checked_resource) or a link, at the end."""
    if bool(file) == bool(link):
        raise ValidationError("Upload a file or give a link (not both).")
    with transaction.atomic():
        resource = Resource.objects.create(
            submission=submission,
            title=title.strip(),
            file=file or "",
            link=link,
            position=submission.resources.count(),
        )
        bump_version(submission, by)
    return resource


def remove_resource(*, resource: Resource, by) -> None:
    with transaction.atomic():
        submission = resource.submission
        resource.file.delete(save=False)
        resource.delete()
        bump_version(submission, by)
