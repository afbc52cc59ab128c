from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_POST

from .forms import LARGEST_TEXT_CHARS
from .markdown import render_markdown

PREVIEW_MAX_CHARS = LARGEST_TEXT_CHARS  # what the longest Markdown field accepts


@require_POST
@login_required
def markdown_preview(request):
    """Render the posted Markdown field (named by ``field``) as pages will show it (htmx)."""
    source = request.POST.get(request.POST.get("field", ""), "")
    if len(source) > PREVIEW_MAX_CHARS:
        return HttpResponseBadRequest("This text is too long to preview.")
    html = render_markdown(source, cached=False)
    return HttpResponse(html or '<p class="text-body-secondary">Nothing to preview yet.</p>')
