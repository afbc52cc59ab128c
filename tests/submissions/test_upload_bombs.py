"""Uploads built to exhaust a worker (decompression-bomb images, PDFs with a page tree too deep
for pypdf) get a form error next to their field, never a 500; images are measured from their
header before a single pixel is decoded."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ImageFile

from submissions.enums import QuestionKind
from submissions.validators import (
    MAX_IMAGE_PIXELS,
    checked_resource,
    pdf_page_count,
    reencode_image,
)
from tests.factories.files import deep_page_tree_pdf, large_png_bytes
from tests.factories.questions import QuestionFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import SessionTypeFactory
from tracks.demo import TUTORIAL_FIELDS
from tracks.enums import SubmissionField

pytestmark = pytest.mark.django_db

BOMB = large_png_bytes(20000, 20000)  # 400 megapixels in about 50 KB
PHOTO_SIZED = large_png_bytes(7300, 5440)  # 39.7 megapixels, as in the report
DEEP_PDF = deep_page_tree_pdf(101)
BOMB_ERROR = "This image is 20000 × 20000 pixels (400 megapixels); the limit is 25 megapixels"
PDF_ERROR = "This PDF is damaged and cannot be read."


def _upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if any image is decoded."""

    def load(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def test_the_pixel_cap_fits_a_24_megapixel_camera_photo_and_no_more():
    assert 6000 * 4000 <= MAX_IMAGE_PIXELS < 7300 * 5440


@pytest.mark.parametrize("check", [reencode_image, checked_resource])
def test_a_decompression_bomb_is_refused_by_its_size(check, no_decoding):
    with pytest.raises(ValidationError) as error:
        check(_upload(BOMB, "bomb.png"))

    assert error.value.code == "too_many_pixels"
    assert error.value.messages[0].startswith(BOMB_ERROR)


def test_a_large_photo_is_refused_from_its_header_before_it_is_decoded(no_decoding):
    with pytest.raises(ValidationError) as error:
        reencode_image(_upload(PHOTO_SIZED, "photo.png"))

    assert error.value.messages[0].startswith(
        "This image is 7300 × 5440 pixels (39.7 megapixels); the limit is 25 megapixels"
    )


@pytest.mark.parametrize("check", [pdf_page_count, checked_resource])
def test_a_pdf_with_a_page_tree_too_deep_to_read_is_a_damaged_pdf(check):
    with pytest.raises(ValidationError, match=PDF_ERROR):
        check(_upload(DEEP_PDF, "deep.pdf"))


@pytest.fixture
def tutorial():
    session_type = SessionTypeFactory(
        name="Tutorial", requested_fields=[*TUTORIAL_FIELDS, SubmissionField.PAPER_PDF]
    )
    return SubmissionFactory(event=session_type.event, session_type=session_type)


def _edit(client, submission, files: dict):
    client.force_login(submission.created_by)
    url = reverse("submissions:edit", args=[submission.event.slug, submission.pk])
    data = {"version": submission.version, "title": "Kept title", "save": "1", **files}
    return client.post(url, data)


@pytest.mark.parametrize(
    ("field", "data", "message"),
    [
        ("session_image", BOMB, BOMB_ERROR),
        ("paper", DEEP_PDF, PDF_ERROR),
    ],
)
def test_the_edit_page_shows_the_error_next_to_the_field(client, tutorial, field, data, message):
    response = _edit(client, tutorial, {field: _upload(data, "upload")})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}-errors"' in html
    assert message in html
    assert 'value="Kept title"' in html
    tutorial.refresh_from_db()
    assert (tutorial.title == "Kept title", bool(tutorial.paper), bool(tutorial.session_image)) == (
        False,
        False,
        False,
    )


@pytest.mark.parametrize(("data", "message"), [(BOMB, BOMB_ERROR), (DEEP_PDF, PDF_ERROR)])
def test_a_file_question_shows_the_error_next_to_the_field(client, tutorial, data, message):
    question = QuestionFactory(event=tutorial.event, kind=QuestionKind.FILE, text="Poster draft")

    response = _edit(client, tutorial, {f"question_{question.pk}": _upload(data, "upload")})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_question_{question.pk}-errors"' in html
    assert message in html


@pytest.mark.parametrize(("data", "message"), [(BOMB, BOMB_ERROR), (DEEP_PDF, PDF_ERROR)])
def test_a_resource_shows_the_error_next_to_the_field(client, tutorial, data, message):
    client.force_login(tutorial.created_by)
    url = reverse("submissions:resource-add", args=[tutorial.event.slug, tutorial.pk])

    response = client.post(
        url, {"resource-title": "Setup", "resource-file": _upload(data, "upload")}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_resource-file-errors"' in html
    assert message in html
    assert not tutorial.resources.exists()


def test_a_camera_photo_is_turned_upright_and_stored_at_the_program_size():
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), (31, 53, 119)).save(buffer, format="JPEG", exif=exif)

    stored = reencode_image(_upload(buffer.getvalue(), "IMG_0001.JPG"))

    with Image.open(stored) as image:
        assert (image.format, image.size, image.getexif().get(0x0112)) == (
            "JPEG",
            (1600, 2400),
            None,
        )


def _huge_webp() -> bytes:
    """A tiny animated WebP whose canvas header claims 16384 × 16384 pixels (268 megapixels):
    Pillow's own reader refuses it as a decompression bomb while reading the header."""
    from PIL import Image

    buffer = io.BytesIO()
    frames = [Image.new("RGB", (4, 4), colour) for colour in ("red", "blue")]
    frames[0].save(buffer, format="WEBP", save_all=True, append_images=frames[1:])
    data = bytearray(buffer.getvalue())
    assert data[12:16] == b"VP8X"  # the extended header: canvas width-1 and height-1, 24 bits each
    data[24:30] = (16383).to_bytes(3, "little") * 2
    return bytes(data)


@pytest.mark.parametrize("check", [reencode_image, checked_resource])
def test_a_webp_canvas_too_large_for_pillow_is_refused_by_its_size(check):
    with pytest.raises(ValidationError) as error:
        check(_upload(_huge_webp(), "bomb.webp"))

    assert error.value.code == "too_many_pixels"
    assert "25 megapixels" in error.value.messages[0]
