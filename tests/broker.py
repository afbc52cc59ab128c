"""A real Celery worker (through the configured broker, not eager mode) for tests marked
``broker``, and a way to wait for what it does."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from conf_portal.celery import app


@pytest.fixture
def celery_worker():
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as w:
            yield w
    finally:
        app.conf.task_always_eager = True


def wait_for(predicate, seconds: float = 60.0) -> bool:
    """True as soon as ``predicate()`` is, False if it still is not after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False
