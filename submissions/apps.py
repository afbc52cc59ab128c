from django.apps import AppConfig


def _join_invited_proposals(sender, request, email_address, **kwargs):
    from .services import accept_invitations_for_email

    accept_invitations_for_email(user=email_address.user, email=email_address.email)


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = "Submissions"

    def ready(self):
        from allauth.account.signals import email_confirmed

        email_confirmed.connect(_join_invited_proposals, dispatch_uid="submissions.join_invited")
