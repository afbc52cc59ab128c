from django.utils.functional import SimpleLazyObject

from .selectors import memberships_of


def navigation(request):
    """The committee roles of the signed-in user, for the navigation bar (queried only if shown)."""
    return {"my_memberships": SimpleLazyObject(lambda: list(memberships_of(request.user)))}
