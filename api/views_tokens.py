"""The profile's “API tokens” page: create a token (its secret is shown once), see when each
was last used, revoke one."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .forms import TokenForm
from .models import ApiToken
from .tokens import create_token, revoke_token


@method_decorator(never_cache, name="dispatch")
class TokensView(LoginRequiredMixin, TemplateView):
    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", TokenForm(user=self.request.user))
        tokens = self.request.user.api_tokens.prefetch_related("events")
        return super().get_context_data(tokens=tokens, **kwargs)

    def post(self, request, *args, **kwargs):
        form = TokenForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        token, secret = create_token(
            user=request.user, name=form.cleaned_data["name"], events=form.cleaned_data["events"]
        )
        # Rendered, not redirected: the secret is never stored, not even in the session.
        return self.render_to_response(
            self.get_context_data(created=token, secret=secret, form=TokenForm(user=request.user))
        )


class RevokeTokenView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        if revoke_token(token=token):
            messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
        else:
            messages.info(request, f"The token “{token.name}” was already revoked.")
        return redirect("accounts:tokens")
