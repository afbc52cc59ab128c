"""The demo's proceedings: `load_demo` gives DLonSC 2020's accepted papers generated camera-ready
PDFs, approves them as the proceedings chair and publishes a real volume."""

from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree
from pypdf import PdfReader

from mails.models import OutboundEmail
from proceedings.enums import BuildStatus, SignOff
from proceedings.models import BuildPaper, PaperCheck, ProceedingsBuild
from proceedings.services import settings_for
from submissions.enums import DELIVERING_STATES
from submissions.models import Submission
from tracks.models import Event

pytestmark = pytest.mark.django_db

CROSSREF_XSD = Path(__file__).parent.parent / "schemas" / "crossref-5.3.1" / "crossref5.3.1.xsd"


def test_load_demo_publishes_a_volume_of_the_approved_camera_ready_papers(client):
    out = StringIO()
    call_command("load_demo", stdout=out)

    event = Event.objects.get(slug="dlonsc-2020")
    papers = Submission.objects.filter(event=event, state__in=DELIVERING_STATES)
    assert papers.count() >= 3  # the best-reviewed demo papers (how many depends on the reviews)
    checks = PaperCheck.objects.filter(submission__in=papers)
    assert {(check.sign_off, check.problems == []) for check in checks} == {
        (SignOff.APPROVED, True)
    }
    assert checks.count() == papers.count()

    build = settings_for(event).published_build
    assert build.status == BuildStatus.DONE
    assert f"a {build.pages}-page volume published" in out.getvalue()
    with build.pdf.open("rb") as handle:
        assert len(PdfReader(BytesIO(handle.read())).pages) == build.pages
    assert set(build.papers.values_list("submission_id", flat=True)) == set(
        papers.values_list("pk", flat=True)
    )
    with build.crossref_xml.open("rb") as handle:
        deposit = etree.fromstring(handle.read())
    etree.XMLSchema(etree.parse(str(CROSSREF_XSD))).assertValid(deposit)
    dois = deposit.findall(".//{http://www.crossref.org/schema/5.3.1}doi")
    assert len(dois) >= papers.count()
    assert all(d.text.startswith("10.5555/") for d in dois)

    paper = BuildPaper.objects.filter(build=build).order_by("number").first()
    session = client.get(
        reverse("program:session", args=[event.slug, paper.submission_id])
    ).content.decode()
    pdf_url = reverse("proceedings:paper-pdf", args=[event.slug, paper.submission_id])
    assert pdf_url in session
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = len(PdfReader(BytesIO(b"".join(response.streaming_content))).pages)
    assert pages == paper.last_page - paper.first_page + 1


def test_loading_the_demo_again_builds_nothing_new_and_sends_no_email():
    call_command("load_demo", stdout=StringIO())
    builds = list(ProceedingsBuild.objects.values_list("pk", flat=True))

    call_command("load_demo", stdout=StringIO())

    assert list(ProceedingsBuild.objects.values_list("pk", flat=True)) == builds
    assert len(builds) == 1
    assert not OutboundEmail.objects.exists()
