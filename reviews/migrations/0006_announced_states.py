"""Hide the decisions set but not yet emailed from their speakers (Submission.announced_state)."""

from django.db import migrations

NOTIFIED_STATES = ("accepted", "rejected", "waitlisted")


def announce_what_was_emailed(apps, schema_editor):
    Submission = apps.get_model("submissions", "Submission")
    StateChange = apps.get_model("submissions", "StateChange")
    DecisionNotification = apps.get_model("reviews", "DecisionNotification")
    for submission in Submission.objects.filter(state__in=NOTIFIED_STATES):
        emailed = (
            DecisionNotification.objects.filter(submission=submission)
            .order_by("-created_at", "-pk")
            .values_list("decision", flat=True)
            .first()
        )
        if emailed == submission.state:
            continue
        if not emailed:
            emailed = (
                StateChange.objects.filter(submission=submission)
                .exclude(to_state__in=NOTIFIED_STATES)
                .order_by("-changed_at", "-pk")
                .values_list("to_state", flat=True)
                .first()
            ) or "submitted"
        Submission.objects.filter(pk=submission.pk).update(announced_state=emailed)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0005_review_revised_at"),
        ("submissions", "0006_submission_announced_state"),
    ]

    operations = [migrations.RunPython(announce_what_was_emailed, migrations.RunPython.noop)]
