"""Conflicts of interest between an event's proposals and its committee members.

Declared (by the reviewer's bid, by an author, by a chair), or detected: the member wrote the
proposal, shares an institutional email domain or an affiliation with an author, or co-authors
another proposal of the event with one of its authors. A chair's clearance removes the detected
reasons of a pair, never the declared ones.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from text_unidecode import unidecode

from submissions.models import CoAuthor, Speaker

from ..enums import DETECTED_REASONS, BidPreference, ConflictReason, ConflictSource
from ..models import Bid, Conflict, ReviewerProfile
from .affiliations import NON_WORD, AffiliationIndex, affiliation_keys
from .domains import institutional_domain, organisation_domain

__all__ = [
    "ConflictMap",
    "affiliation_keys",
    "conflict_map",
    "institutional_domain",
    "is_conflicted",
    "organisation_domain",
    "person_name_key",
]

Pair = tuple[int, int]
ConflictMap = dict[Pair, list[ConflictReason]]
REASON_ORDER = list(ConflictReason)


def person_name_key(name: str) -> str:
    """A name compared without case, accents or punctuation ("Renée O'Neil" ~ "renee oneil")."""
    return " ".join(NON_WORD.sub(" ", unidecode(name or "").lower().replace("'", "")).split())


class _Authors:
    """Every author of the event's proposals: who they are, their emails and affiliations."""

    def __init__(self, event):
        self.people: dict[int, set[str]] = defaultdict(set)  # submission → person keys
        self.speakers: dict[int, set[int]] = defaultdict(set)
        self.entries: dict[int, set[tuple[str, str, str]]] = defaultdict(set)
        speakers = Speaker.objects.filter(submission__event=event).values_list(
            "submission_id", "user_id", "user__email", "user__affiliation"
        )
        for submission_id, user_id, email, affiliation in speakers:
            self.speakers[submission_id].add(user_id)
            self._add(submission_id, f"email:{email.lower()}", email, affiliation)
        coauthors = CoAuthor.objects.filter(submission__event=event).values_list(
            "submission_id", "name", "email", "affiliation"
        )
        for submission_id, name, email, affiliation in coauthors:
            person = f"email:{email.lower()}" if email else f"name:{person_name_key(name)}"
            self._add(submission_id, person, email, affiliation)
        self.papers: dict[str, set[int]] = defaultdict(set)  # person key → submissions
        for submission_id, people in self.people.items():
            for person in people:
                self.papers[person].add(submission_id)

    def _add(self, submission_id, person, email, affiliation):
        self.people[submission_id].add(person)
        self.entries[submission_id].add((person, email.lower(), affiliation.strip()))


class _Members:
    """The committee members: anyone with a role in the event."""

    def __init__(self, event, user_ids):
        users = get_user_model().objects.filter(memberships__event=event).distinct()
        if user_ids is not None:
            users = users.filter(pk__in=user_ids)
        self.ids: set[int] = set()
        self.people: dict[int, set[str]] = {}
        self.affiliations: dict[int, list[str]] = defaultdict(list)
        self.by_domain: dict[str, set[int]] = defaultdict(set)
        for user_id, email, name, affiliation in users.values_list(
            "pk", "email", "name", "affiliation"
        ):
            self.ids.add(user_id)
            self.people[user_id] = {f"email:{email.lower()}"}
            if len(person_name_key(name).split()) >= 2:
                self.people[user_id].add(f"name:{person_name_key(name)}")
            if affiliation.strip():
                self.affiliations[user_id].append(affiliation)
            if domain := institutional_domain(email):
                self.by_domain[domain].add(user_id)
        profiles = ReviewerProfile.objects.filter(event=event, user_id__in=self.ids)
        for user_id, lines in profiles.values_list("user_id", "other_affiliations"):
            self.affiliations[user_id] += [line for line in lines.splitlines() if line.strip()]


