"""Settings of a Celery worker process started by the reminder reliability tests: the test
settings, with a file-writing, slow-closing email backend."""

from conf_portal.settings.test import *  # noqa: F403

EMAIL_BACKEND = "tests.mails.slow_mail_backend.SlowFileBackend"
