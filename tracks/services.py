from datetime import datetime

from django.db import transaction

from .models import Deadline, DeadlineChange


def change_deadline(*, deadline: Deadline, due: datetime, changed_by=None) -> Deadline:
    """Move a deadline (an extension, usually), keeping the previous date in its history."""
    with transaction.atomic():
        locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if locked.due == due:
            return locked
        DeadlineChange.objects.create(
            deadline=locked, previous_due=locked.due, new_due=due, changed_by=changed_by
        )
        locked.due = due
        locked.save(update_fields=["due"])
    return locked


def delete_deadline(*, deadline: Deadline) -> None:
    """Remove a deadline announced by mistake, with its history."""
    with transaction.atomic():
        deadline.delete()


def save_deadline(*, deadline: Deadline, due: datetime, changed_by=None) -> Deadline:
    """Create a deadline, or update it; a moved date is recorded through :func:`change_deadline`."""
    with transaction.atomic():
        if deadline.pk is None:
            deadline.due = due
            deadline.save()
            return deadline
        other_fields = [
            f.attname for f in Deadline._meta.concrete_fields if f.name not in ("id", "due")
        ]
        deadline.save(update_fields=other_fields)
        return change_deadline(deadline=deadline, due=due, changed_by=changed_by)
