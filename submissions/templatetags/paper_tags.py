"""The page count of a stored paper as its session type's page limit counts it."""

from django import template

from ..page_count import stored_page_count

register = template.Library()


@register.simple_tag
def page_count(file, total, session_type=None) -> str:
    """“10 pages”, or for a paper of a type whose page limit leaves out the references, “8 pages
    before the references on page 9, 10 in all”."""
    count = stored_page_count(file, total, session_type)
    return str(count) if count else ""
