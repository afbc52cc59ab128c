from django import template
from django.utils.safestring import mark_safe

from conf_portal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source):
    """Render user Markdown as sanitized HTML: ``{{ event.description|markdown }}``."""
    return mark_safe(render_markdown(source))
