"""`make demo HOST=… PORT=…`: the demo's emails link to where it runs."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from conf_portal.apps import _configure_site
from tests.factories.submissions import SubmissionFactory
from tests.factories.users import PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Added to the demo target as a prerequisite: make runs a "+" line even with -n, and passes it
# the demo target's variables; nothing else is run.
PROBE = ["--eval", "demo: probe-demo-env", "--eval", "probe-demo-env: ; +@echo SITE_URL=$$SITE_URL"]


def _demo_environment(*args: str, env: dict | None = None) -> str:
    environ = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    result = subprocess.run(
        ["make", "-n", "-o", "install", "-C", str(BASE_DIR), *PROBE, "demo", *args],
        env={**environ, **(env or {})}, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return next(line for line in result.stdout.splitlines() if line.startswith("SITE_URL="))


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ((), None, "SITE_URL=http://127.0.0.1:8000"),
        (("PORT=8101",), None, "SITE_URL=http://127.0.0.1:8101"),
        (("HOST=localhost", "PORT=8101"), None, "SITE_URL=http://localhost:8101"),
        (
            ("PORT=8101",),
            {"SITE_URL": "https://demo.example.org"},
            "SITE_URL=https://demo.example.org",
        ),
    ],
)
def test_make_demo_sets_site_url_from_host_and_port(args, env, expected):
    assert _demo_environment(*args, env=env) == expected


@pytest.fixture
def demo_on_port_8101(settings):
    """What `make demo PORT=8101` sets up: SITE_URL, then migrate names the Site after it."""
    settings.SITE_URL = "http://127.0.0.1:8101"
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    _configure_site(sender=None, app_config=type("Sites", (), {"label": "sites"}), using="default")
    cache.clear()


@pytest.mark.django_db
def test_demo_verification_email_names_and_links_the_demo_address(
    client, demo_on_port_8101, django_capture_on_commit_callbacks
):
    data = {"name": "Ada", "email": "ada@example.org", "password1": PASSWORD, "password2": PASSWORD}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), data, HTTP_HOST="127.0.0.1:8101")

    [email] = mail.outbox
    assert "register an account on 127.0.0.1:8101" in email.body
    assert re.search(r"http://127\.0\.0\.1:8101/accounts/confirm-email/\S+/", email.body)
    assert "localhost" not in email.body


@pytest.mark.django_db
def test_demo_invitation_email_links_the_demo_address(
    client, demo_on_port_8101, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory()
    client.force_login(submission.created_by)
    url = reverse("submissions:invite", args=[submission.event.slug, submission.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "co.speaker@example.org"})

    [email] = mail.outbox
    assert "http://127.0.0.1:8101/" in email.body
    assert "localhost" not in email.body
