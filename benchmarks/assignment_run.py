"""Benchmark a whole automatic assignment run as the app executes it, database included.

    .venv/bin/python benchmarks/assignment_run.py [--submissions N] [--reviewers N] [--seed N]
        [--profile FILE]

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench .venv/bin/python \
        benchmarks/assignment_run.py

Creates a throw-away database with Django's test-database machinery (a SQLite file under var/,
or ``test_<name>`` on PostgreSQL when DATABASE_URL is set), fills it with a synthetic conference
(1 event, 6 tracks, submitted proposals of ~80 words with 1–3 speakers and co-authors from ~250
institutions spelled several ways, reviewers with profiles, some limited to one track, bids on
10% of the pairs, declared conflicts, a few pins and forbidden pairs), then times
``start_assignment_run`` + ``execute_assignment_run`` called directly (no broker), prints the
run's own stage timings, and checks the proposal against ``conflict_map``, the loads and the
reviews wanted. The database is destroyed at the end. Not part of the test suite.
"""

import argparse
import cProfile
import os
import pstats
import resource
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conf_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

from reviews import tasks  # noqa: E402
from reviews.assignment.loading import load_run_inputs  # noqa: E402
from reviews.conflicts import conflict_map  # noqa: E402
from reviews.enums import BidPreference, ConflictSource, ConstraintKind, RunStatus  # noqa: E402
from reviews.models import (  # noqa: E402
    AssignmentConstraint,
    AssignmentRun,
    Bid,
    Conflict,
    ProposedAssignment,
    ReviewerProfile,
)
from reviews.services.runs import execute_assignment_run, start_assignment_run  # noqa: E402
from submissions.enums import SubmissionState  # noqa: E402
from submissions.models import CoAuthor, Speaker, Submission  # noqa: E402
from tracks.enums import CommitteeRole  # noqa: E402
from tracks.models import Event, Membership, SessionType, Track  # noqa: E402

User = get_user_model()

TRACKS = 6
TOPICS = 60
WORDS_PER_TOPIC = 40
INSTITUTIONS = 250
REVIEWS = 3
MIN_LOAD, MAX_LOAD = 20, 40
BATCH = 5000
CONSONANTS = "bdfgklmnprtvz"
VOWELS = "aeiou"
FILLER = [
    *["the", "of", "and", "for", "a", "in", "with", "to", "we", "our", "this", "on"],
    *["system", "method", "performance", "results", "data", "model", "framework"],
    *["large", "scale", "evaluation"],
]


class Words:
    """Pronounceable pseudo-words: a vocabulary per topic, and names."""

    def __init__(self, rng):
        self.rng = rng
        self.seen: set[str] = set()
        self.topics = [[self.fresh(3) for _ in range(WORDS_PER_TOPIC)] for _ in range(TOPICS)]

    def fresh(self, syllables: int) -> str:
        while True:
            word = "".join(
                self.rng.choice(list(CONSONANTS)) + self.rng.choice(list(VOWELS))
                for _ in range(syllables)
            )
            if word not in self.seen:
                self.seen.add(word)
                return word

    def text(self, main: int, second: int, length: int) -> str:
        words = []
        for _ in range(length):
            roll = self.rng.random()
            if roll < 0.2:
                words.append(FILLER[self.rng.integers(len(FILLER))])
            else:
                topic = main if roll < 0.8 else second
                words.append(self.topics[topic][self.rng.integers(WORDS_PER_TOPIC)])
        return " ".join(words)


class Institutions:
    """Universities and laboratories, each with a domain and several spellings of its name."""

    def __init__(self, words: Words):
        self.rng = words.rng
        self.names, self.domains, self.spellings = [], [], []
        for n in range(INSTITUTIONS):
            place = words.fresh(3).capitalize()
            if n % 5 == 4:
                name = f"{place} National Laboratory"
                spellings = [name, f"{place} Natl. Lab", f"{name}, USA"]
                domain = f"{place.lower()}lab.gov"
            else:
                name = f"University of {place}"
                spellings = [
                    name,
                    f"Univ. of {place}",
                    f"Dept. of Computer Science, University of {place}",
                    f"{name}, Germany",
                ]
                domain = f"{place.lower()}.edu"
            self.names.append(name)
            self.domains.append(domain)
            self.spellings.append(spellings)

    def pick(self) -> int:
        return int(self.rng.integers(INSTITUTIONS))

    def affiliation(self, i: int) -> str:
        options = self.spellings[i]
        return options[self.rng.integers(len(options))]

    def email(self, local: str, i: int) -> str:
        if self.rng.random() < 0.15:
            return f"{local}@gmail.com"
        sub = "cs." if self.rng.random() < 0.3 else ""
        return f"{local}@{sub}{self.domains[i]}"