def _detect(authors: _Authors, members: _Members, submission_ids) -> ConflictMap:
    found: dict[Pair, set[ConflictReason]] = defaultdict(set)
    index = AffiliationIndex(members.affiliations)
    wanted = set(authors.people) if submission_ids is None else set(submission_ids)
    for submission_id in wanted & set(authors.people):
        for user_id in authors.speakers[submission_id] & members.ids:
            found[submission_id, user_id].add(ConflictReason.IS_AUTHOR)
        for person, email, affiliation in authors.entries[submission_id]:
            same_domain = members.by_domain.get(institutional_domain(email), set())
            same_affiliation = index.matches(affiliation) if affiliation else frozenset()
            for user_id in same_domain | same_affiliation:
                if person in members.people[user_id]:
                    continue  # the author themself
                if user_id in same_domain:
                    found[submission_id, user_id].add(ConflictReason.SAME_DOMAIN)
                if user_id in same_affiliation:
                    found[submission_id, user_id].add(ConflictReason.SAME_AFFILIATION)
    for user_id, identities in members.people.items():
        own = set().union(*(authors.papers.get(person, set()) for person in identities))
        for paper in own:
            if f"email:{_email(identities)}" in authors.people[paper]:
                found[paper, user_id].add(ConflictReason.IS_AUTHOR)
            for person in authors.people[paper] - identities:
                for other in authors.papers[person] - {paper}:
                    if other in wanted:
                        found[other, user_id].add(ConflictReason.COAUTHOR)
    return {pair: reasons for pair, reasons in found.items() if pair[0] in wanted}


def _email(identities: set[str]) -> str:
    return next(person[6:] for person in identities if person.startswith("email:"))


def _stored(event, members: _Members, submission_ids) -> tuple[dict, set[Pair]]:
    declared: dict[Pair, set[ConflictReason]] = defaultdict(set)
    cleared: set[Pair] = set()
    # Members are filtered in Python: an IN list on both columns makes SQLite probe the
    # (submission, user) index once per combination.
    member_ids = members.ids
    bids = Bid.objects.filter(submission__event=event, preference=BidPreference.CONFLICT)
    conflicts = Conflict.objects.filter(submission__event=event)
    if submission_ids is not None:
        bids = bids.filter(submission_id__in=submission_ids)
        conflicts = conflicts.filter(submission_id__in=submission_ids)
    for pair in bids.values_list("submission_id", "user_id"):
        if pair[1] in member_ids:
            declared[pair].add(ConflictReason.REVIEWER_DECLARED)
    for submission_id, user_id, source, is_conflict in conflicts.values_list(
        "submission_id", "user_id", "source", "is_conflict"
    ):
        if user_id not in member_ids:
            continue
        if not is_conflict:
            cleared.add((submission_id, user_id))
        elif source == ConflictSource.AUTHOR:
            declared[submission_id, user_id].add(ConflictReason.AUTHOR_DECLARED)
        else:
            declared[submission_id, user_id].add(ConflictReason.CHAIR)
    return declared, cleared


def conflict_map(
    event,
    *,
    submission_ids: Iterable[int] | None = None,
    user_ids: Iterable[int] | None = None,
    include_cleared: bool = False,
) -> ConflictMap:
    """Every conflicted (submission id, user id) pair of the event with its reasons.

    Only committee members (anyone with a role in the event) are considered; ``submission_ids``
    and ``user_ids`` narrow the result. ``include_cleared`` keeps the detected reasons a chair
    cleared (to show them). Six queries, whatever the size of the event.
    """
    submission_ids = None if submission_ids is None else set(submission_ids)
    members = _Members(event, None if user_ids is None else set(user_ids))
    if not members.ids:
        return {}
    detected = _detect(_Authors(event), members, submission_ids)
    declared, cleared = _stored(event, members, submission_ids)
    result: ConflictMap = {}
    for pair in detected.keys() | declared.keys():
        reasons = set(declared.get(pair, ()))
        for reason in detected.get(pair, ()):
            if include_cleared or reason not in DETECTED_REASONS or pair not in cleared:
                reasons.add(reason)
        if reasons:
            result[pair] = sorted(reasons, key=REASON_ORDER.index)
    return result


def is_conflicted(user, submission) -> bool:
    """Whether the user has a conflict of interest with the proposal."""
    pairs = conflict_map(submission.event, submission_ids=[submission.pk], user_ids=[user.pk])
    return (submission.pk, user.pk) in pairs
