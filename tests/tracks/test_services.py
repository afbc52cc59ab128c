import pytest

from tests.factories.tracks import DeadlineFactory, aware
from tests.factories.users import UserFactory
from tracks.services import change_deadline, save_deadline

pytestmark = pytest.mark.django_db


def test_change_deadline_keeps_the_previous_date_in_history():
    deadline = DeadlineFactory(due=aware(2020, 9, 1, 12))
    chair = UserFactory()

    change_deadline(deadline=deadline, due=aware(2020, 9, 15, 12), changed_by=chair)

    deadline.refresh_from_db()
    assert deadline.due == aware(2020, 9, 15, 12)
    assert [(c.previous_due, c.new_due, c.changed_by) for c in deadline.changes.all()] == [
        (aware(2020, 9, 1, 12), aware(2020, 9, 15, 12), chair)
    ]


def test_change_deadline_to_the_same_date_records_nothing():
    deadline = DeadlineFactory(due=aware(2020, 9, 1, 12))

    change_deadline(deadline=deadline, due=aware(2020, 9, 1, 12))

    assert deadline.changes.count() == 0


def test_two_extensions_keep_both_earlier_dates_in_order():
    deadline = DeadlineFactory(due=aware(2020, 9, 1, 12))

    change_deadline(deadline=deadline, due=aware(2020, 9, 8, 12))
    change_deadline(deadline=deadline, due=aware(2020, 9, 15, 12))

    assert [c.previous_due.day for c in deadline.changes.all()] == [1, 8]


def test_save_deadline_updates_other_fields_and_records_the_move():
    deadline = DeadlineFactory(due=aware(2020, 9, 1, 12), label="Papers due")
    deadline.label = "Full papers due"

    save_deadline(deadline=deadline, due=aware(2020, 9, 15, 12))

    deadline.refresh_from_db()
    assert deadline.label == "Full papers due"
    assert deadline.changes.get().previous_due == aware(2020, 9, 1, 12)
