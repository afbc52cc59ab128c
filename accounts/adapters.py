from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit  # as allauth's own adapter: usages to roll back
from allauth.core.internal.ratelimit import RateLimitUsage
from django.contrib.sites.shortcuts import get_current_site

from mails.services import queue_email


class AccountAdapter(DefaultAccountAdapter):
    """Account emails (verification, password reset) go through the outbox and a Celery worker."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many failed sign-in attempts. Try again later, or sign in with a code "
            "emailed to you."
        ),
    }

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        html_body = next(
            (body for body, mimetype in message.alternatives if mimetype == "text/html"), ""
        )
        queue_email(to=email, subject=message.subject, body=message.body, html_body=html_body)

    # Failed sign-ins are counted per client address and per account *from that address*
    # ("login_failed"), so an attacker guessing a person's password locks it only for
    # themselves, and per account from all addresses ("login_failed_account", a higher
    # ceiling than one address may reach) against guessing spread over many addresses.
    # A successful sign-in takes back what it counted; a password reset clears the account.

    def _login_failed_keys(self, request, credentials) -> tuple[str, str]:
        login = credentials.get("email", credentials.get("username", "")).lower()
        account = f"{get_current_site(request).domain}:{login}"
        return f"{account}:{ratelimit.get_ip(request)}", account  # IPv6: its /64, as allauth

    def pre_authenticate(self, request, **credentials):
        from_here, account = self._login_failed_keys(request, credentials)
        counted = []
        for action, key in (("login_failed", from_here), ("login_failed_account", account)):
            usage = ratelimit.consume(request, app="allauth.account", action=action, key=key)
            if not usage:
                RateLimitUsage(usage=counted).rollback()
                raise self.validation_error("too_many_login_attempts")
            counted += usage.usage
        self._login_failed_rl_usage = RateLimitUsage(usage=counted)

    def _delete_login_attempts_cached_email(self, request, **credentials):
        from_here, account = self._login_failed_keys(request, credentials)
        for action, key in (("login_failed", from_here), ("login_failed_account", account)):
            ratelimit.clear(request, app="allauth.account", action=action, key=key)
