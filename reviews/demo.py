"""Demo reviewer profiles for the demo committees, one pending invitation, and DLonSC bids.

The keywords follow each member's public research areas, so that automatic assignment has
something real to match against the demo papers. Loading again changes nothing: existing
profiles (perhaps edited in the demo) and invitations are left as they are.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from submissions.demo_paper_topics import TOPICS
from tracks.enums import CommitteeRole
from tracks.models import Event, Membership

from .assignment.affinity import affinity_matrix, tfidf_matrices
from .conflicts import conflict_map
from .enums import BidPreference, InvitationStatus
from .models import (
    AssignmentRun,
    Bid,
    CommitteeInvitation,
    Review,
    ReviewAssignment,
    ReviewerProfile,
)
from .selectors import reviewable_submissions

# email: (keywords, expertise, max load, other affiliations)
PROFILES = {
    "reviewer@example.org": (
        "Python packaging, reproducibility, Jupyter, teaching, conda",
        "I teach research software engineering and review tutorials for **hands-on** pacing: "
        "can learners install everything and finish the exercises in four hours?",
        6,
        "",
    ),
    "laurie.stephey@example.org": (
        "Python on HPC, GPUs, CuPy, Numba, NERSC, performance portability",
        "Getting scientific Python to run well on supercomputers and GPUs, and helping users "
        "at a large HPC center do the same.",
        5,
        "",
    ),
    "andreas.kloeckner@example.org": (
        "PyCUDA, PyOpenCL, code generation, loopy, numerical PDEs, high-order methods",
        "GPU run-time code generation from Python, and high-order discretizations for "
        "integral equations and PDEs.",
        5,
        "",
    ),
    "ahmed.al.jarro@dlonsc.example.org": (
        "deep learning for simulation, computational electromagnetics, HPC applications",
        "Neural networks that accelerate engineering simulations on HPC systems.",
        4,
        "",
    ),
    "takuya.akiba@dlonsc.example.org": (
        "distributed training, large-batch SGD, ImageNet, hyperparameter optimization",
        "Training ImageNet-scale models in minutes on thousands of GPUs; Optuna.",
        5,
        "",
    ),
    "thomas.s.brettin@dlonsc.example.org": (
        "cancer deep learning, bioinformatics, CANDLE, drug response",
        "Deep learning for cancer research and drug-response prediction at exascale.",
        4,
        "",
    ),
    "maxwell.cai@dlonsc.example.org": (
        "astrophysics, N-body simulation, machine learning for science",
        "Machine learning for astrophysical simulations and data.",
        4,
        "Leiden Observatory",
    ),
    "erich.elsen@dlonsc.example.org": (
        "sparse neural networks, GPU kernels, mixed precision, speech",
        "Sparse and efficient deep learning: kernels, training sparse networks, mixed precision.",
        4,
        "",
    ),
    "steve.farrell@dlonsc.example.org": (
        "high-energy physics, graph neural networks, particle tracking, MLPerf HPC, GPUs",
        "Deep learning for HEP (GNN particle tracking, generative models) and benchmarking "
        "scientific deep learning on supercomputers.",
        6,
        "",
    ),
    "song.feng@dlonsc.example.org": (
        "distributed deep learning systems, cloud, model serving",
        "Systems for training and serving models at scale.",
        4,
        "",
    ),
    "boris.ginsburg@dlonsc.example.org": (
        "large-batch training, LARS, mixed precision, speech recognition, NeMo",
        "Optimizers for large-batch training and mixed-precision training; speech models.",
        5,
        "",
    ),
    "torsten.hoefler@dlonsc.example.org": (
        "MPI, communication, parallelism in deep learning, sparsity, performance modeling",
        "High-performance communication and the parallelization of deep learning: data, model "
        "and pipeline parallelism, sparse communication.",
        6,
        "",
    ),
    "jessy.li@dlonsc.example.org": (
        "natural language processing, discourse, text understanding",
        "Computational linguistics: discourse structure and pragmatics in text.",
        3,
        "",
    ),
    "zhengchun.liu@dlonsc.example.org": (
        "X-ray imaging, tomography, edge computing, data transfer, surrogate models",
        "Deep learning for light-source experiments and for wide-area data movement.",
        5,
        "",
    ),
    "peter.messmer@dlonsc.example.org": (
        "GPU computing, scientific visualization, HPC applications, in-situ analysis",
        "Porting scientific applications to GPUs and visualizing their results in situ.",
        4,
        "",
    ),
    "damian.podareanu@dlonsc.example.org": (
        "distributed training, medical imaging, Horovod",
        "Scaling deep learning for medical imaging on national supercomputers.",
        4,
        "",
    ),
    "simon.portegies.zwart@dlonsc.example.org": (
        "computational astrophysics, N-body, AMUSE, energy-efficient computing",
        "Gravitational N-body simulation and multi-physics astrophysics software.",
        3,
        "",
    ),
    "qifan.pu@dlonsc.example.org": (
        "data analytics systems, serverless computing, shuffle",
        "Systems for large-scale data analytics in the cloud.",
        3,
        "",
    ),
    "arvind.ramanathan@dlonsc.example.org": (
        "molecular dynamics, protein folding, computational biology, AI-driven simulation",
        "Coupling AI with molecular simulation to study biomolecules and drug targets.",
        5,
        "",
    ),
    "vikram.saletore@dlonsc.example.org": (
        "CPU performance, Xeon, distributed training, inference optimization",
        "Deep learning performance on CPUs: scaling training and inference on Xeon clusters.",
        4,
        "",
    ),
    "mikhail.e.smorkalov@dlonsc.example.org": (
        "communication libraries, collective operations, distributed training",
        "Communication libraries for distributed deep learning.",
        4,
        "Intel",
    ),
    "rob.schreiber@dlonsc.example.org": (
        "numerical linear algebra, parallel computing, wafer-scale, dataflow architectures",
        "Sparse and dense linear algebra on new parallel architectures.",
        4,
        "Hewlett Packard Labs",
    ),
    "dan.stanzione@dlonsc.example.org": (
        "HPC systems, data-intensive computing, cyberinfrastructure",
        "Designing and running large open-science supercomputers.",
        3,
        "",
    ),
    "rick.stevens@dlonsc.example.org": (
        "AI for science, exascale computing, cancer, CANDLE",
        "AI at scale for science: from cancer to materials, on exascale machines.",
        3,
        "",
    ),
    "wei.tan@dlonsc.example.org": (
        "matrix factorization, GPUs, recommender systems, cuMF",
        "Fast matrix factorization on GPUs for recommendation.",
        4,
        "IBM Research",
    ),
    "jordi.torres@dlonsc.example.org": (
        "deep learning on supercomputers, reinforcement learning, teaching",
        "Scaling deep learning on supercomputers and teaching it.",
        5,
        "",
    ),
    "daniela.ushizima@dlonsc.example.org": (
        "computer vision, scientific images, microscopy, segmentation",
        "Image analysis for experimental science: segmentation and pattern recognition.",
        4,
        "",
    ),
    "sofia.vallecorsa@dlonsc.example.org": (
        "generative models, GANs, fast simulation, high-energy physics, quantum machine learning",
        "Generative adversarial networks for fast detector simulation at CERN.",
        5,
        "",
    ),
    "david.walling@dlonsc.example.org": (
        "data management, scientific workflows, visualization",
        "Data management and workflows for research computing.",
        3,
        "",
    ),
    "markus.weimer@dlonsc.example.org": (
        "machine learning systems, ML.NET, Apache REEF, big data",
        "Building systems for machine learning at scale.",
        4,
        "",
    ),
    "kathy.yelick@dlonsc.example.org": (
        "PGAS, UPC++, genomics, parallel languages, exascale",
        "Parallel programming models and scalable genome assembly.",
        4,
        "",
    ),
    "huazhe.zhang@dlonsc.example.org": (
        "power management, energy efficiency, ML systems, recommendation models",
        "Power- and energy-aware computing systems, and infrastructure for training "
        "recommendation models.",
        4,
        "University of Chicago",
    ),
}
PENDING_INVITEE = "prasanna.b@example.org"
REVIEWING_ROLES = (CommitteeRole.REVIEWER, CommitteeRole.TRACK_CHAIR)


@transaction.atomic
def load_demo_committee() -> int:
    """Create the missing demo reviewer profiles and the pending invitation; returns how many
    profiles the demo committees have."""
    memberships = Membership.objects.filter(
        user__email__in=PROFILES, role__in=REVIEWING_ROLES
    ).select_related("user")
    for membership in memberships:
        keywords, expertise, max_load, others = PROFILES[membership.user.email]
        ReviewerProfile.objects.get_or_create(
            event_id=membership.event_id,
            user=membership.user,
            defaults={
                "keywords": keywords,
                "expertise": expertise,
                "max_load": max_load,
                "other_affiliations": others,
            },
        )
    _pending_invitation()
    return ReviewerProfile.objects.filter(user__email__in=PROFILES).count()


def _pending_invitation() -> None:
    event = Event.objects.get(slug="dlonsc-2020")
    if CommitteeInvitation.objects.filter(event=event, email=PENDING_INVITEE).exists():
        return
    CommitteeInvitation.objects.create(
        event=event,
        email=PENDING_INVITEE,
        role=CommitteeRole.REVIEWER,
        status=InvitationStatus.PENDING,
        invited_by=get_user_model().objects.filter(email="zhao.zhang@dlonsc.example.org").first(),
        message="Your work on scalable hyperparameter search would be a great fit for "
        "this year's papers.",
    )


BIDDING_DEMO_REVIEWER = "steve.farrell@dlonsc.example.org"  # left without bids to try bidding


@transaction.atomic
def load_demo_bids() -> int:
    """Bids of the DLonSC reviewers on the demo papers, from how well each paper matches their
    stated expertise: eager on the best two, willing on the next two, not willing on the worst.
    Conflicted pairs get no bid. Returns the number of bids; reviewers who already bid are kept."""
    event = Event.objects.get(slug="dlonsc-2020")
    papers = list(reviewable_submissions(event).order_by("pk"))
    profiles = list(
        ReviewerProfile.objects.filter(event=event, user__memberships__event=event)
        .filter(user__memberships__role=CommitteeRole.REVIEWER)
        .exclude(user__email=BIDDING_DEMO_REVIEWER)
        .exclude(user__bids__submission__event=event)
        .distinct()
    )
    if papers and profiles:
        reviewers, submissions = tfidf_matrices(
            [f"{p.keywords} {p.expertise}" for p in profiles],
            [f"{paper.title} {paper.abstract}" for paper in papers],
        )
        affinity = affinity_matrix(reviewers, submissions)
        conflicts = conflict_map(event)
        bids = []
        for column, profile in enumerate(profiles):
            ranked = [
                papers[row]
                for row in affinity[:, column].argsort()[::-1]
                if (papers[row].pk, profile.user_id) not in conflicts
            ]
            choices = [BidPreference.EAGER] * 2 + [BidPreference.WILLING] * 2
            bids += [
                Bid(submission=paper, user_id=profile.user_id, preference=preference)
                for paper, preference in zip(ranked, choices, strict=False)
            ]
            if len(ranked) > len(choices):
                bids.append(
                    Bid(
                        submission=ranked[-1],
                        user_id=profile.user_id,
                        preference=BidPreference.NOT_WILLING,
                    )
                )
        Bid.objects.bulk_create(bids)
    return Bid.objects.filter(submission__event=event).count()


# What a reviewer writes for each point of the 1–5 scale ({topic}: the paper's topic), so that
# the text agrees with the score and its label (1 Strong reject … 5 Strong accept).
REVIEW_TEXTS = {
    1: (
        "The topic, {topic}, fits the workshop, but the paper does not support its claims. The "
        "evaluation uses a single small configuration without a tuned baseline, the methods "
        "section leaves out what is needed to reproduce the results, and the conclusions go far "
        "beyond the data. I recommend rejecting this paper.",
        "I could not find the contribution. The paper describes {topic} at length but never says "
        "what is new compared with existing tools, and the one experiment reported has no "
        "repetitions and no comparison. This is a clear reject in its current form.",
    ),
    2: (
        "The paper on {topic} addresses a relevant problem, but the evidence is too thin for the "
        "claims: the largest run is small, the baseline is not described, and the variability "
        "between runs is not reported. I lean towards rejection; with a proper baseline and the "
        "missing details this could become a good workshop paper.",
        "There is a useful idea here, but the paper mixes two contributions and evaluates neither "
        "in depth, and the related work misses the obvious prior systems. I lean towards "
        "rejecting it and encourage the authors to focus on one contribution.",
    ),
    3: (
        "A reasonable study of {topic}. The engineering is sound, but the scaling results stop "
        "early and the claims about large scale need more data or softer wording. Borderline for "
        "me: I could support it if the authors state the baseline configuration precisely.",
        "The problem matters to HPC users and the approach is sensible, but the evaluation leaves "
        "open whether the gains hold on other systems. Borderline; I would like to hear the "
        "other reviewers before deciding.",
    ),
    4: (
        "A clear paper on {topic} with a sound evaluation: the baseline is tuned, the runs are "
        "repeated and the software versions are given. Some claims about other systems go beyond "
        "the data, and the related work could be broader. I lean towards acceptance.",
        "Useful to the community and well organised. The results support the main claim; a "
        "figure with the spread between runs would make them stronger still. Accept, with minor "
        "revisions to the discussion of limitations.",
    ),
    5: (
        "An excellent workshop paper on {topic}. The problem is important, the design is "
        "explained well, and the evaluation on a production system is convincing and honest "
        "about its limits. Strong accept; it will start good discussions at the workshop.",
        "Outstanding work: careful measurements, a clear argument and artifacts that make the "
        "results reproducible. I recommend accepting it as it is; the final version might add "
        "the exact node configuration.",
    ),
}
CONFIDENTIAL_TEXTS = {
    1: "I would argue against this one in the discussion.",
    2: "Not convinced, but happy to follow the discussion.",
    3: "Borderline for me; happy to follow the discussion.",
    4: "I would support this paper in the discussion.",
    5: "Happy to champion this paper in the discussion.",
}
# The comments of the first demo reviews, given whatever the score; replaced when found.
EARLIER_COMMENTS = (
    "The motivation is clear and the problem matters to HPC users. The evaluation would be "
    "stronger with a comparison against a tuned baseline on the same hardware.",
    "A solid engineering contribution. Please state the software versions and the exact node "
    "configuration so that others can reproduce the results.",
    "Interesting idea, but the scaling results stop at 64 nodes; the claims about large scale "
    "need either more data or softer wording.",
    "Well written. The related work misses recent results on communication-avoiding training; "
    "please position the work against them.",
    "The paper mixes two contributions; the I/O part is convincing, the modelling part less so. "
    "Consider focusing the workshop version on the first.",
)


def score_point(overall: int, scale_min: int, scale_max: int) -> int:
    """Where a score lies on the 1–5 scale of REVIEW_TEXTS, whatever its form's scale."""
    return 1 + round(4 * (overall - scale_min) / (scale_max - scale_min))


