"""The review settings' automatic reminder days become the reviews-due rule's offset."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("mails", "0004_reminder_rules"), ("reviews", "0010_decision_emails_about")]
AFTER = [("mails", "0005_reviews_reminder_days_to_rules"),
         ("reviews", "0011_reminder_days_moved_to_reminder_rules")]  # fmt: skip


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations():
    """Leave the database as every later test expects it: fully migrated."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_reminder_days_move_onto_the_reviews_due_rule():
    apps = _migrate(BEFORE)
    Event = apps.get_model("tracks", "Event")
    ReviewSettings = apps.get_model("reviews", "ReviewSettings")
    events = [
        Event.objects.create(
            name=f"E{i}",
            slug=f"e{i}",
            start_date="2027-01-01",
            end_date="2027-01-02",
            time_zone="UTC",
        )
        for i in range(2)
    ]
    ReviewSettings.objects.create(event=events[0], reminder_days=7)
    ReviewSettings.objects.create(event=events[1], reminder_days=None)

    apps = _migrate(AFTER)

    rules = apps.get_model("mails", "ReminderRule").objects.filter(kind="reviews_due")
    found = {rule.event.slug: (rule.offsets, rule.enabled) for rule in rules}
    assert found == {"e0": ([7 * 24 * 60], True), "e1": ([3 * 24 * 60], False)}
