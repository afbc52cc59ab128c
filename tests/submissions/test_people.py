"""Co-authors, author order shared with speakers, and speakers' bios per event."""

import pytest
from django.urls import reverse

from submissions.models import CoAuthor, Speaker, SpeakerProfile
from submissions.selectors import author_list, speaker_bios
from submissions.services import add_coauthor, move_author, remove_coauthor
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


def _names(submission) -> list[str]:
    return [author.name for author in author_list(submission)]


@pytest.fixture
def paper():
    return SubmissionFactory(
        title="Scaling ResNet-50", created_by=UserFactory(name="Zhao Zhang"),
        speakers=[UserFactory(name="Weijia Xu")],
    )  # fmt: skip


def test_coauthors_join_the_end_of_the_author_list(paper):
    add_coauthor(submission=paper, data={"name": "Ian Foster", "affiliation": "UChicago & ANL"},
                 by=paper.created_by)  # fmt: skip

    assert _names(paper) == ["Zhao Zhang", "Weijia Xu", "Ian Foster"]
    assert paper.revisions.get().content["authors"] == ["Zhao Zhang", "Weijia Xu", "Ian Foster"]


def test_speakers_and_coauthors_move_in_one_order(paper):
    foster = add_coauthor(submission=paper, data={"name": "Ian Foster"}, by=None)
    zhang = paper.speakers.get(position=0)

    move_author(submission=paper, author=foster, offset=-1, by=None)
    move_author(submission=paper, author=foster, offset=-1, by=None)
    move_author(submission=paper, author=zhang, offset=1, by=None)

    assert _names(paper) == ["Ian Foster", "Weijia Xu", "Zhao Zhang"]
    assert paper.version == 1 + 4  # one co-author added, three moves


def test_moving_past_either_end_changes_nothing(paper):
    first = paper.speakers.get(position=0)

    move_author(submission=paper, author=first, offset=-1, by=None)

    assert (_names(paper), paper.revisions.count()) == (["Zhao Zhang", "Weijia Xu"], 0)


def test_removing_a_coauthor_closes_the_gap(paper):
    foster = add_coauthor(submission=paper, data={"name": "Ian Foster"}, by=None)
    add_coauthor(submission=paper, data={"name": "Valeriu Codreanu"}, by=None)

    remove_coauthor(coauthor=foster, by=None)

    assert list(CoAuthor.objects.values_list("name", "position")) == [("Valeriu Codreanu", 2)]


def test_a_speaker_adds_a_coauthor_with_an_orcid_link(client, paper):
    DeadlineFactory(event=paper.event)
    client.force_login(paper.created_by)

    response = client.post(
        reverse("submissions:coauthor-add", args=[paper.event.slug, paper.pk]),
        {"coauthor-name": "Ian Foster", "coauthor-affiliation": "UChicago & ANL",
         "coauthor-orcid": "https://orcid.org/0000-0002-1825-0097"},
    )  # fmt: skip

    assert response.status_code == 302
    assert CoAuthor.objects.get().orcid == "0000-0002-1825-0097"


