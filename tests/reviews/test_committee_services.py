"""Committee services: invitations by email, accepting and declining, members and profiles."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from reviews.enums import InvitationStatus
from reviews.models import CommitteeInvitation, ReviewerProfile
from reviews.services.committee import (
    accept_committee_invitation,
    decline_committee_invitation,
    invite_committee_members,
    normalize_keywords,
    remove_member,
    resend_invitation,
    save_reviewer_profile,
    update_member_scope,
    withdraw_invitation,
)
from tests.factories.reviews import ReviewAssignmentFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole
from tracks.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(name="SciPy 2027")


@pytest.fixture
def organizer(event):
    return MembershipFactory(
        event=event, role=CommitteeRole.ORGANIZER, user=UserFactory(name="Ola Organizer")
    ).user


def _invite(event, organizer, emails, *, role=CommitteeRole.REVIEWER, tracks=(), message=""):
    return invite_committee_members(
        event=event, emails=emails, role=role, tracks=tracks, message=message, by=organizer
    )


def test_invite_sends_one_email_each_with_the_link_and_message(
    event, organizer, django_capture_on_commit_callbacks
):
    track = TrackFactory(event=event, name="Machine Learning")

    with django_capture_on_commit_callbacks(execute=True):
        invitations = _invite(
            event, organizer, ["Ada@Example.edu", "grace@example.org"], tracks=[track],
            message="We would love your eyes on the ML talks.",
        )  # fmt: skip

    assert [i.email for i in invitations] == ["ada@example.edu", "grace@example.org"]
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.edu", "grace@example.org"]
    body = next(m.body for m in mail.outbox if m.to == ["ada@example.edu"])
    assert invitations[0].get_absolute_url() in body
    assert "Ola Organizer invites you" in body
    assert "for Machine Learning" in body
    assert "We would love your eyes on the ML talks." in body
    assert mail.outbox[0].subject == "Join the SciPy 2027 committee as reviewer"


def test_reinviting_a_pending_address_resends_the_same_invitation(
    event, organizer, django_capture_on_commit_callbacks
):
    track = TrackFactory(event=event)
    (first,) = _invite(event, organizer, ["ada@example.edu"])

    with django_capture_on_commit_callbacks(execute=True):
        (again,) = _invite(event, organizer, ["ADA@example.edu"], tracks=[track], message="Hi")

    assert again.pk == first.pk
    assert CommitteeInvitation.objects.count() == 1
    assert len(mail.outbox) == 1
    assert list(again.tracks.all()) == [track]
    assert again.message == "Hi"


def test_inviting_an_existing_member_in_that_role_names_them(event, organizer):
    MembershipFactory(event=event, user=UserFactory(email="ada@example.edu"))

    with pytest.raises(ValidationError) as error:
        _invite(event, organizer, ["new@example.org", "ada@example.edu"])

    assert error.value.message_dict == {
        "emails": ["Already a reviewer of this event: ada@example.edu."]
    }
    assert CommitteeInvitation.objects.count() == 0


def test_an_existing_reviewer_can_be_invited_as_track_chair(event, organizer):
    MembershipFactory(event=event, user=UserFactory(email="ada@example.edu"))

    (invitation,) = _invite(event, organizer, ["ada@example.edu"], role=CommitteeRole.TRACK_CHAIR)

    assert invitation.role == CommitteeRole.TRACK_CHAIR


def test_accepting_creates_the_membership_with_the_invited_tracks(
    event, organizer, django_capture_on_commit_callbacks
):
    track = TrackFactory(event=event)
    (invitation,) = _invite(event, organizer, ["ada@example.edu"], tracks=[track])
    ada = UserFactory(email="ada@example.edu", name="Ada Lovelace")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        membership = accept_committee_invitation(invitation=invitation, user=ada)

    invitation.refresh_from_db()
    assert (membership.role, list(membership.tracks.all())) == (CommitteeRole.REVIEWER, [track])
    assert (invitation.status, invitation.user) == (InvitationStatus.ACCEPTED, ada)
    (notice,) = mail.outbox
    assert notice.to == [organizer.email]
    assert "Ada Lovelace (ada@example.edu) accepted" in notice.body


def test_accepting_twice_with_the_same_account_changes_nothing(event, organizer):
    (invitation,) = _invite(event, organizer, ["ada@example.edu"])
    ada = UserFactory()
    first = accept_committee_invitation(invitation=invitation, user=ada)

    again = accept_committee_invitation(invitation=invitation, user=ada)

    assert again == first
    assert Membership.objects.filter(user=ada).count() == 1


def test_accepting_with_another_account_after_acceptance_is_refused(event, organizer):
    (invitation,) = _invite(event, organizer, ["ada@example.edu"])
    accept_committee_invitation(invitation=invitation, user=UserFactory())

    with pytest.raises(ValidationError, match="already accepted"):
        accept_committee_invitation(invitation=invitation, user=UserFactory())


def test_accepting_widens_an_existing_track_scope(event, organizer):
    ml, hpc, viz = (TrackFactory(event=event) for _ in range(3))
    ada = UserFactory()
    MembershipFactory(event=event, user=ada, tracks=[ml])
    (invitation,) = _invite(event, organizer, ["ada@example.edu"], tracks=[hpc, viz])

    membership = accept_committee_invitation(invitation=invitation, user=ada)

    assert set(membership.tracks.all()) == {ml, hpc, viz}


def test_accepting_a_whole_event_invitation_widens_to_the_whole_event(event, organizer):
    ada = UserFactory()
    MembershipFactory(event=event, user=ada, tracks=[TrackFactory(event=event)])
    (invitation,) = _invite(event, organizer, ["ada@example.edu"])

    membership = accept_committee_invitation(invitation=invitation, user=ada)

    assert list(membership.tracks.all()) == []


def test_accepting_tracks_keeps_a_whole_event_member_whole_event(event, organizer):
    ada = UserFactory()
    MembershipFactory(event=event, user=ada)
    (invitation,) = _invite(
        event, organizer, ["ada@example.edu"], tracks=[TrackFactory(event=event)]
    )

    membership = accept_committee_invitation(invitation=invitation, user=ada)

    assert list(membership.tracks.all()) == []


def test_a_withdrawn_invitation_cannot_be_accepted(event, organizer):
    (invitation,) = _invite(event, organizer, ["ada@example.edu"])
    withdraw_invitation(invitation=invitation)

    with pytest.raises(ValidationError, match="withdrew"):
        accept_committee_invitation(invitation=invitation, user=UserFactory())

    assert Membership.objects.filter(role=CommitteeRole.REVIEWER).count() == 0


def test_declining_without_an_account_tells_the_inviter_the_reason(
    event, organizer, django_capture_on_commit_callbacks
):
    (invitation,) = _invite(event, organizer, ["ada@example.edu"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decline_committee_invitation(invitation=invitation, reason="On sabbatical until June.")
        decline_committee_invitation(invitation=invitation, reason="twice")

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    (notice,) = mail.outbox
    assert "\nada@example.edu declined your invitation" in notice.body
    assert "On sabbatical until June." in notice.body


def test_declining_an_accepted_invitation_is_refused(event, organizer):
    (invitation,) = _invite(event, organizer, ["ada@example.edu"])
    accept_committee_invitation(invitation=invitation, user=UserFactory())

    with pytest.raises(ValidationError, match="already accepted"):
        decline_committee_invitation(invitation=invitation)


def test_resend_and_withdraw_only_touch_pending_invitations(
    event, organizer, django_capture_on_commit_callbacks
):
    (invitation,) = _invite(event, organizer, ["ada@example.edu"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        resent = resend_invitation(invitation=invitation)
        withdrawn = withdraw_invitation(invitation=invitation)
        resent_after = resend_invitation(invitation=invitation)
        withdrawn_again = withdraw_invitation(invitation=invitation)

    assert (resent, withdrawn, resent_after, withdrawn_again) == (True, True, False, False)
    assert len(mail.outbox) == 1
    assert invitation.status == InvitationStatus.WITHDRAWN


def test_reinviting_after_a_decline_makes_a_new_invitation(event, organizer):
    (declined,) = _invite(event, organizer, ["ada@example.edu"])
    decline_committee_invitation(invitation=declined)

    (fresh,) = _invite(event, organizer, ["ada@example.edu"])

    assert fresh.pk != declined.pk
    assert fresh.status == InvitationStatus.PENDING


def test_the_last_organizer_cannot_be_removed(event, organizer):
    only = Membership.objects.get(event=event, role=CommitteeRole.ORGANIZER)

    with pytest.raises(ValidationError, match="at least one organizer"):
        remove_member(membership=only, by=UserFactory())

    assert Membership.objects.filter(pk=only.pk).exists()


def test_an_organizer_cannot_remove_themselves(event, organizer):
    MembershipFactory(event=event, role=CommitteeRole.ORGANIZER)
    own = Membership.objects.get(event=event, user=organizer)

    with pytest.raises(ValidationError, match="yourself"):
        remove_member(membership=own, by=organizer)


def test_one_of_two_organizers_can_be_removed(event, organizer):
    other = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER)

    remove_member(membership=other, by=organizer)

    assert list(Membership.objects.filter(event=event).values_list("user", flat=True)) == [
        organizer.pk
    ]


def test_a_reviewer_with_assignments_is_not_removed(event, organizer):
    reviewer = MembershipFactory(event=event)
    ReviewAssignmentFactory(submission=SubmissionFactory(event=event), reviewer=reviewer.user)

    with pytest.raises(ValidationError, match="1 assigned proposal: unassign them first"):
        remove_member(membership=reviewer, by=organizer)


def test_scope_update_sets_tracks_and_refuses_organizers_and_other_events(event, organizer):
    track = TrackFactory(event=event)
    reviewer = MembershipFactory(event=event)

    update_member_scope(membership=reviewer, tracks=[track])

    assert list(reviewer.tracks.all()) == [track]
    with pytest.raises(ValidationError, match="whole event"):
        update_member_scope(membership=Membership.objects.get(user=organizer), tracks=[track])
    with pytest.raises(ValidationError, match="tracks of this event"):
        update_member_scope(membership=reviewer, tracks=[TrackFactory()])


def test_saving_a_profile_normalizes_keywords_and_updates_the_affiliation(event):
    user = UserFactory(affiliation="Old Place")

    profile = save_reviewer_profile(
        event=event, user=user, keywords="GPU; MPI,, gpu\nsparse  solvers",
        expertise="  Krylov methods.  ", affiliation=" Argonne National Laboratory ",
        other_affiliations="\nUniversity of Tennessee\n\n", max_load=8,
    )  # fmt: skip

    user.refresh_from_db()
    assert profile.keywords == "GPU, MPI, sparse solvers"
    assert profile.expertise == "Krylov methods."
    assert profile.other_affiliations == "University of Tennessee"
    assert profile.max_load == 8
    assert user.affiliation == "Argonne National Laboratory"
    assert ReviewerProfile.objects.count() == 1


def test_normalize_keywords_keeps_the_first_spelling():
    assert normalize_keywords("Dask, dask ,  XArray;xarray") == "Dask, XArray"
