from django.core.management.base import BaseCommand

from mails.reminders.dispatch import dispatch_reminders


class Command(BaseCommand):
    help = "Queue every deadline reminder that is due now, once (what Celery beat runs)."

    def handle(self, *args, **options):
        queued = dispatch_reminders()
        for slug, count in queued.items():
            self.stdout.write(f"{slug}: {count} reminder email{'s' if count != 1 else ''} queued")
        total = sum(queued.values())
        self.stdout.write(
            self.style.SUCCESS(f"{total} reminder email{'s' if total != 1 else ''} queued in all.")
        )