def test_a_mistyped_orcid_is_shown_next_to_the_field_and_nothing_is_added(client, paper):
    client.force_login(paper.created_by)

    response = client.post(
        reverse("submissions:coauthor-add", args=[paper.event.slug, paper.pk]),
        {"coauthor-name": "Ian Foster", "coauthor-orcid": "0000-0002-1825-0098"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_coauthor-orcid-errors"' in html
    assert "check digit" in html
    assert 'value="Ian Foster"' in html
    assert not CoAuthor.objects.exists()


def test_the_edit_page_moves_an_author_down(client, paper):
    client.force_login(paper.created_by)
    first = paper.speakers.get(position=0)

    client.post(
        reverse("submissions:author-move", args=[paper.event.slug, paper.pk]),
        {"kind": "speaker", "author": first.pk, "direction": "down"},
    )

    assert _names(paper) == ["Weijia Xu", "Zhao Zhang"]


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "user", "author": "1", "direction": "up"},
        {"kind": "speaker", "author": "x", "direction": "up"},
        {"kind": "speaker", "author": "1", "direction": "left"},
    ],
)
def test_unknown_moves_are_not_found(client, paper, payload):
    client.force_login(paper.created_by)

    response = client.post(
        reverse("submissions:author-move", args=[paper.event.slug, paper.pk]), payload
    )

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["another author", "organizer elsewhere", "reviewer"])
def test_others_cannot_touch_the_author_list(client, paper, who):
    coauthor = add_coauthor(submission=paper, data={"name": "Ian Foster"}, by=None)
    other = SubmissionFactory()
    user = {
        "another author": other.created_by,
        "organizer elsewhere": MembershipFactory(
            event=other.event, role=CommitteeRole.ORGANIZER
        ).user,
        "reviewer": MembershipFactory(event=paper.event, role=CommitteeRole.REVIEWER).user,
    }[who]
    client.force_login(user)
    args = [paper.event.slug, paper.pk]

    responses = [
        client.post(reverse("submissions:coauthor-add", args=args), {"coauthor-name": "X"}),
        client.post(reverse("submissions:coauthor-remove", args=[*args, coauthor.pk])),
        client.post(
            reverse("submissions:author-move", args=args),
            {"kind": "coauthor", "author": coauthor.pk, "direction": "up"},
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert _names(paper) == ["Zhao Zhang", "Weijia Xu", "Ian Foster"]


def test_a_coauthor_of_another_proposal_cannot_be_removed_through_this_one(client, paper):
    stranger = add_coauthor(submission=SubmissionFactory(), data={"name": "Kathy Yelick"}, by=None)
    client.force_login(paper.created_by)

    response = client.post(
        reverse("submissions:coauthor-remove", args=[paper.event.slug, paper.pk, stranger.pk])
    )

    assert response.status_code == 404
    assert CoAuthor.objects.filter(pk=stranger.pk).exists()


def test_a_speaker_writes_one_bio_per_event(client, paper):
    speaker = paper.created_by
    client.force_login(speaker)

    response = client.post(
        reverse("submissions:bio", args=[paper.event.slug]) + "?next=https://evil.example/",
        {"bio": "Works on **HPC** at TACC."},
    )

    assert response.url == reverse("submissions:dashboard")
    assert speaker_bios(paper.event, [speaker]) == {speaker.pk: "Works on **HPC** at TACC."}


def test_an_empty_event_bio_falls_back_to_the_profile_bio(paper):
    speaker = paper.created_by
    speaker.bio = "Profile bio."
    speaker.save()
    SpeakerProfile.objects.create(event=paper.event, user=speaker, bio="")

    assert speaker_bios(paper.event, [speaker]) == {speaker.pk: "Profile bio."}


def test_only_speakers_of_the_event_have_a_bio_page(client, paper):
    client.force_login(UserFactory())

    assert client.get(reverse("submissions:bio", args=[paper.event.slug])).status_code == 404


def test_the_proposal_page_lists_authors_in_order_with_bios(client, paper):
    add_coauthor(submission=paper, data={"name": "Ian Foster", "orcid": "0000-0002-1825-0097"},
                 by=None)  # fmt: skip
    SpeakerProfile.objects.create(event=paper.event, user=paper.created_by, bio="I scale *things*.")
    client.force_login(paper.created_by)

    html = client.get(paper.get_absolute_url()).content.decode()

    assert html.index("Zhao Zhang") < html.index("Weijia Xu") < html.index("Ian Foster")
    assert "https://orcid.org/0000-0002-1825-0097" in html
    assert "I scale <em>things</em>." in html


def test_accepting_an_invitation_adds_the_speaker_after_the_coauthors(paper):
    from submissions.services import accept_invitation, invite_speaker

    add_coauthor(submission=paper, data={"name": "Ian Foster"}, by=None)
    invitation = invite_speaker(submission=paper, email="erich@example.org", by=paper.created_by)

    accept_invitation(invitation=invitation, user=UserFactory(name="Erich Elsen"))

    assert _names(paper) == ["Zhao Zhang", "Weijia Xu", "Ian Foster", "Erich Elsen"]
    assert Speaker.objects.filter(submission=paper).count() == 3


def test_a_speaker_removes_a_co_speaker_and_the_order_closes_up(client, paper):
    add_coauthor(submission=paper, data={"name": "Ian Foster"}, by=None)
    xu = paper.speakers.get(user__name="Weijia Xu")
    client.force_login(paper.created_by)

    response = client.post(
        reverse("submissions:speaker-remove", args=[paper.event.slug, paper.pk, xu.pk])
    )

    assert response.status_code == 302
    assert [(a.name, a.position) for a in author_list(paper)] == [
        ("Zhao Zhang", 0), ("Ian Foster", 1)
    ]  # fmt: skip


def test_a_speaker_leaves_and_loses_access(client, paper):
    xu = paper.speakers.get(user__name="Weijia Xu")
    client.force_login(xu.user)

    response = client.post(
        reverse("submissions:speaker-remove", args=[paper.event.slug, paper.pk, xu.pk])
    )

    assert response.url == reverse("submissions:dashboard")
    assert client.get(paper.get_absolute_url()).status_code == 404


def test_the_last_speaker_cannot_be_removed(client):
    alone = SubmissionFactory()
    client.force_login(alone.created_by)
    speaker = alone.speakers.get()

    client.post(
        reverse("submissions:speaker-remove", args=[alone.event.slug, alone.pk, speaker.pk])
    )

    assert alone.speakers.count() == 1


def test_a_pending_invitation_is_withdrawn_and_its_link_stops_working(client, paper):
    from submissions.services import invite_speaker

    invitation = invite_speaker(submission=paper, email="erich@example.org", by=paper.created_by)
    client.force_login(paper.created_by)

    client.post(
        reverse("submissions:invitation-cancel", args=[paper.event.slug, paper.pk, invitation.pk])
    )

    assert client.get(invitation.get_absolute_url()).status_code == 404
