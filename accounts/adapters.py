from allauth.account.adapter import DefaultAccountAdapter

from mails.services import queue_email


class AccountAdapter(DefaultAccountAdapter):
    """Account emails (verification, password reset) go through the outbox and a Celery worker."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html_body = next(
            (content for content, mimetype in getattr(message, "alternatives", [])
             if mimetype == "text/html"),
            "",
        )  # fmt: skip
        queue_email(to=email, subject=message.subject, body=message.body, html_body=html_body)
