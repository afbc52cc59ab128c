import pytest

from reviews.conflicts import conflict_map, institutional_domain, is_conflicted
from reviews.conflicts.affiliations import AffiliationIndex
from reviews.enums import BidPreference, ConflictReason, ConflictSource
from submissions.enums import SubmissionState
from submissions.models import CoAuthor
from tests.factories.reviews import BidFactory, ConflictFactory, ReviewerProfileFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

R = ConflictReason
pytestmark = pytest.mark.django_db


def same_institution(a: str, b: str) -> bool:
    return AffiliationIndex({1: [a]}).matches(b) == {1}


@pytest.mark.parametrize(
    ("member", "author"),
    [
        ("Dept. of Physics, ETH Zürich", "ETH Zurich"),
        ("University of Oxford", "Univ. of Oxford"),
        ("U. of Chicago", "University of Chicago"),
        ("Lawrence Berkeley National Laboratory", "LBNL"),
        ("LBNL", "Lawrence Berkeley Natl. Lab"),
        ("Lawrence Berkeley National Laboratory (LBNL)", "Computing Division, LBNL"),
        ("Texas A&M University", "Texas A and M University"),
        ("Massachusetts Institute of Technology", "Massachusetts Inst. of Tech."),
        ("Massachusetts Institute of Technology", "MIT"),
        ("Université de Montréal", "Universite de Montreal"),
        ("University of California, Berkeley", "Univ. of California, Berkley"),
        ("Courant Institute, New York University", "New York University"),
        ("Physics Department, Stanford University", "Stanford University, USA"),
        ("Max-Planck-Institut für Mathematik", "Max Planck Institute for Mathematik"),
        ("Centre for Mathematical Sciences", "Center for Mathematical Science"),
        ("UChicago & ANL", "Argonne National Laboratory"),
        ("UChicago & ANL", "University of Chicago"),
        ("Lawrence Berkeley National Lab", "UC Berkeley & LBNL"),
        ("UC Berkeley & LBNL", "University of California, Berkeley"),
    ],
)
def test_affiliations_spelled_differently_match(member, author):
    assert same_institution(member, author)


@pytest.mark.parametrize(
    ("member", "author"),
    [
        ("University of California, Berkeley", "University of California, San Diego"),
        ("Institute 7", "Institute 17"),
        ("Institute 1", "Institute 2"),
        ("University of Bonn", "University of Bern"),
        ("University of Oxford", "Oxford Brookes University"),
        ("Stanford University", "University"),
        ("Lawrence Berkeley National Laboratory", "Lawrence Livermore National Laboratory"),
        ("Technical University of Munich", "Technical University of Berlin"),
        ("Dept. of Physics, ETH Zürich", "Dept. of Physics, EPFL"),
        ("Texas A&M University", "Texas Tech University"),
        ("UChicago & ANL", "Oak Ridge National Laboratory"),
    ],
)
def test_different_institutions_do_not_match(member, author):
    assert not same_institution(member, author)


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("ann@cs.berkeley.edu", "berkeley.edu"),
        ("ann@berkeley.edu", "berkeley.edu"),
        ("ann@physics.ox.ac.uk", "ox.ac.uk"),
        ("ann@student.unimelb.edu.au", "unimelb.edu.au"),
        ("ann@is.s.u-tokyo.ac.jp", "u-tokyo.ac.jp"),
        ("ann@LBL.GOV", "lbl.gov"),
        ("ann@gmail.com", ""),
        ("ann@googlemail.com", ""),
        ("ann@hotmail.co.uk", ""),
        ("ann@yahoo.co.jp", ""),
        ("ann@proton.me", ""),
        ("ann@qq.com", ""),
        ("ann@163.com", ""),
        ("ann@example.org", ""),
        ("ann@lab.example.com", ""),
        ("ann@example.net", ""),
        ("ann@host.test", ""),
        ("not-an-email", ""),
    ],
)
def test_institutional_domain(email, domain):
    assert institutional_domain(email) == domain


@pytest.fixture
def event():
    return EventFactory()


