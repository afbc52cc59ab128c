"""Demo workshop papers for DLonSC 2020, one per topic of its call, so that the committee has
something to bid on and assign. The authors are invented; their institutions are real, and some
match committee members' (written differently), which shows conflict detection at work. Each paper
comes with a generated PDF (demo_paper_pdf) that reviewers can read."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tracks.demo import _user
from tracks.models import Event

from .demo_paper_pdf import Author, paper_html, render_pdfs
from .enums import QuestionKind, SubmissionState
from .forms.proposal import SubmissionForm
from .models import Answer, CoAuthor, Question, Speaker, StateChange, Submission
from .services.editing import FILE_FIELDS, _apply, bump_version, record_revision

# (title, abstract, (speaker name, email, affiliation), co-author (name, affiliation) or None)
PAPERS = [
    (
        "Physics-informed surrogates for cosmological simulations at scale",
        "We train neural surrogates for N-body cosmology runs on 1,024 GPUs and show where they "
        "replace traditional numerical simulation and where they fail.",
        ("Nadia Okafor", "nadia.okafor@example.org", "Lawrence Berkeley National Laboratory"),
        ("Tom Reyes", "University of Chicago"),
    ),
    (
        "Coupling deep learning with MPI-based climate models",
        "A library that couples PyTorch models with Fortran climate codes through MPI, "
        "exchanging fields every time step without leaving the GPU.",
        ("Lukas Brandt", "lukas.brandt@example.org", "Jülich Supercomputing Centre"),
        ("Mei Tanaka", "RIKEN Center for Computational Science"),
    ),
    (
        "When does deep learning beat the baseline in materials science?",
        "A study of 40 published scientific DL results against tuned classical baselines: the "
        "effectiveness and the limitations of DL methods in scientific research.",
        ("Sara Lindqvist", "sara.lindqvist@example.org", "KTH Royal Institute of Technology"),
        None,
    ),
    (
        "Bitwise-reproducible distributed training for scientific DL",
        "Algorithms and procedures that make data-parallel training deterministic across node "
        "counts, with the software releases, datasets and hardware recorded.",
        ("Jonas Weber", "jonas.weber@example.org", "ETH Zürich"),
        ("Ana Costa", "Barcelona Supercomputing Centre"),
    ),
    (
        "Managing petabyte training sets through the life cycle of a DL application",
        "Data management for scientific DL: ingest, versioning, staging to burst buffers and "
        "archiving, measured on a production supercomputer.",
        ("Rahul Iyer", "rahul.iyer@example.org", "Argonne National Laboratory"),
        ("Grace Liu", "Univ. of Illinois Urbana-Champaign"),
    ),
    (
        "Large-batch optimizers for efficient and scalable DL training",
        "LAMB and LARS revisited: general algorithms for scalable training of ResNet-50 on "
        "ImageNet-1K to 16k GPUs, with MLPerf-comparable results.",
        ("Kenji Mori", "kenji.mori@example.org", "Tokyo Institute of Technology"),
        None,
    ),
    (
        "Serving large models for scientific use cases on HPC systems",
        "General algorithms and systems for large-scale model serving: batching, sharding and "
        "scheduling inference next to simulation jobs.",
        ("Olga Petrova", "olga.petrova@example.org", "Texas Advanced Computing Center"),
        ("Ben Carter", "The University of Texas at Austin"),
    ),
    (
        "Horovod on Slingshot: communication optimization for DL at scale",
        "Allreduce algorithms tuned for dragonfly networks cut communication time by 38% when "
        "training transformers on 4,096 GPUs.",
        ("Dmitri Volkov", "dmitri.volkov@example.org", "NVIDIA Corporation"),
        None,
    ),
    (
        "I/O optimization for deep learning on parallel file systems",
        "Shuffling, caching and prefetching strategies for DL data loaders on Lustre and GPFS, "
        "with a model that predicts I/O stalls.",
        ("Hannah Schmidt", "hannah.schmidt@example.org", "Oak Ridge National Laboratory"),
        ("Luis Ortega", "Lawrence Berkeley National Lab"),
    ),
    (
        "Memory hierarchy changes and their impact on deep learning in HPC",
        "How high-bandwidth memory, CXL and wafer-scale accelerators change the balance of "
        "compute and data movement for DL workloads.",
        ("Priya Raman", "priya.raman@example.org", "Georgia Institute of Technology"),
        None,
    ),
    (
        "Performance analysis of DL training on three deployed supercomputers",
        "DL performance evaluation on deployed systems: where time goes in training four "
        "scientific models, from kernels to the interconnect.",
        ("Marco Rossi", "marco.rossi@example.org", "CINECA"),
        ("Elena Bianchi", "CERN"),
    ),
    (
        "An analytical performance model for tuning DL on supercomputers",
        "Performance modeling and tuning of DL on supercomputers: a roofline-style model that "
        "picks parallelism strategies within 10% of the best measured.",
        ("Yuki Sato", "yuki.sato@example.org", "RIKEN Center for Computational Science"),
        None,
    ),
    (
        "SciMLBench on supercomputers: benchmarks for scientific DL",
        "DL benchmarks on supercomputers: a suite of scientific DL benchmarks with open datasets "
        "and reference results on four systems.",
        ("Claire Dubois", "claire.dubois@example.org", "University of Chicago & ANL"),
        ("Ian Park", "Argonne National Lab"),
    ),
    (
        "New software for scalable DL: a JAX backend for particle physics",
        "New software and enhancements to existing software for scalable DL, applied to "
        "particle-physics event generation.",
        ("Felix Braun", "felix.braun@example.org", "CERN"),
        None,
    ),
]


ARTIFACTS = "Will the code and data behind the paper be publicly available?"
ARTIFACT_OPTIONS = ["Yes, already", "Yes, by the workshop", "Partly", "No"]


@transaction.atomic
def load_demo_papers() -> list[Submission]:
    """Submitted workshop papers in DLonSC 2020's Papers track; idempotent by title."""
    event = Event.objects.get(slug="dlonsc-2020")
    track = event.tracks.get(slug="papers")
    session_type = event.session_types.get(slug="workshop-paper")
    submitted_at = event.deadlines.get(kind="cfp_closes").due
    artifacts, _ = Question.objects.get_or_create(
        event=event, text=ARTIFACTS,
        defaults={"kind": QuestionKind.CHOICE, "options": ARTIFACT_OPTIONS,
                  "shown_to_reviewers": True, "position": 1},
    )  # fmt: skip
    with_pdf = set(Submission.objects.filter(event=event).exclude(paper="").values_list(
        "title", flat=True))  # fmt: skip
    pdfs = _pdfs({paper[0] for paper in PAPERS} - with_pdf)
    papers = []
    for title, abstract, (name, email, affiliation), coauthor in PAPERS:
        if existing := Submission.objects.filter(event=event, title=title).first():
            if not existing.paper:  # loaded before the demo papers had PDFs
                attach_paper(existing, pdfs[title])
                bump_version(existing, existing.created_by)
            papers.append(existing)
            continue
        author = _user(email, name, affiliation)
        paper = Submission.objects.create(
            event=event, track=track, session_type=session_type, title=title,
            abstract=abstract, ai_statement="No AI.", created_by=author,
            state=SubmissionState.SUBMITTED, submitted_at=submitted_at,
        )  # fmt: skip
        Speaker.objects.create(submission=paper, user=author, position=0)
        if coauthor:
            CoAuthor.objects.create(
                submission=paper, name=coauthor[0], affiliation=coauthor[1], position=1
            )
        StateChange.objects.create(
            submission=paper, from_state="draft", to_state="submitted", changed_by=author
        )
        option = ARTIFACT_OPTIONS[len(papers) % len(ARTIFACT_OPTIONS)]
        Answer.objects.create(submission=paper, question=artifacts, value=option)
        attach_paper(paper, pdfs[title])
        record_revision(paper, author)
        papers.append(paper)
    return papers


