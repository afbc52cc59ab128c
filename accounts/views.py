from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.generic import UpdateView

from conf_portal.redirects import safe_next

from .forms import ProfileForm


class ProfileView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "accounts/profile.html"
    # Not "user": that name is the signed-in user, whose saved values the page shows.
    context_object_name = "profile"
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset=None):
        # A copy: an invalid form must not change the user shown in the navigation and preview.
        return get_user_model().objects.get(pk=self.request.user.pk)

    def form_valid(self, form):
        messages.success(self.request, "Your profile is saved.")
        return super().form_valid(form)


def admin_login(request):
    """The admin's sign-in: the site's own sign-in page, so its rate limits apply to staff too."""
    to = safe_next(request, reverse("admin:index"))
    if not request.user.is_authenticated:
        return redirect_to_login(to, login_url=reverse("account_login"))
    if admin.site.has_permission(request):
        return redirect(to)
    return render(request, "accounts/admin_refused.html", status=403)
