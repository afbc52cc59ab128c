"""Committee pages: the organizers' member list and invitations, the invitation link, and each
member's reviewer profile and home."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView, TemplateView

from tracks.enums import CommitteeRole
from tracks.models import Membership
from tracks.rules import committee_roles
from tracks.timezones import zone
from tracks.views import show_times_of

from ..enums import InvitationStatus
from ..forms.committee import (
    CommitteeInviteForm,
    DeclineForm,
    MemberScopeForm,
    ReviewerProfileForm,
)
from ..models import Bid, CommitteeInvitation, Review, ReviewAssignment, ReviewerProfile
from ..services.committee import (
    accept_committee_invitation,
    decline_committee_invitation,
    remove_member,
    resend_invitation,
    withdraw_invitation,
)
from ..services.reviewing import review_deadline_subquery
from .mixins import CommitteeMemberMixin, OrganizerCommitteeMixin

ROLE_ORDER = [
    CommitteeRole.ORGANIZER,
    CommitteeRole.TRACK_CHAIR,
    CommitteeRole.PROCEEDINGS_CHAIR,
    CommitteeRole.REVIEWER,
]


class CommitteeView(OrganizerCommitteeMixin, FormView):
    """Members by role with their scope, profile and load; invite people; open invitations."""

    template_name = "reviews/committee/manage.html"
    form_class = CommitteeInviteForm
    manage_tab = "committee"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event, "by": self.request.user}

    def get_context_data(self, **kwargs):
        event = self.event
        memberships = (
            Membership.objects.filter(event=event)
            .select_related("user")
            .prefetch_related("tracks")
            .order_by("position", "user__name", "user__email")
        )
        profiles = {p.user_id: p for p in ReviewerProfile.objects.filter(event=event)}
        loads = dict(
            ReviewAssignment.objects.filter(submission__event=event)
            .values("reviewer")
            .annotate(n=Count("pk"))
            .values_list("reviewer", "n")
        )
        groups = {role: [] for role in ROLE_ORDER}
        for membership in memberships:
            membership.profile = profiles.get(membership.user_id)
            membership.load = loads.get(membership.user_id, 0)
            membership.track_ids = {track.pk for track in membership.tracks.all()}
            groups.setdefault(membership.role, []).append(membership)
        invitations = (
            CommitteeInvitation.objects.filter(
                event=event, status__in=[InvitationStatus.PENDING, InvitationStatus.DECLINED]
            )
            .select_related("invited_by")
            .prefetch_related("tracks")
        )
        return super().get_context_data(
            groups=[(CommitteeRole(role).label, role, groups[role]) for role in groups],
            member_count=len(memberships),
            tracks=list(event.tracks.all()),
            invitations=invitations,
            **kwargs,
        )

    def form_valid(self, form):
        invitations = form.save()
        if invitations is None:
            return self.form_invalid(form)
        emails = ", ".join(invitation.email for invitation in invitations)
        messages.success(self.request, f"Invitation sent to {emails}.")
        return redirect("reviews:manage-committee", event=self.event.slug)


class MemberActionMixin(OrganizerCommitteeMixin):
    http_method_names = ["post"]

    @cached_property
    def membership(self) -> Membership:
        return get_object_or_404(
            Membership.objects.select_related("user", "event"),
            pk=self.kwargs["pk"],
            event=self.event,
        )

    def back(self):
        return redirect("reviews:manage-committee", event=self.event.slug)


class MemberScopeView(MemberActionMixin, View):
    def post(self, request, *args, **kwargs):
        form = MemberScopeForm(request.POST, membership=self.membership)
        if form.is_valid() and form.save():
            scope = ", ".join(t.name for t in form.cleaned_data["tracks"]) or "the whole event"
            messages.success(request, f"{self.membership.user} now covers {scope}.")
        else:
            errors = [e for field_errors in form.errors.values() for e in field_errors]
            messages.error(request, " ".join(errors))
        return self.back()


class MemberRemoveView(MemberActionMixin, View):
    def post(self, request, *args, **kwargs):
        membership = self.membership
        try:
            remove_member(membership=membership, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"{membership.user} is no longer {membership.get_role_display().lower()}.",
            )
        return self.back()


class InvitationActionView(OrganizerCommitteeMixin, View):
    http_method_names = ["post"]
    action = ""

    def post(self, request, *args, **kwargs):
        invitation = get_object_or_404(CommitteeInvitation, pk=self.kwargs["pk"], event=self.event)
        if self.action == "resend":
            done = resend_invitation(invitation=invitation)
            text = f"Invitation sent again to {invitation.email}."
        else:
            done = withdraw_invitation(invitation=invitation)
            text = f"The invitation to {invitation.email} is withdrawn; its link no longer works."
        if done:
            messages.success(request, text)
        else:
            messages.info(
                request,
                f"The invitation to {invitation.email} is already "
                f"{invitation.get_status_display().lower()}.",
            )
        return redirect("reviews:manage-committee", event=self.event.slug)


class InvitationView(TemplateView):
    """The link in an invitation email: accept (with an account) or decline (without)."""

    template_name = "reviews/committee/invitation.html"

    @cached_property
    def invitation(self) -> CommitteeInvitation:
        return get_object_or_404(
            CommitteeInvitation.objects.select_related("event", "invited_by", "user"),
            token=self.kwargs["token"],
        )

    def get_context_data(self, **kwargs):
        invitation = self.invitation
        user = self.request.user
        show_times_of(invitation.event)
        kwargs.setdefault("decline_form", DeclineForm())
        return super().get_context_data(
            invitation=invitation,
            event=invitation.event,
            tracks=list(invitation.tracks.all()),
            is_pending=invitation.status == InvitationStatus.PENDING,
            other_address=user.is_authenticated and user.email.lower() != invitation.email.lower(),
            accepted_by_you=invitation.status == InvitationStatus.ACCEPTED
            and invitation.user_id == user.pk,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "decline":
            return self.decline(request)
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            accept_committee_invitation(invitation=self.invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        event = self.invitation.event
        messages.success(
            request,
            f"Welcome to the {event.name} committee. Tell the chairs what you know best: "
            "it decides which proposals you are asked to review.",
        )
        return redirect("reviews:profile", event=event.slug)

    def decline(self, request):
        form = DeclineForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(decline_form=form))
        try:
            decline_committee_invitation(
                invitation=self.invitation, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "You declined the invitation. Thank you for letting us know.")
        return redirect(request.path)


class CommitteeMemberPage(CommitteeMemberMixin):
    """A committee member's own page, with their reviewer profile for the event."""

    @cached_property
    def profile(self) -> ReviewerProfile | None:
        return ReviewerProfile.objects.filter(event=self.event, user=self.request.user).first()


