"""Where to send someone back to after a form: their own page, never another site."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str, *, param: str = "next") -> str:
    """The ``next`` URL of the request (POST first, then GET) if it stays on this site,
    otherwise ``default``."""
    target = request.POST.get(param) or request.GET.get(param) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
