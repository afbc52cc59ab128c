"""Where to send someone back to after a form: their own page, never another site."""

from django.utils.http import url_has_allowed_host_and_scheme


def is_local_path(target: str) -> bool:
    """True for a path on this site (``/scipy/manage/?page=2``): it starts with one ``/``, not
    ``//`` nor ``/\\`` (other hosts to a browser), holds no whitespace or control character, and
    is not a view name, which ``redirect()`` would try to reverse."""
    return (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and target.isprintable()
        and not any(char.isspace() for char in target)
        and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
    )


def safe_next(request, default: str, *, param: str = "next") -> str:
    """The ``next`` path of the request (POST first, then GET) if it is a local path (see
    ``is_local_path``), otherwise ``default``."""
    target = request.POST.get(param) or request.GET.get(param) or ""
    return target if is_local_path(target) else default