class ReviewerProfileView(CommitteeMemberPage, FormView):
    template_name = "reviews/committee/profile.html"
    form_class = ReviewerProfileForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "event": self.event,
            "user": self.request.user,
            "profile": self.profile,
        }

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "Your reviewer profile is saved.")
        return redirect("reviews:home", event=self.event.slug)


class ReviewerHomeView(CommitteeMemberPage, TemplateView):
    """A member's start page: roles and scope, profile, bids and assigned proposals."""

    template_name = "reviews/committee/home.html"

    def get_context_data(self, **kwargs):
        event, user = self.event, self.request.user
        track_names = dict(event.tracks.values_list("pk", "name"))
        roles_by_kind = committee_roles(user, event)
        roles = [
            (CommitteeRole(role).label, sorted(track_names.get(pk, "") for pk in track_ids))
            for role, track_ids in sorted(
                roles_by_kind.items(), key=lambda item: ROLE_ORDER.index(item[0])
            )
        ]
        return super().get_context_data(
            roles=roles,
            is_reviewer=CommitteeRole.REVIEWER in roles_by_kind,
            profile=self.profile,
            profile_missing=_missing_profile_parts(self.profile, user),
            bid_count=Bid.objects.filter(user=user, submission__event=event).count(),
            assignments=_assigned_with_review_status(user, event),
            **kwargs,
        )


def _assigned_with_review_status(user, event):
    """The user's assignments, each with its review deadline (``review_due``, in the deadline's
    zone) and ``status``: not_started, draft, submitted, or late (not submitted after the
    deadline); one query."""
    own_review = Review.objects.filter(submission=OuterRef("submission"), reviewer=user)
    assignments = (
        ReviewAssignment.objects.filter(reviewer=user, submission__event=event)
        .select_related("submission__track", "submission__session_type")
        .annotate(
            review_started=Exists(own_review),
            review_submitted_at=Subquery(own_review.values("submitted_at")[:1]),
            review_is_late=Subquery(own_review.values("is_late")[:1]),
            review_due=review_deadline_subquery(),
            review_due_zone=review_deadline_subquery(field="time_zone"),
        )
        .order_by("submission__track__position", "submission__title")
    )
    now = timezone.now()
    for assignment in assignments:
        if assignment.review_due is not None:
            assignment.review_due = assignment.review_due.astimezone(
                zone(assignment.review_due_zone or event.time_zone)
            )
        if assignment.review_submitted_at is not None:
            assignment.status = "submitted"
        elif assignment.review_due is not None and now >= assignment.review_due:
            assignment.status = "late"
        else:
            assignment.status = "draft" if assignment.review_started else "not_started"
    return assignments


def _missing_profile_parts(profile, user) -> list[str]:
    missing = [] if user.affiliation else ["your affiliation"]
    if profile is None or not profile.keyword_list:
        missing.append("keywords")
    if profile is None or not profile.expertise:
        missing.append("a few words about your expertise")
    return missing


urlpatterns = [
    path("<slug:event>/manage/committee/", CommitteeView.as_view(), name="manage-committee"),
    path(
        "<slug:event>/manage/committee/members/<int:pk>/scope/",
        MemberScopeView.as_view(),
        name="manage-committee-scope",
    ),
    path(
        "<slug:event>/manage/committee/members/<int:pk>/remove/",
        MemberRemoveView.as_view(),
        name="manage-committee-remove",
    ),
    path(
        "<slug:event>/manage/committee/invitations/<int:pk>/resend/",
        InvitationActionView.as_view(action="resend"),
        name="manage-committee-resend",
    ),
    path(
        "<slug:event>/manage/committee/invitations/<int:pk>/withdraw/",
        InvitationActionView.as_view(action="withdraw"),
        name="manage-committee-withdraw",
    ),
    path("committee-invitations/<str:token>/", InvitationView.as_view(), name="invitation"),
    path("<slug:event>/review/", ReviewerHomeView.as_view(), name="home"),
    path("<slug:event>/review/profile/", ReviewerProfileView.as_view(), name="profile"),
]
