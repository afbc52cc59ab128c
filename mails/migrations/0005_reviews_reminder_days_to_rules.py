"""The review settings' "remind reviewers automatically, days before reviews are due" becomes
the offset of the event's reviews-due reminder rule (the reminders page sets it from now on)."""

from django.db import migrations

SUBJECT = "Reminder: reviews due in {time_left} ({event})"
BODY = (
    "Dear {name},\n\n"
    "Please finish your reviews for {event}: it is due {deadline} ({time_left} from now).\n\n"
    "{items}\n\n"
    "{link}\n"
)
DAY = 24 * 60


def forwards(apps, schema_editor):
    ReviewSettings = apps.get_model("reviews", "ReviewSettings")
    ReminderRule = apps.get_model("mails", "ReminderRule")
    for event_id, days in ReviewSettings.objects.values_list("event_id", "reminder_days"):
        ReminderRule.objects.update_or_create(
            event_id=event_id,
            kind="reviews_due",
            defaults={
                "offsets": [(days or 3) * DAY],
                "enabled": days is not None,
                "subject": SUBJECT,
                "body": BODY,
            },
        )


def backwards(apps, schema_editor):
    ReviewSettings = apps.get_model("reviews", "ReviewSettings")
    ReminderRule = apps.get_model("mails", "ReminderRule")
    for rule in ReminderRule.objects.filter(kind="reviews_due"):
        days = max(1, min(30, max(rule.offsets or [3 * DAY]) // DAY))
        ReviewSettings.objects.filter(event_id=rule.event_id).update(
            reminder_days=days if rule.enabled else None
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mails", "0004_reminder_rules"),
        ("reviews", "0010_decision_emails_about"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