def _pdfs(titles: set[str]) -> dict[str, bytes]:
    """The PDFs of the papers with these titles (rendered, or from the cache)."""
    htmls = {}
    for index, (title, abstract, (name, email, affiliation), coauthor) in enumerate(PAPERS):
        if title in titles:
            authors = [Author(name, affiliation)] + ([Author(*coauthor)] if coauthor else [])
            htmls[title] = paper_html(
                index=index, title=title, abstract=abstract, authors=authors, contact=email
            )
    return dict(zip(htmls, render_pdfs(list(htmls.values())), strict=True))


def attach_paper(paper: Submission, pdf: bytes) -> None:
    """Store ``pdf`` as the paper's upload the way an author's upload is: checked by the proposal
    form (a readable PDF within the session type's pages), which records its pages."""
    form = SubmissionForm(instance=paper)
    data = {key: value for key, value in form.initial.items()
            if key not in FILE_FIELDS and value is not None}  # fmt: skip
    upload = SimpleUploadedFile("paper.pdf", pdf, content_type="application/pdf")
    form = SubmissionForm(data, {"paper": upload}, instance=paper)
    if not form.is_valid():
        raise ValidationError(f"Demo paper “{paper.title}”: {form.errors.as_text()}")
    _apply(paper, {}, {"paper": form.files_to_save["paper"]})
    paper.save()