def review_texts(review, variant: int) -> tuple[str, str]:
    """(comments to authors, confidential comments) that agree with the review's score."""
    form = review.form
    point = score_point(review.overall, form.overall_min, form.overall_max)
    topic = TOPICS.get(review.submission.title)
    about = topic.topic if topic else f"“{review.submission.title}”"
    comments = REVIEW_TEXTS[point][variant % 2].format(topic=about)
    return comments, CONFIDENTIAL_TEXTS[point] if variant % 5 == 0 else ""


def _retext_earlier_reviews(event) -> None:
    """Demo reviews loaded before the texts followed the scores get texts that do."""
    earlier = Review.objects.filter(
        submission__event=event, comments_to_authors__in=EARLIER_COMMENTS, overall__isnull=False
    ).select_related("form", "submission")
    for review in earlier:
        review.comments_to_authors, review.confidential_comments = review_texts(review, review.pk)
        review.save(update_fields=["comments_to_authors", "confidential_comments"])


@transaction.atomic
def load_demo_reviews() -> int:
    """DLonSC 2020 reviewers assigned by the automatic assignment (applied by a co-chair) and
    most of them with a submitted review, so that the ranking has something to rank. The demo
    bidding reviewer keeps their assignments unreviewed. Returns the number of reviews."""
    from .selectors import review_form_for
    from .services.assignments import apply_assignment_run
    from .services.runs import execute_assignment_run, normalize_run_params

    event = Event.objects.get(slug="dlonsc-2020")
    chair = get_user_model().objects.get(email="valeriu.codreanu@dlonsc.example.org")
    if not ReviewAssignment.objects.filter(submission__event=event).exists():
        run = AssignmentRun.objects.create(
            event=event, params=normalize_run_params({"max_load": 2}), created_by=chair
        )
        execute_assignment_run(run_id=run.pk)
        apply_assignment_run(run=AssignmentRun.objects.get(pk=run.pk), by=chair)
    assignments = (
        ReviewAssignment.objects.filter(submission__event=event)
        .exclude(reviewer__email=BIDDING_DEMO_REVIEWER)
        .select_related("submission")
        .order_by("pk")
    )
    reviewed = set(
        Review.objects.filter(submission__event=event).values_list("submission_id", "reviewer_id")
    )
    reviews = []
    for n, assignment in enumerate(assignments):
        if n % 4 == 3 or (assignment.submission_id, assignment.reviewer_id) in reviewed:
            continue  # a quarter still to do; reviews written in the demo are kept
        submission = assignment.submission
        harshness = assignment.reviewer_id % 3 - 1  # some reviewers are harsh, some lenient
        review = Review(
            submission=submission,
            reviewer_id=assignment.reviewer_id,
            form=review_form_for(submission),
            overall=max(1, min(5, 3 + (submission.pk * 7 + n) % 3 - 1 + harshness)),
            confidence=1 + (assignment.reviewer_id + n) % 4,
            submitted_at=submission.submitted_at,
        )
        review.comments_to_authors, review.confidential_comments = review_texts(review, n)
        reviews.append(review)
    Review.objects.bulk_create(reviews)
    _retext_earlier_reviews(event)
    return Review.objects.filter(submission__event=event).count()