def build_conference(n_sub: int, n_rev: int, seed: int) -> dict:
    """Insert the synthetic conference with bulk_create; returns what the checks need."""
    rng = np.random.default_rng(seed)
    words = Words(rng)
    places = Institutions(words)
    first_names = [words.fresh(2).capitalize() for _ in range(300)]
    last_names = [words.fresh(3).capitalize() for _ in range(600)]

    def person(n: int):
        first = first_names[rng.integers(len(first_names))]
        last = last_names[rng.integers(len(last_names))]
        home = places.pick()
        return (
            f"{first} {last}",
            places.email(f"{first.lower()}.{last.lower()}.{n}", home),
            places.affiliation(home),
        )

    event = Event.objects.create(
        name="Benchmark Conference",
        slug="bench",
        start_date=date(2027, 6, 1),
        end_date=date(2027, 6, 4),
    )
    tracks = Track.objects.bulk_create(
        [
            Track(event=event, name=f"Track {t}", slug=f"track-{t}", position=t)
            for t in range(TRACKS)
        ]
    )
    session_type = SessionType.objects.create(event=event, name="Talk", slug="talk")
    chair = User.objects.create(email="chair@bench.example", name="Chair", password="!")
    Membership.objects.create(event=event, user=chair, role=CommitteeRole.ORGANIZER)

    # Reviewers, with a main topic; a few authors among them.
    reviewer_rows = []
    for n in range(n_rev):
        name, email, affiliation = person(n)
        reviewer_rows.append(User(email=email, name=name, affiliation=affiliation, password="!"))
    reviewers = User.objects.bulk_create(reviewer_rows, batch_size=BATCH)
    rev_topic = rng.integers(0, TOPICS, n_rev)
    rev_second = rng.integers(0, TOPICS, n_rev)
    memberships = Membership.objects.bulk_create(
        [Membership(event=event, user=u, role=CommitteeRole.REVIEWER) for u in reviewers]
    )
    narrow = rng.random(n_rev) < 0.3
    through = Membership.tracks.through
    through.objects.bulk_create(
        [
            through(membership_id=m.pk, track_id=tracks[rev_topic[j] % TRACKS].pk)
            for j, m in enumerate(memberships)
            if narrow[j]
        ]
    )
    caps = np.where(rng.random(n_rev) < 0.1, rng.integers(20, 36, n_rev), 0)
    ReviewerProfile.objects.bulk_create(
        [
            ReviewerProfile(
                event=event,
                user=u,
                keywords=", ".join(
                    words.topics[rev_topic[j]][k] for k in rng.choice(WORDS_PER_TOPIC, 5)
                ),
                expertise=words.text(rev_topic[j], rev_second[j], 40),
                other_affiliations=(
                    places.affiliation(places.pick()) if rng.random() < 0.2 else ""
                ),
                max_load=int(caps[j]) or None,
            )
            for j, u in enumerate(reviewers)
        ],
        batch_size=BATCH,
    )

    # Authors: a pool larger than the proposals, some of them on several proposals.
    n_authors = int(n_sub * 1.5)
    author_rows = []
    for n in range(n_authors):
        name, email, affiliation = person(n_rev + n)
        author_rows.append(User(email=email, name=name, affiliation=affiliation, password="!"))
    authors = User.objects.bulk_create(author_rows, batch_size=BATCH)
    sub_topic = rng.integers(0, TOPICS, n_sub)
    sub_second = rng.integers(0, TOPICS, n_sub)
    submissions = Submission.objects.bulk_create(
        [
            Submission(
                event=event,
                track=tracks[sub_topic[i] % TRACKS],
                session_type=session_type,
                title=words.text(sub_topic[i], sub_topic[i], 8).capitalize(),
                abstract=words.text(sub_topic[i], sub_second[i], 80),
                description=words.text(sub_topic[i], sub_second[i], 40),
                state=SubmissionState.SUBMITTED,
                created_by=authors[i % n_authors],
            )
            for i in range(n_sub)
        ],
        batch_size=BATCH,
    )
    speakers, coauthors = [], []
    for i, submission in enumerate(submissions):
        picked = {i % n_authors} | set(rng.integers(0, n_authors, rng.integers(0, 3)).tolist())
        for position, a in enumerate(sorted(picked)):
            speakers.append(Speaker(submission=submission, user=authors[a], position=position))
        for k in range(rng.integers(0, 4)):
            if rng.random() < 0.15:  # a co-author known by another paper's speaker's identity
                other = authors[rng.integers(n_authors)]
                name, email, affiliation = other.name, other.email, other.affiliation
            else:
                name, email, affiliation = person(n_rev + n_authors + i * 4 + k)
            coauthors.append(
                CoAuthor(
                    submission=submission,
                    name=name,
                    email=email if rng.random() < 0.7 else "",
                    affiliation=affiliation,
                    position=len(picked) + k,
                )
            )
    # A quarter of the reviewers author a proposal themselves.
    for j in np.flatnonzero(rng.random(n_rev) < 0.25):
        submission = submissions[rng.integers(n_sub)]
        speakers.append(Speaker(submission=submission, user=reviewers[j], position=9))
    Speaker.objects.bulk_create(speakers, batch_size=BATCH, ignore_conflicts=True)
    CoAuthor.objects.bulk_create(coauthors, batch_size=BATCH)

    # Bids on 10% of the pairs: eager or willing on the reviewer's topic, else willing or not.
    keys = rng.choice(n_sub * n_rev, n_sub * n_rev // 10, replace=False)
    bid_sub, bid_rev = np.divmod(keys, n_rev)
    on_topic = sub_topic[bid_sub] == rev_topic[bid_rev]
    roll = rng.random(len(keys))
    preference = np.where(
        on_topic,
        np.where(roll < 0.5, BidPreference.EAGER, BidPreference.WILLING),
        np.where(roll < 0.3, BidPreference.WILLING, BidPreference.NOT_WILLING),
    )
    preference[roll > 0.998] = BidPreference.CONFLICT  # reviewers' own declarations
    Bid.objects.bulk_create(
        [
            Bid(submission_id=submissions[i].pk, user_id=reviewers[j].pk, preference=str(p))
            for i, j, p in zip(bid_sub, bid_rev, preference, strict=True)
        ],
        batch_size=BATCH,
    )
    # Authors declare a few conflicts; chairs set some and clear some detected ones.
    declared = {
        (int(i), int(j))
        for i, j in zip(*divmod(rng.choice(n_sub * n_rev, n_sub // 10), n_rev), strict=True)
    }
    conflicts = [
        Conflict(
            submission_id=submissions[i].pk,
            user_id=reviewers[j].pk,
            source=ConflictSource.AUTHOR,
            reason="Former advisor",
        )
        for i, j in declared
    ]
    chair_set = list(declared)[: len(declared) // 10]
    conflicts += [
        Conflict(
            submission_id=submissions[i].pk,
            user_id=reviewers[j].pk,
            source=ConflictSource.CHAIR,
            created_by=chair,
        )
        for i, j in chair_set
    ]
    Conflict.objects.bulk_create(conflicts, batch_size=BATCH)
    detected = list(conflict_map(event).items())
    cleared = [pair for pair, _ in detected[:: max(1, len(detected) // 20)]][:20]
    Conflict.objects.bulk_create(
        [
            Conflict(
                submission_id=s,
                user_id=u,
                source=ConflictSource.CHAIR,
                is_conflict=False,
                created_by=chair,
            )
            for s, u in cleared
        ],
        ignore_conflicts=True,
    )
    # Chairs pin a few pairs and forbid a few others.
    constrained = rng.choice(n_sub * n_rev, 60, replace=False)
    AssignmentConstraint.objects.bulk_create(
        [
            AssignmentConstraint(
                submission_id=submissions[k // n_rev].pk,
                user_id=reviewers[k % n_rev].pk,
                kind=ConstraintKind.PIN if n < 30 else ConstraintKind.FORBID,
                created_by=chair,
            )
            for n, k in enumerate(constrained.tolist())
        ]
    )
    return {"event": event, "chair": chair, "reviewer_ids": [u.pk for u in reviewers]}


def check(run, event, reviewer_ids) -> dict:
    """The proposal against conflict_map, track scopes, loads and reviews wanted."""
    pairs = list(
        ProposedAssignment.objects.filter(run=run).values_list("submission_id", "reviewer_id")
    )
    assert len(set(pairs)) == len(pairs), "duplicate pair"
    conflicts = conflict_map(event, user_ids=reviewer_ids)
    conflicted = [pair for pair in pairs if pair in conflicts]
    assert not conflicted, f"{len(conflicted)} conflicted pairs proposed, e.g. {conflicted[:3]}"
    forbidden = set(
        AssignmentConstraint.objects.filter(kind=ConstraintKind.FORBID).values_list(
            "submission_id", "user_id"
        )
    )
    assert not forbidden & set(pairs), "forbidden pair proposed"
    track_of = dict(Submission.objects.filter(event=event).values_list("pk", "track_id"))
    scopes = defaultdict(set)
    for user_id, track_id in Membership.objects.filter(
        event=event, role=CommitteeRole.REVIEWER, tracks__isnull=False
    ).values_list("user_id", "tracks"):
        scopes[user_id].add(track_id)
    outside = [(s, r) for s, r in pairs if scopes.get(r) and track_of[s] not in scopes[r]]
    assert not outside, f"{len(outside)} pairs outside the reviewer's tracks"
    caps = dict(
        ReviewerProfile.objects.filter(event=event, max_load__isnull=False).values_list(
            "user_id", "max_load"
        )
    )
    loads = Counter(r for _, r in pairs)
    over = {r: n for r, n in loads.items() if n > min(MAX_LOAD, caps.get(r, MAX_LOAD))}
    assert not over, f"loads above max: {over}"
    coverage = Counter(s for s, _ in pairs)
    assert max(coverage.values()) <= REVIEWS, "more reviews than wanted on a proposal"
    return {
        "conflicted_pairs_in_event": len(conflicts),
        "load_min_max": (
            min(loads.get(r, 0) for r in reviewer_ids),
            max(loads.values()),
        ),
        "proposals_short": sum(1 for s in track_of if coverage.get(s, 0) < REVIEWS),
    }


def run(n_sub: int, n_rev: int, seed: int, profile: str | None) -> None:
    started = time.perf_counter()
    data = build_conference(n_sub, n_rev, seed)
    loading_data = time.perf_counter() - started
    counts = {
        "proposals": Submission.objects.count(),
        "users": User.objects.count(),
        "speakers": Speaker.objects.count(),
        "co-authors": CoAuthor.objects.count(),
        "bids": Bid.objects.count(),
        "conflict rows": Conflict.objects.count(),
    }
    print(
        f"Synthetic conference inserted in {loading_data:.1f} s (not part of the figures): {counts}"
    )
    event = data["event"]

    params = {
        "reviews_per_submission": REVIEWS,
        "min_load": MIN_LOAD,
        "max_load": MAX_LOAD,
        "keep_current": True,
    }
    profiler = cProfile.Profile() if profile else None
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        with mock.patch.object(tasks.run_assignment, "delay"):  # no broker: run it below
            created = start_assignment_run(
                event=event, by=data["chair"], track_ids=None, params=params
            )
        start_seconds = time.perf_counter() - started
        if profiler:
            profiler.enable()
        assert execute_assignment_run(run_id=created.pk)
        if profiler:
            profiler.disable()
        total = time.perf_counter() - started
    done = AssignmentRun.objects.get(pk=created.pk)
    assert done.status == RunStatus.DONE, done.error
    summary = done.summary
    timings = summary["timings"]
    stages = ("loading", "affinity", "solving", "explaining", "saving")
    print(f"\nDatabase: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    print(
        f"Run of {summary['submissions']} proposals × {summary['reviewers']} reviewers × {REVIEWS}"
    )
    print(f"  start_assignment_run      {start_seconds:7.3f} s")
    for stage in stages:
        print(f"  {stage:<25} {timings.get(stage, float('nan')):7.3f} s")
    solver = timings.get("solver", {})
    print(
        f"    solver build/solve     {solver.get('build', 0):7.3f} / {solver.get('solve', 0):.3f} s"
    )
    unaccounted = total - start_seconds - sum(timings.get(stage, 0) for stage in stages)
    print(f"  other (claim, progress) {unaccounted:9.3f} s")
    print(f"  WALL TOTAL                {total:7.3f} s   ({len(queries)} SQL queries)")
    print(
        f"Pairs proposed: {summary['assigned']} of {summary['wanted']} wanted "
        f"({summary['pinned']} pinned), candidate pairs {summary['candidate_pairs']}, "
        f"sparsified {summary['sparsified']}"
    )
    kinds = Counter(s["kind"] for s in summary["shortfalls"])
    print(f"Shortfalls: {len(summary['shortfalls'])} {dict(kinds)}")

    # The loading stage, taken apart (run again, outside the run).
    started = time.perf_counter()
    conflict_map(event, user_ids=data["reviewer_ids"])
    conflicts_seconds = time.perf_counter() - started
    started = time.perf_counter()
    load_run_inputs(done)
    inputs_seconds = time.perf_counter() - started
    print(
        f"Loading again: load_run_inputs {inputs_seconds:.3f} s, "
        f"of which conflict_map alone {conflicts_seconds:.3f} s"
    )

    checked = check(done, event, data["reviewer_ids"])
    print(f"Checks passed: {checked}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak RSS {peak:.0f} MB")
    if profiler:
        profiler.dump_stats(profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=3000)
    parser.add_argument("--reviewers", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", metavar="FILE", help="cProfile execute_assignment_run")
    args = parser.parse_args()

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        # A file, as the app uses, rather than the in-memory test default.
        database.setdefault("TEST", {})["NAME"] = str(
            Path(settings.VAR_DIR) / "bench_assignment_run.sqlite3"
        )
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run(args.submissions, args.reviewers, args.seed, args.profile)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        teardown_test_environment()


if __name__ == "__main__":
    main()