def member(event, role=CommitteeRole.REVIEWER, **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(event=event, user=user, role=role)
    return user


def proposal(event, author=None, **fields):
    return SubmissionFactory(
        event=event, state=SubmissionState.SUBMITTED, created_by=author or UserFactory(), **fields
    )


def test_factory_users_have_no_conflicts(event):
    for _ in range(3):
        member(event)
    for _ in range(20):
        proposal(event)

    result = conflict_map(event)

    assert result == {}


def test_speaker_member_is_author(event):
    reviewer = member(event)
    paper = proposal(event, author=reviewer)

    result = conflict_map(event)

    assert result == {(paper.pk, reviewer.pk): [R.IS_AUTHOR]}


def test_coauthor_with_member_email_is_author(event):
    reviewer = member(event, email="ann@example.org")
    paper = proposal(event)
    CoAuthor.objects.create(submission=paper, name="A. N. Other", email="Ann@example.org")

    result = conflict_map(event)

    assert result == {(paper.pk, reviewer.pk): [R.IS_AUTHOR]}


def test_same_institutional_domain(event):
    reviewer = member(event, email="rev@cs.berkeley.edu")
    paper = proposal(event, author=UserFactory(email="author@berkeley.edu"))
    other = proposal(event, author=UserFactory(email="author@ucsd.edu"))

    result = conflict_map(event)

    assert result == {(paper.pk, reviewer.pk): [R.SAME_DOMAIN]}
    assert (other.pk, reviewer.pk) not in result


def test_coauthor_email_domain_counts(event):
    reviewer = member(event, email="rev@physics.ox.ac.uk")
    paper = proposal(event)
    CoAuthor.objects.create(submission=paper, name="Bob", email="bob@ox.ac.uk")

    result = conflict_map(event)

    assert result == {(paper.pk, reviewer.pk): [R.SAME_DOMAIN]}


def test_public_mail_providers_never_conflict(event):
    member(event, email="rev@gmail.com")
    proposal(event, author=UserFactory(email="author@gmail.com"))

    result = conflict_map(event)

    assert result == {}


def test_same_affiliation_from_profile_lines(event):
    reviewer = member(event, affiliation="Quansight")
    ReviewerProfileFactory(
        event=event, user=reviewer, other_affiliations="\nDept. of Physics, ETH Zürich\n"
    )
    paper = proposal(event, author=UserFactory(affiliation="ETH Zurich"))
    colleague = proposal(event, author=UserFactory(affiliation="Quansight Inc."))

    result = conflict_map(event)

    assert result == {
        (paper.pk, reviewer.pk): [R.SAME_AFFILIATION],
        (colleague.pk, reviewer.pk): [R.SAME_AFFILIATION],
    }


def test_other_events_profile_is_ignored(event):
    reviewer = member(event, affiliation="Quansight")
    ReviewerProfileFactory(user=reviewer, other_affiliations="ETH Zurich")
    proposal(event, author=UserFactory(affiliation="ETH Zurich"))

    result = conflict_map(event)

    assert result == {}


def test_coauthor_affiliation_counts(event):
    reviewer = member(event, affiliation="University of California, Berkeley")
    paper = proposal(event)
    CoAuthor.objects.create(submission=paper, name="Bob", affiliation="UC Berkeley")
    elsewhere = proposal(event)
    CoAuthor.objects.create(submission=elsewhere, name="Eve", affiliation="UC San Diego")

    result = conflict_map(event)

    assert result == {(paper.pk, reviewer.pk): [R.SAME_AFFILIATION]}


def test_coauthorship_on_another_proposal(event):
    reviewer = member(event)
    friend = UserFactory()
    proposal(event, author=reviewer, speakers=[friend])
    paper = proposal(event, author=friend)
    unrelated = proposal(event)

    result = conflict_map(event, submission_ids=[paper.pk, unrelated.pk])

    assert result == {(paper.pk, reviewer.pk): [R.COAUTHOR]}


def test_coauthorship_through_coauthor_without_email(event):
    reviewer = member(event)
    joint = proposal(event, author=reviewer)
    CoAuthor.objects.create(submission=joint, name="Renée O'Neil")
    paper = proposal(event)
    CoAuthor.objects.create(submission=paper, name="renee oneil")

    result = conflict_map(event)

    assert result[paper.pk, reviewer.pk] == [R.COAUTHOR]


def test_member_listed_as_coauthor_by_email_on_other_proposal(event):
    reviewer = member(event, email="rev@example.org")
    friend = UserFactory()
    joint = proposal(event, author=friend)
    CoAuthor.objects.create(submission=joint, name="Rev", email="rev@example.org")
    paper = proposal(event, author=friend)

    result = conflict_map(event)

    assert result[paper.pk, reviewer.pk] == [R.COAUTHOR]
    assert result[joint.pk, reviewer.pk] == [R.IS_AUTHOR]


def test_declared_conflicts(event):
    reviewer = member(event)
    chair = member(event, role=CommitteeRole.TRACK_CHAIR)
    first, second, third = proposal(event), proposal(event), proposal(event)
    BidFactory(submission=first, user=reviewer, preference=BidPreference.CONFLICT)
    BidFactory(submission=third, user=reviewer, preference=BidPreference.EAGER)
    ConflictFactory(submission=second, user=reviewer, source=ConflictSource.AUTHOR)
    ConflictFactory(submission=third, user=chair, source=ConflictSource.CHAIR)

    result = conflict_map(event)

    assert result == {
        (first.pk, reviewer.pk): [R.REVIEWER_DECLARED],
        (second.pk, reviewer.pk): [R.AUTHOR_DECLARED],
        (third.pk, chair.pk): [R.CHAIR],
    }


def test_chair_clearance_removes_only_detected_reasons(event):
    reviewer = member(event, affiliation="ETH Zurich")
    paper = proposal(event, author=UserFactory(affiliation="ETH Zürich"))
    declared = proposal(event, author=UserFactory(affiliation="ETH Zürich"))
    ConflictFactory(submission=declared, user=reviewer, source=ConflictSource.AUTHOR)
    for cleared in (paper, declared):
        ConflictFactory(
            submission=cleared, user=reviewer, source=ConflictSource.CHAIR, is_conflict=False
        )

    result = conflict_map(event)

    assert result == {(declared.pk, reviewer.pk): [R.AUTHOR_DECLARED]}


def test_non_members_and_other_events_are_ignored(event):
    outsider = UserFactory(affiliation="ETH Zurich")
    MembershipFactory(event=EventFactory(), user=outsider)
    proposal(event, author=UserFactory(affiliation="ETH Zurich"))

    result = conflict_map(event)

    assert result == {}


def test_several_reasons_are_listed_in_order(event):
    reviewer = member(event, email="rev@lbl.gov", affiliation="LBNL")
    paper = proposal(event, author=UserFactory(email="a@lbl.gov", affiliation="Berkeley Lab"))
    BidFactory(submission=paper, user=reviewer, preference=BidPreference.CONFLICT)

    result = conflict_map(event)

    assert result == {(paper.pk, reviewer.pk): [R.REVIEWER_DECLARED, R.SAME_DOMAIN]}


def test_filters_by_user(event):
    first = member(event, affiliation="ETH Zurich")
    second = member(event, affiliation="ETH Zurich")
    paper = proposal(event, author=UserFactory(affiliation="ETH Zurich"))

    result = conflict_map(event, user_ids=[second.pk])

    assert result == {(paper.pk, second.pk): [R.SAME_AFFILIATION]}
    assert first.pk != second.pk


def test_is_conflicted(event):
    reviewer = member(event, affiliation="ETH Zurich")
    paper = proposal(event, author=UserFactory(affiliation="ETH Zurich"))
    other = proposal(event)

    assert is_conflicted(reviewer, paper) is True
    assert is_conflicted(reviewer, other) is False


def test_constant_queries(event, django_assert_num_queries):
    for _ in range(3):
        member(event, affiliation="ETH Zurich")
    for _ in range(5):
        paper = proposal(event, author=UserFactory(affiliation="ETH Zurich"))
        CoAuthor.objects.create(submission=paper, name="Bob", email="bob@lbl.gov")

    with django_assert_num_queries(6):
        result = conflict_map(event)

    assert len(result) == 15


def test_include_cleared_keeps_detected_reasons(event):
    reviewer = member(event, affiliation="ETH Zurich")
    paper = proposal(event, author=UserFactory(affiliation="ETH Zürich"))
    ConflictFactory(submission=paper, user=reviewer, source=ConflictSource.CHAIR, is_conflict=False)

    result = conflict_map(event, include_cleared=True)

    assert result == {(paper.pk, reviewer.pk): [R.SAME_AFFILIATION]}
