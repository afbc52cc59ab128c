"""Settings read from the environment, as docker-compose.yml, .env and the demo pass them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PRODUCTION = {"DJANGO_SETTINGS_MODULE": "conf_portal.settings.production", "DJANGO_SECRET_KEY": "x"}
PRINT_SETTINGS = """
import json, sys, django
from django.conf import settings
django.setup()
print(json.dumps({name: str(getattr(settings, name)) for name in sys.argv[1:]}))
"""
SEND_MAIL = """
import django
django.setup()
from django.core.mail import send_mail
send_mail("Filed", "Kept on disk.", "portal@example.org", ["author@example.org"])
"""


def _run(code: str, env: dict, *args: str) -> str:
    """Run ``code`` in a fresh interpreter, so the settings are read from ``env``."""
    ours = ("DJANGO_", "EMAIL_", "SITE_", "ACCOUNT_", "CONF_")
    inherited = {key: value for key, value in os.environ.items() if not key.startswith(ours)}
    result = subprocess.run(
        [sys.executable, "-c", code, *args], env={**inherited, **env}, cwd=BASE_DIR,
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout


def _settings(env: dict, *names: str) -> dict:
    return json.loads(_run(PRINT_SETTINGS, env, *names).splitlines()[-1])


@pytest.mark.parametrize(("value", "expected"), [(None, "0"), ("1", "1")])
def test_trusted_proxy_count_comes_from_the_environment(value, expected):
    env = {**PRODUCTION, **({"DJANGO_TRUSTED_PROXY_COUNT": value} if value else {})}

    found = _settings(env, "ALLAUTH_TRUSTED_PROXY_COUNT")

    assert found == {"ALLAUTH_TRUSTED_PROXY_COUNT": expected}


@pytest.mark.parametrize(
    ("site_url", "protocol"),
    [("http://127.0.0.1:8101", "http"), ("https://portal.example.org", "https")],
)
def test_account_links_use_the_scheme_of_site_url(site_url, protocol):
    env = {**PRODUCTION, "SITE_URL": site_url}

    found = _settings(env, "ACCOUNT_DEFAULT_HTTP_PROTOCOL")

    assert found == {"ACCOUNT_DEFAULT_HTTP_PROTOCOL": protocol}


def test_email_file_path_defaults_under_var(tmp_path):
    env = {**PRODUCTION, "CONF_PORTAL_VAR_DIR": str(tmp_path)}

    found = _settings(env, "EMAIL_FILE_PATH")

    assert found == {"EMAIL_FILE_PATH": str(tmp_path / "mail")}


def test_filebased_email_backend_writes_to_email_file_path(tmp_path):
    env = {
        **PRODUCTION,
        "CONF_PORTAL_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "outbox"),
    }

    _run(SEND_MAIL, env)

    [written] = (tmp_path / "outbox").iterdir()
    assert "Subject: Filed" in written.read_text()
    assert "To: author@example.org" in written.read_text()
