from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.views.generic import UpdateView

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
