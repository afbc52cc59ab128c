"""An email backend for tests with a real worker process: each message is written to its own
file in EMAIL_FILE_PATH (named by recipient, so sends can be counted across processes), and
closing the connection is slow, so that a worker killed mid-batch is most likely killed after
an email was recorded sent and before the next one is claimed."""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

CLOSE_SECONDS = 0.3


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            path = folder / f"{message.to[0]}--{uuid.uuid4().hex}.eml"
            path.write_bytes(message.message().as_bytes())
        return len(email_messages)

    def close(self):
        time.sleep(CLOSE_SECONDS)
