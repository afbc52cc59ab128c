"""Decision emails sent before OutboundEmail.submissions existed tell of their proposal."""

from django.db import migrations


def link_decision_emails(apps, schema_editor):
    DecisionNotification = apps.get_model("reviews", "DecisionNotification")
    Through = apps.get_model("mails", "OutboundEmail").submissions.through
    Through.objects.bulk_create(
        [
            Through(outboundemail_id=email_id, submission_id=submission_id)
            for email_id, submission_id in DecisionNotification.objects.filter(
                email__isnull=False
            ).values_list("email_id", "submission_id")
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0009_review_reminder_days"),
        ("mails", "0002_email_submissions"),
    ]

    operations = [migrations.RunPython(link_decision_emails, migrations.RunPython.noop)]
