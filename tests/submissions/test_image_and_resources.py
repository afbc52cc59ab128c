"""Session images (real image, re-encoded, metadata stripped) and resources (checked by content)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from submissions.forms import ResourceForm, SubmissionForm
from submissions.models import Resource
from submissions.services.sharing import enable_preview_link
from submissions.validators import checked_resource, reencode_image
from tests.factories.files import jpeg_with_gps, pdf_bytes, png_bytes
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import MembershipFactory, SessionTypeFactory
from tests.factories.users import UserFactory
from tracks.demo import TUTORIAL_FIELDS
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


def _upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _image(content) -> Image.Image:
    image = Image.open(io.BytesIO(content.read()))
    image.load()
    return image


@pytest.fixture
def tutorial():
    session_type = SessionTypeFactory(name="Tutorial", requested_fields=TUTORIAL_FIELDS)
    return SubmissionFactory(event=session_type.event, session_type=session_type)


def test_a_photo_loses_its_camera_and_gps_metadata():
    stored = reencode_image(_upload(jpeg_with_gps(), "IMG_2041.jpg"))

    image = _image(stored)
    assert (stored.name, image.format, dict(image.getexif())) == ("image.jpg", "JPEG", {})


def test_a_transparent_png_stays_a_png_whatever_it_is_called():
    stored = reencode_image(_upload(png_bytes(), "logo.jpg"))

    assert (stored.name, _image(stored).mode) == ("image.png", "RGBA")


def test_a_huge_image_is_scaled_down_for_the_program():
    stored = reencode_image(_upload(png_bytes(size=(4800, 1200), mode="RGB"), "banner.png"))

    assert _image(stored).size == (2400, 600)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"GIF89a not really", "renamed.gif", "not an image we can read"),
        (pdf_bytes(1), "paper.png", "not an image we can read"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "truncated.png", "not an image we can read"),
    ],
)
def test_files_that_are_not_images_are_refused(data, name, message):
    with pytest.raises(ValidationError, match=message):
        reencode_image(_upload(data, name))


def test_an_oversized_image_is_refused_before_it_is_decoded():
    upload = _upload(b"x", "big.jpg")
    upload.size = 10 * 1024 * 1024 + 1

    with pytest.raises(ValidationError, match="the limit is 10 MB"):
        reencode_image(upload)


def test_the_form_keeps_the_typed_text_when_the_image_is_bad(tutorial):
    data = {"version": tutorial.version, "title": tutorial.title, "abstract": "Kept."}
    form = SubmissionForm(
        data=data, files={"session_image": _upload(b"MZ\x90\x00", "cat.png")}, instance=tutorial
    )

    assert not form.is_valid()
    assert "not an image" in form.errors["session_image"][0]
    assert form["abstract"].value() == "Kept."


@pytest.mark.parametrize(
    ("data", "name", "stored_suffix"),
    [
        (pdf_bytes(2), "slides.pdf", ".pdf"),
        (pdf_bytes(2), "slides.exe", ".pdf"),
        (b"import pixi\nprint('ok')\n", "check_env.py", ".py"),
        (b'{"cells": []}', "tutorial.ipynb", ".ipynb"),
        (b"plain words", "notes.html", ".txt"),
    ],
)
def test_resources_are_stored_by_what_they_contain(data, name, stored_suffix):
    assert checked_resource(_upload(data, name)).name == f"resource{stored_suffix}"


def test_a_zip_archive_keeps_an_office_suffix_and_loses_others():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ppt/slides/slide1.xml", "<slide/>")

    assert checked_resource(_upload(buffer.getvalue(), "talk.pptx")).name == "resource.pptx"
    assert checked_resource(_upload(buffer.getvalue(), "talk.html")).name == "resource.zip"


def test_resource_images_are_reencoded_too():
    assert checked_resource(_upload(jpeg_with_gps(), "photo.jpeg")).name == "image.jpg"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04", "installer.pdf", "none of those"),
        (b"PK\x03\x04 broken", "materials.zip", "archive is damaged"),
        (b"%PDF-1.7 broken", "slides.pdf", "PDF is damaged"),
    ],
)
def test_bad_resources_are_refused_with_a_reason(data, name, message):
    with pytest.raises(ValidationError, match=message):
        checked_resource(_upload(data, name))


def test_the_resource_form_wants_a_file_or_a_link():
    neither = ResourceForm({"resource-title": "Slides"}, prefix="resource")
    both = ResourceForm(
        {"resource-title": "Slides", "resource-link": "example.org/slides"},
        {"resource-file": _upload(pdf_bytes(1), "s.pdf")},
        prefix="resource",
    )

    assert neither.errors == {"file": ["Upload a file or give a link."]}
    assert both.errors == {"link": ["Upload a file or give a link, not both."]}


def test_a_speaker_adds_and_removes_a_resource(client, tutorial):
    client.force_login(tutorial.created_by)
    url = reverse("submissions:resource-add", args=[tutorial.event.slug, tutorial.pk])

    client.post(url, {"resource-title": "Notebooks", "resource-file": _upload(b"x = 1\n", "a.py")})
    client.post(url, {"resource-title": "Repository", "resource-link": "github.com/prefix-dev"})

    notebooks, repository = tutorial.resources.all()
    assert (notebooks.title, notebooks.file.name.endswith(".py")) == ("Notebooks", True)
    assert repository.link == "https://github.com/prefix-dev"
    assert tutorial.revisions.last().content["resources"] == ["Notebooks", "Repository"]
    remove = reverse(
        "submissions:resource-remove", args=[tutorial.event.slug, tutorial.pk, notebooks.pk]
    )
    client.post(remove)
    assert list(tutorial.resources.values_list("title", flat=True)) == ["Repository"]


def test_a_bad_resource_shows_its_error_next_to_the_field(client, tutorial):
    client.force_login(tutorial.created_by)
    url = reverse("submissions:resource-add", args=[tutorial.event.slug, tutorial.pk])

    response = client.post(
        url, {"resource-title": "Setup", "resource-file": _upload(b"MZ\x90\x00", "setup.exe")}
    )

    assert response.status_code == 400
    assert 'id="id_resource-file-errors"' in response.content.decode()
    assert 'value="Setup"' in response.content.decode()
    assert not Resource.objects.exists()


def _resource(tutorial) -> Resource:
    return Resource.objects.create(
        submission=tutorial, title="Slides", file=SimpleUploadedFile("r.pdf", pdf_bytes(1))
    )


@pytest.mark.parametrize("who", ["anonymous", "another author", "organizer elsewhere", "reviewer"])
def test_resource_files_are_not_public(client, tutorial, who):
    resource = _resource(tutorial)
    if who == "organizer elsewhere":
        user = MembershipFactory(role=CommitteeRole.ORGANIZER).user
    elif who == "reviewer":
        user = MembershipFactory(event=tutorial.event, role=CommitteeRole.REVIEWER).user
    else:
        user = UserFactory() if who == "another author" else None
    if user:
        client.force_login(user)
    url = reverse("submissions:resource", args=[tutorial.event.slug, tutorial.pk, resource.pk])

    assert client.get(url).status_code == 404


def test_the_preview_link_opens_resources_but_never_the_paper(client, tutorial):
    resource = _resource(tutorial)
    enable_preview_link(submission=tutorial, by=tutorial.created_by)
    tutorial.refresh_from_db()
    args = [tutorial.event.slug, tutorial.pk]

    shared = client.get(
        reverse("submissions:resource", args=[*args, resource.pk]),
        {"preview": tutorial.preview_token},
    )
    guessed = client.get(
        reverse("submissions:resource", args=[*args, resource.pk]), {"preview": "guess"}
    )
    paper = client.get(reverse("submissions:paper", args=args), {"preview": tutorial.preview_token})

    assert b"".join(shared.streaming_content).startswith(b"%PDF-")  # read to the end: closed
    assert shared.status_code == 200
    assert shared["Content-Disposition"] == 'attachment; filename="slides.pdf"'
    assert guessed.status_code == 404
    assert paper.status_code == 302  # the paper needs a signed-in speaker or organizer
