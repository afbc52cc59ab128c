"""Demo programs: SciPy 2020's talks and posters and DLonSC 2020's workshop papers, accepted,
confirmed, scheduled into rooms and published, so that a newcomer sees a real program.

Everything goes through the app's own services: proposals are decided with the chairs'
``decide`` and confirmed by their speakers through ``set_submission_state``; sessions, posters
and blocks are placed with ``program.services`` and published with ``publish_schedule`` (no
emails to the invented speakers). An event whose schedule has a published version is left as it
is, so loading again changes nothing. SciPy 2020's talks and speakers are invented (realistic
topics of its two tracks; people with example.org addresses at real institutions); DLonSC's are
its demo papers (submissions/demo_papers.py)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import mean

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils.text import slugify

from reviews.conflicts import conflict_map
from reviews.demo import BIDDING_DEMO_REVIEWER
from reviews.enums import REVIEWABLE_STATES, Decision
from reviews.models import Review
from reviews.services.decisions import decide
from submissions.enums import SubmissionState
from submissions.models import Speaker, SpeakerProfile, StateChange, Submission
from submissions.services import set_submission_state
from submissions.services.editing import record_revision
from tracks.demo import _user
from tracks.enums import CommitteeRole
from tracks.models import Event

from .enums import SlotKind
from .models import Room, ScheduleVersion
from .selectors import latest_version
from .services import move_slot, place_poster, publish_schedule, save_block, schedule_session


@dataclass(frozen=True)
class Person:
    name: str
    affiliation: str
    country: str
    bio: str

    @property
    def email(self) -> str:
        return f"{slugify(self.name).replace('-', '.')}@example.org"


@dataclass(frozen=True)
class Talk:
    title: str
    abstract: str
    speakers: tuple[Person, ...]


def _talk(title: str, abstract: str, *speakers: tuple[str, str, str, str]) -> Talk:
    return Talk(title, " ".join(abstract.split()), tuple(Person(*s) for s in speakers))


HPP_TALKS = [
    _talk(
        "Taming the import storm: starting Python on 10,000 nodes",
        """When thousands of MPI ranks start Python at once, every `import` becomes a metadata
        storm on the parallel file system, and a job can spend minutes before its first line of
        science. We measure the start-up of a NumPy/SciPy stack on Lustre and GPFS from 64 to
        10,000 nodes and compare the remedies: containers, zipped site-packages and broadcasting
        the environment over MPI. We close with a checklist for users and for HPC centre staff.""",
        (
            "Tomás Herrera",
            "National Energy Research Scientific Computing Center",
            "USA",
            "Tomás is an HPC consultant who helps users run Python at scale on NERSC's "
            "supercomputers.",
        ),
    ),
    _talk(
        "From NumPy to CuPy: porting an X-ray image reconstruction code to GPUs",
        """Our tomographic reconstruction code was 6,000 lines of NumPy and SciPy. Swapping the
        array module for CuPy took a day; making it fast took a month. This talk walks through
        what mattered: keeping data on the device, replacing fancy indexing with custom
        elementwise kernels, using cuFFT plans, and testing CPU and GPU paths from one suite.
        The result reconstructs a 2048³ volume 40 times faster on one V100.""",
        (
            "Amara Nwosu",
            "Argonne National Laboratory",
            "USA",
            "Amara develops reconstruction software for the Advanced Photon Source and "
            "maintains its GPU packages.",
        ),
    ),
    _talk(
        "Writing CUDA kernels in Python with Numba for particle-in-cell plasma simulations",
        """Particle-in-cell codes push billions of particles through fields on a grid. We show
        how a small team wrote the particle pusher, current deposition and field solver as
        Numba CUDA kernels, how atomics and shared memory affected performance, and how the
        same code base still runs on CPUs for debugging. Benchmarks compare the result with the
        group's earlier C++/CUDA implementation.""",
        (
            "Jakob Lindgren",
            "Chalmers University of Technology",
            "Sweden",
            "Jakob is a PhD student in computational plasma physics who would rather write Python "
            "than C++.",
        ),
    ),
    _talk(
        "mpi4py in production: running ensemble climate experiments from Python",
        """Ensembles of hundreds of climate-model runs need launching, monitoring and analysing.
        We replaced a tangle of shell scripts with a Python driver built on mpi4py that splits
        the machine into sub-communicators, restarts failed members and streams diagnostics to
        an xarray-based analysis while the ensemble runs. We share the design, the pitfalls of
        MPI process management, and a year of production experience.""",
        (
            "Mei-Ling Chen",
            "National Center for Atmospheric Research",
            "USA",
            "Mei-Ling is a software engineer in NCAR's Computational and Information Systems Lab.",
        ),
    ),
    _talk(
        "Performance portability from Python: one kernel for CPUs, NVIDIA and AMD GPUs",
        """The next supercomputers have GPUs from different vendors. We compare ways to keep one
        Python code base fast everywhere: array libraries behind a common API, Numba targets,
        and Python bindings to a C++ performance-portability layer. Using three kernels from a
        materials-science code, we report performance on CPUs and on two GPU architectures and
        what each approach costs in code complexity.""",
        (
            "Ravi Shankar",
            "Oak Ridge National Laboratory",
            "USA",
            "Ravi works on programming models and application readiness at the Oak Ridge "
            "Leadership Computing Facility.",
        ),
    ),
    _talk(
        "Cython, Pythran or Numba? One stencil code accelerated three ways",
        """A 2D diffusion stencil is the "hello world" of HPC, yet choosing how to speed it up
        from Python is not obvious. We accelerate the same code with Cython, Pythran and Numba,
        compare speed, threading with OpenMP, build and packaging effort and readability, and
        show which choice our group made for a real ocean-model component, and why.""",
        (
            "Élodie Marchand",
            "Inria",
            "France",
            "Élodie is a research engineer who teaches scientific Python and contributes to "
            "Pythran.",
        ),
    ),
    _talk(
        "Profile before you optimize: finding the hot spots in scientific Python",
        """Most slow scientific Python is slow in one or two places. This talk is a tour of the
        profilers that find them, from cProfile and line_profiler to sampling profilers that
        see into C extensions and tools that attribute memory, using one real analysis script
        as the running example, and of how to read their output without fooling yourself.""",
        (
            "Kwame Asante",
            "Texas Advanced Computing Center",
            "USA",
            "Kwame helps researchers at TACC make their codes faster and teaches its "
            "performance-analysis workshops.",
        ),
    ),
    _talk(
        "Beyond the GIL: threads, processes and native extensions for shared-memory parallelism",
        """When are threads enough in Python, and when do you need processes or compiled code?
        We explain the GIL's real impact, show why threads work well for I/O and for NumPy calls
        that release it, measure the memory cost of multiprocessing, and compare
        `concurrent.futures`, Numba's `parallel=True` and OpenMP in Cython on a 64-core node.""",
        (
            "Ingrid Halvorsen",
            "University of Oslo",
            "Norway",
            "Ingrid is a research software engineer in Oslo's research computing group.",
        ),
    ),
    _talk(
        "Containers for Python on supercomputers: Shifter and Singularity in practice",
        """Containers promise reproducible Python environments on HPC systems, but MPI, GPUs
        and parallel file systems complicate the story. We compare Shifter and Singularity for
        a genomics pipeline and a GPU training job: building images, binding the host's MPI and
        drivers, start-up time at scale, and what our users found easy and hard.""",
        (
            "Diego Fernández",
            "Barcelona Supercomputing Center",
            "Spain",
            "Diego is a systems engineer who looks after the software environment of "
            "MareNostrum's users.",
        ),
    ),
    _talk(
        "Out-of-core arrays on HPC storage with Zarr and Dask",
        """Ocean and atmosphere datasets no longer fit in memory, or in one file. We show how
        Zarr's chunked storage and Dask's scheduler let analysts compute on terabytes from a
        notebook, how chunk shape and compression interact with a parallel file system, and how
        to avoid the metadata bottlenecks we met on our cluster.""",
        (
            "Fatima Benali",
            "University of Washington",
            "USA",
            "Fatima is a postdoctoral researcher in oceanography and a Pangeo contributor.",
        ),
    ),
    _talk(
        "Interactive supercomputing: running Jupyter at a national HPC centre",
        """Users want notebooks; HPC centres want batch jobs, security and fair sharing. We
        describe how we run JupyterHub for thousands of users on a supercomputer: spawning into
        the batch system, kernels in user-defined environments, GPU access, and the support
        questions we did not expect. Usage data from two years guide what we would do again.""",
        (
            "Sean O'Connell",
            "Swiss National Supercomputing Centre",
            "Switzerland",
            "Sean leads the interactive-computing services at CSCS.",
        ),
        (
            "Anja Keller",
            "Swiss National Supercomputing Centre",
            "Switzerland",
            "Anja is a user-support engineer at CSCS who answers most of its Jupyter tickets.",
        ),
    ),
    _talk(
        "Parallel HDF5 from Python: h5py, MPI and a billion particles",
        """Writing a snapshot of a billion particles from 4,096 ranks is a test for any I/O
        stack. We show how to use h5py's MPI driver correctly, when collective I/O helps, how to
        tune Lustre striping from Python, and the performance we reached on our cosmology code
        compared with one file per rank.""",
        (
            "Hiroshi Tanabe",
            "University of Tokyo",
            "Japan",
            "Hiroshi develops simulation codes for galaxy formation and their analysis tools.",
        ),
    ),
    _talk(
        "Generating GPU code for a weather model's dynamical core from Python",
        """Weather models must run on CPUs today and GPUs tomorrow. Our dynamical core is written
        as stencils in a Python-embedded language that generates optimized code for each
        backend. We explain the approach, how domain scientists write and test stencils, and the
        performance of the generated code against the hand-written Fortran it replaces.""",
        (
            "Lena Vogt",
            "MeteoSwiss",
            "Switzerland",
            "Lena is a scientific programmer working on the next generation of Swiss weather "
            "models.",
        ),
    ),
    _talk(
        "Task-based distributed linear algebra from Python",
        """Distributed dense linear algebra usually means ScaLAPACK and its process grids. We
        present a Python library that expresses factorizations as task graphs executed by a
        distributed runtime, which overlaps communication with computation automatically.
        Results on up to 256 nodes compare Cholesky and QR with ScaLAPACK.""",
        (
            "Nikhil Rao",
            "Stanford University",
            "USA",
            "Nikhil is a graduate student working on runtime systems for parallel computing.",
        ),
    ),
    _talk(
        "Scaling Dask on batch schedulers with dask-jobqueue and Dask-MPI",
        """Dask makes parallel Python easy on a laptop; on a cluster, workers must come from the
        batch system. We compare dask-jobqueue's adaptive workers with Dask-MPI's single large
        job for Earth-science workflows on a NASA cluster, covering queue waits, worker
        failures, memory limits and the dashboard behind a login node.""",
        (
            "Wanjiru Kamau",
            "NASA Goddard Space Flight Center",
            "USA",
            "Wanjiru is a data scientist in Goddard's Earth sciences division.",
        ),
        (
            "Tobias Albrecht",
            "NASA Goddard Space Flight Center",
            "USA",
            "Tobias is an HPC engineer at the NASA Center for Climate Simulation.",
        ),
    ),
]

MLDS_TALKS = [
    _talk(
        "Explaining gradient-boosted models to domain scientists with SHAP",
        """Our ecologists trust a model only if they can see why it predicts what it does. We
        show how we use SHAP values to explain gradient-boosted models of species distribution,
        which plots scientists found convincing, where explanations misled us through correlated
        features, and how we report explanations in papers.""",
        (
            "Isabel Moreno",
            "University of California, Davis",
            "USA",
            "Isabel is a quantitative ecologist who builds species-distribution models.",
        ),
    ),
    _talk(
        "Bayesian inference for exoplanet transits with PyMC3",
        """Fitting transit light curves needs physical models, correlated noise and honest
        uncertainties. We show a PyMC3 workflow with Gaussian-process noise models and
        Hamiltonian Monte Carlo, how we check convergence for hundreds of planets, and how to
        keep it fast enough for a survey's catalogue.""",
        (
            "Arjun Mehta",
            "Space Telescope Science Institute",
            "USA",
            "Arjun is an astronomer who studies exoplanet atmospheres with space telescopes.",
        ),
    ),
    _talk(
        "Hyperparameter searches at cluster scale with scikit-learn and Dask",
        """Grid searches over large models outgrow one machine quickly. We show how Dask-ML's
        drop-in search classes distribute scikit-learn searches over a cluster, when
        successive halving saves most of the compute, and the caching that avoids fitting the
        same preprocessing a thousand times.""",
        (
            "Chloe Martin",
            "Brown University",
            "USA",
            "Chloe is a data scientist at Brown's Center for Computation and Visualization.",
        ),
    ),
    _talk(
        "Detecting tropical cyclones in climate simulations with deep learning",
        """Climate models produce petabytes of output, and finding extreme weather in it with
        hand-tuned thresholds is brittle. We trained a segmentation network on expert-labelled
        snapshots to find tropical cyclones and atmospheric rivers, and compare its storm counts
        and tracks with a classical tracker across warming scenarios.""",
        (
            "Samuel Okoye",
            "Pacific Northwest National Laboratory",
            "USA",
            "Samuel is an atmospheric scientist applying machine learning to climate data.",
        ),
    ),
    _talk(
        "Graph neural networks for molecular property prediction",
        """Molecules are graphs, so graph neural networks are a natural fit for predicting their
        properties. We give a practical introduction: featurizing molecules with RDKit, message
        passing in PyTorch, splitting data by scaffold to avoid leakage, and how the models
        compare with fingerprints and random forests on public benchmarks.""",
        (
            "Yara Haddad",
            "University of Toronto",
            "Canada",
            "Yara is a PhD candidate in computational chemistry.",
        ),
    ),
    _talk(
        "Auditing clinical risk models for fairness in Python",
        """A risk score that works on average can fail for some patients. We show how we audit
        clinical prediction models for calibration and error rates across groups with pandas
        and scikit-learn, what the different fairness metrics mean to clinicians, and why the
        choice of metric is a clinical decision, not a technical one.""",
        (
            "Rebecca Stone",
            "Johns Hopkins University",
            "USA",
            "Rebecca is a biostatistician working on the evaluation of clinical prediction models.",
        ),
    ),
    _talk(
        "Anomaly detection in radio telescope telemetry with streaming models",
        """A radio telescope reports thousands of sensor streams. We built a streaming anomaly
        detector in Python that learns each sensor's normal behaviour, flags deviations for the
        operators within seconds, and explains which sensors contributed. We discuss false
        alarm rates, concept drift, and deploying the models next to the control system.""",
        (
            "Mateo Silva",
            "National Radio Astronomy Observatory",
            "USA",
            "Mateo is a software engineer on telescope monitoring and control.",
        ),
    ),
    _talk(
        "Validating scientific data pipelines with pandera",
        """Silent data errors are the worst kind. We show how schema checks with pandera catch
        unit mix-ups, impossible values and changed file formats in a carbon-flux pipeline
        before they reach a paper, how the checks double as documentation, and how to test the
        checks themselves with hypothesis.""",
        (
            "Nora Becker",
            "Max Planck Institute for Biogeochemistry",
            "Germany",
            "Nora is a research software engineer who maintains the institute's data pipelines.",
        ),
    ),
    _talk(
        "Millions of points in the browser: exploratory analysis with Datashader and HoloViews",
        """Scatter plots of millions of points either crash the browser or show an opaque blob.
        Datashader renders the data server-side as an accurate image, and HoloViews keeps it
        interactive. Using taxi, ship-tracking and particle-physics data, we show how to see
        structure that sampling hides.""",
        (
            "Liam Walsh",
            "University of Michigan",
            "USA",
            "Liam is a research scientist who builds visualization tools for large datasets.",
        ),
    ),
    _talk(
        "Active learning with Gaussian processes for materials discovery",
        """Each experiment in our lab takes a day, so choosing the next one matters. We combine
        Gaussian-process regression with acquisition functions to pick the next composition to
        synthesize, and show how the loop found a better thermoelectric material in a quarter
        of the experiments a grid would have needed.""",
        (
            "Sun-hee Park",
            "Korea Advanced Institute of Science and Technology",
            "South Korea",
            "Sun-hee is a materials scientist who automates experimental design.",
        ),
    ),
    _talk(
        "From notebook to package: sharing a research group's models",
        """Our group's models lived in notebooks that only their authors could run. We show the
        small steps that turned them into a tested, documented Python package others use: a
        project template, pinned environments, continuous integration, and versioned model
        files with their training data recorded.""",
        (
            "Olusegun Adeyemi",
            "University of Cape Town",
            "South Africa",
            "Olusegun is a research software engineer supporting data-intensive research groups.",
        ),
    ),
    _talk(
        "Self-supervised learning for satellite imagery with few labels",
        """Labelling satellite images is slow and expensive, but unlabelled images are plentiful.
        We pre-train networks with contrastive self-supervised learning on unlabelled Sentinel-2
        tiles, then fine-tune on a few hundred labelled examples for land-cover mapping, and
        compare with ImageNet pre-training.""",
        (
            "Camille Laurent",
            "Université Grenoble Alpes",
            "France",
            "Camille is a postdoctoral researcher in remote sensing and machine learning.",
        ),
    ),
    _talk(
        "Uncertainty you can trust: calibrating neural-network surrogates",
        """Engineers use neural-network surrogates of expensive simulations to explore designs,
        but a surrogate's confidence is often wrong. We compare deep ensembles, Monte Carlo
        dropout and Gaussian-process output layers on three simulation datasets, measure their
        calibration, and show how to recalibrate cheaply with held-out simulations.""",
        (
            "Daniel Kowalski",
            "Sandia National Laboratories",
            "USA",
            "Daniel works on uncertainty quantification for computational science.",
        ),
        (
            "Aisha Rahman",
            "Sandia National Laboratories",
            "USA",
            "Aisha is a machine-learning researcher working on surrogate models.",
        ),
    ),
    _talk(
        "Tabular science data on GPUs with cuDF and cuML",
        """Many science datasets are just very large tables. We show how cuDF and cuML run
        pandas- and scikit-learn-style workflows on GPUs, where the speed-ups are large, where
        they are not, and how to move between CPU and GPU code with the same API, using a
        particle-physics event selection as the example.""",
        (
            "Victor Nguyen",
            "NVIDIA",
            "USA",
            "Victor is a developer-relations engineer for GPU data science.",
        ),
    ),
    _talk(
        "Reproducible machine-learning experiments with conda environments and DVC",
        """Re-running a model from last year should not be archaeology. We combine locked conda
        environments, DVC for data and pipeline versioning, and a few conventions for random
        seeds and configuration, and show how a new student reproduced a published result on
        their first day.""",
        (
            "Eva Novak",
            "Czech Technical University in Prague",
            "Czech Republic",
            "Eva is an assistant professor teaching machine learning engineering.",
        ),
    ),
]

# (track slug, talk)
POSTERS = [
    (
        "high-performance-python",
        _talk(
            "A benchmark suite for Python array libraries on GPUs",
            """We compare NumPy, CuPy, JAX and PyTorch on 30 common array operations across three
        GPUs, with a harness that anyone can extend and run on their own hardware.""",
            (
                "Marcus Lee",
                "Purdue University",
                "USA",
                "Marcus is a graduate student in computer engineering.",
            ),
        ),
    ),
    (
        "high-performance-python",
        _talk(
            "Parallel Monte Carlo radiative transfer with Numba and mpi4py",
            """A photon-packet Monte Carlo code for dusty galaxies, parallelized with Numba threads
        within a node and mpi4py across nodes, scaling to 512 cores.""",
            (
                "Sofia Russo",
                "University of Padua",
                "Italy",
                "Sofia is a PhD student in astrophysics.",
            ),
        ),
    ),
    (
        "high-performance-python",
        _talk(
            "Lightweight Python workflows for HPC ensembles",
            """A small library that runs thousands of short simulations inside one batch job, with
        restarts and provenance, instead of flooding the scheduler.""",
            (
                "Tariq Hussain",
                "University of Manchester",
                "United Kingdom",
                "Tariq is a research software engineer in Manchester's research IT team.",
            ),
        ),
    ),
    (
        "high-performance-python",
        _talk(
            "What does a NumPy kernel cost in joules?",
            """Energy measurements of common NumPy kernels across four CPU generations, and what
        vectorization and thread counts do to the energy bill of an analysis.""",
            (
                "Julia Schneider",
                "Technical University of Munich",
                "Germany",
                "Julia researches energy-efficient computing.",
            ),
        ),
    ),
    (
        "high-performance-python",
        _talk(
            "Teaching parallel Python with Jupyter and a Raspberry Pi cluster",
            """A course design where students learn MPI, Dask and profiling on a 16-node Raspberry
        Pi cluster they can see and unplug.""",
            (
                "Ana Lima",
                "University of São Paulo",
                "Brazil",
                "Ana is a lecturer in computer science who teaches parallel programming.",
            ),
        ),
    ),
    (
        "machine-learning-and-data-science",
        _talk(
            "Classifying plankton images with transfer learning",
            """Fine-tuned convolutional networks sort millions of imaging-flow-cytometer images into
        50 plankton classes, with an active-learning loop for the rare ones.""",
            (
                "Erik Johansson",
                "Woods Hole Oceanographic Institution",
                "USA",
                "Erik is an oceanographer working on automated plankton monitoring.",
            ),
        ),
    ),
    (
        "machine-learning-and-data-science",
        _talk(
            "Crop yield forecasts from satellite time series with xarray and scikit-learn",
            """County-level yield forecasts from Sentinel-2 time series, built with xarray for the
        data cubes and gradient boosting for the model.""",
            (
                "Mariana Ortiz",
                "Wageningen University & Research",
                "Netherlands",
                "Mariana is a researcher in agricultural remote sensing.",
            ),
        ),
    ),
    (
        "machine-learning-and-data-science",
        _talk(
            "Clustering single-cell RNA-seq data reproducibly with Scanpy",
            """How random seeds, neighbour graphs and resolution choices change single-cell
        clusters, and a pipeline that makes the choices explicit and reproducible.""",
            ("Kevin Osei", "Broad Institute", "USA", "Kevin is a computational biologist."),
        ),
    ),
    (
        "machine-learning-and-data-science",
        _talk(
            "Finding gravitational-wave detector glitches with convolutional networks",
            """A classifier for transient noise in detector spectrograms, trained on citizen-science
        labels, that helps separate glitches from astrophysical signals.""",
            (
                "Laura Bianco",
                "Syracuse University",
                "USA",
                "Laura is a postdoctoral researcher in gravitational-wave astronomy.",
            ),
        ),
    ),
    (
        "machine-learning-and-data-science",
        _talk(
            "Feature engineering for low-cost air-quality sensor networks",
            """Calibrating cheap particulate sensors against reference stations with features from
        humidity, temperature and neighbouring sensors.""",
            (
                "Rohan Kapoor",
                "Indian Institute of Science",
                "India",
                "Rohan is a PhD student in environmental engineering.",
            ),
        ),
    ),
]

TALK_OUTLINE = (
    "**Outline.** The problem and why it matters (5 min); the approach, with code (10 min); "
    "results (5 min); questions (5 min). Code and slides will be linked from the talk's "
    "repository."
)
POSTER_OUTLINE = "The poster shows the method, the results and a link to the code."

KEYNOTES = [
    (
        "Keynote: Python in the exascale era",
        "What changes for scientific Python when the next supercomputers arrive: GPUs from "
        "several vendors, deeper memory hierarchies and millions of threads.",
    ),
    (
        "Keynote: Open source as scientific infrastructure",
        "The libraries every paper depends on are maintained by a few people. How the community "
        "funds, governs and sustains them.",
    ),
    (
        "Keynote: Machine learning that scientists can trust",
        "Uncertainty, interpretability and reproducibility: what it takes for a learned model "
        "to become part of the scientific method.",
    ),
]
SCIPY_ROOMS = [
    # name, description, capacity
    ("Ballroom", "Keynotes, lightning talks and the poster session.", 400),
    ("Room 106", "High Performance Python track.", 150),
    ("Room 203", "Machine Learning and Data Science track.", 120),
]
SCIPY_DAYS = [date(2020, 7, 8), date(2020, 7, 9), date(2020, 7, 10)]  # the talks' three days
TALK_STARTS = [time(10, 45), time(11, 15), time(11, 45), time(13, 30), time(14, 0)]
DLONSC_ROOM = "SC20 virtual room"
DLONSC_CHAIR = "zhao.zhang@dlonsc.example.org"
DLONSC_PAPER_STARTS = [
    time(11, 15), time(11, 40), time(12, 5), time(12, 30),
    time(13, 45), time(14, 10), time(14, 35),
    time(15, 15), time(15, 40), time(16, 5),
]  # fmt: skip
DLONSC_PAPER_MINUTES = 25  # 20 minutes and 5 for questions
# When the versions were published, about as the events would have done it.
SCIPY_PUBLISHED = [datetime(2020, 6, 15, 10), datetime(2020, 6, 29, 16)]
DLONSC_PUBLISHED = datetime(2020, 10, 26, 12)


def load_demo_programs() -> list[ScheduleVersion]:
    """The published programs of SciPy 2020 and DLonSC 2020 (their latest versions)."""
    with transaction.atomic():
        return [_scipy_2020(), _dlonsc_2020()]


def _at(event: Event, day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=event.zone)


def _organizer(email: str):
    return get_user_model().objects.get(email=email)


def _decide_and_confirm(event: Event, submissions: list[Submission], chairs: list) -> None:
    """Accept each proposal (by the first chair without a conflict of interest with it), as the
    chairs do on the decisions page, then confirm it as its first speaker does."""
    conflicts = conflict_map(event, submission_ids=[s.pk for s in submissions])
    for submission in submissions:
        if submission.state in REVIEWABLE_STATES:
            chair = next(c for c in chairs if (submission.pk, c.pk) not in conflicts)
            decide(submissions=[submission], decision=Decision.ACCEPT, by=chair)
        if submission.state == SubmissionState.ACCEPTED:
            speaker = submission.speakers.order_by("position", "pk").first()
            set_submission_state(
                submission=submission, to=SubmissionState.CONFIRMED, by=speaker.user
            )


def _speaker_bio(event: Event, user, bio: str) -> None:
    SpeakerProfile.objects.get_or_create(event=event, user=user, defaults={"bio": bio})


def _proposal(event: Event, track, session_type, talk: Talk, outline: str) -> Submission:
    """A submitted proposal with its speakers and bios, as an author submits it."""
    if existing := Submission.objects.filter(event=event, title=talk.title).first():
        return existing
    users = [_user(p.email, p.name, p.affiliation, p.country) for p in talk.speakers]
    submission = Submission.objects.create(
        event=event, track=track, session_type=session_type, title=talk.title,
        abstract=talk.abstract, description=f"{talk.abstract}\n\n{outline}",
        ai_statement="No AI.", created_by=users[0], state=SubmissionState.SUBMITTED,
        submitted_at=event.deadlines.get(kind="cfp_closes").due,
    )  # fmt: skip
    for position, (person, user) in enumerate(zip(talk.speakers, users, strict=True)):
        Speaker.objects.create(submission=submission, user=user, position=position)
        _speaker_bio(event, user, person.bio)
    StateChange.objects.create(
        submission=submission, from_state="draft", to_state="submitted", changed_by=users[0]
    )
    record_revision(submission, users[0])
    return submission


def _room(event: Event, name: str, description: str, capacity, position: int, hours=(None, None)):
    room, _ = Room.objects.get_or_create(
        event=event,
        name=name,
        defaults={
            "description": description,
            "capacity": capacity,
            "position": position,
            "opens_at": hours[0],
            "closes_at": hours[1],
        },
    )
    return room


def _backdate(version: ScheduleVersion, when: datetime, event: Event) -> ScheduleVersion:
    """Show the version as published before the event, not on the day the demo was loaded."""
    published_at = when.replace(tzinfo=event.zone)
    ScheduleVersion.objects.filter(pk=version.pk).update(published_at=published_at)
    version.published_at = published_at
    return version


# SciPy 2020 -------------------------------------------------------------------------------


def _scipy_2020() -> ScheduleVersion:
    event = Event.objects.get(slug="scipy-2020")
    if version := latest_version(event):
        return version
    chairs = [
        m.user
        for m in event.memberships.filter(role=CommitteeRole.ORGANIZER)
        .select_related("user")
        .order_by("position")
    ]
    talk_type = event.session_types.get(slug="talk")
    poster_type = event.session_types.get(slug="poster")
    tracks = {track.slug: track for track in event.tracks.all()}
    hpp = [
        _proposal(event, tracks["high-performance-python"], talk_type, talk, TALK_OUTLINE)
        for talk in HPP_TALKS
    ]
    mlds = [
        _proposal(event, tracks["machine-learning-and-data-science"], talk_type, talk, TALK_OUTLINE)
        for talk in MLDS_TALKS
    ]
    posters = [
        _proposal(event, tracks[slug], poster_type, talk, POSTER_OUTLINE) for slug, talk in POSTERS
    ]
    _decide_and_confirm(event, hpp + mlds + posters, chairs)
    rooms = [
        _room(event, name, description, capacity, position, (time(8), time(19)))
        for position, (name, description, capacity) in enumerate(SCIPY_ROOMS, start=1)
    ]
    _scipy_blocks(event, rooms[0])
    for talks, room in ((hpp, rooms[1]), (mlds, rooms[2])):
        starts = [_at(event, day, at) for day in SCIPY_DAYS for at in TALK_STARTS]
        for talk, start in zip(talks, starts, strict=True):
            schedule_session(submission=talk, room=room, start=start)
    poster_session = save_block(
        event=event, kind=SlotKind.POSTER_SESSION, title="Poster session", room=rooms[0],
        start=_at(event, SCIPY_DAYS[1], time(16, 15)), end=_at(event, SCIPY_DAYS[1], time(17, 45)),
        description="Meet the authors of the posters below. Boards P1–P5: High Performance "
        "Python; P6–P10: Machine Learning and Data Science.",
    )  # fmt: skip
    for board, poster in enumerate(posters, start=1):
        place_poster(submission=poster, poster_session=poster_session, board=f"P{board}")
    by = chairs[0]
    first = publish_schedule(
        event=event, name="v1.0", notify_speakers=False, by=by,
        comment="The program of the three conference days: keynotes, talks in both tracks and "
        "the poster session. Tutorials (Jul 6–7) and sprints (Jul 11–12) are listed on the "
        "conference website.",
    )  # fmt: skip
    _backdate(first, SCIPY_PUBLISHED[0], event)
    _swap(hpp[8], hpp[9])
    second = publish_schedule(
        event=event, name="v1.1", notify_speakers=False, by=by,
        comment="Two High Performance Python talks on Thursday afternoon swapped at a "
        "speaker's request.",
    )  # fmt: skip
    return _backdate(second, SCIPY_PUBLISHED[1], event)


def _scipy_blocks(event: Event, ballroom: Room) -> None:
    for day, (keynote, about) in zip(SCIPY_DAYS, KEYNOTES, strict=True):
        opening = "Welcome to SciPy 2020" if day == SCIPY_DAYS[0] else "Announcements"
        blocks = [
            (SlotKind.OTHER, opening, ballroom, time(9), time(9, 15), ""),
            (SlotKind.KEYNOTE, keynote, ballroom, time(9, 15), time(10, 15), about),
            (SlotKind.BREAK, "Coffee break", None, time(10, 15), time(10, 45), ""),
            (SlotKind.BREAK, "Lunch", None, time(12, 15), time(13, 30), ""),
            (SlotKind.BREAK, "Coffee break", None, time(14, 30), time(15), ""),
            (SlotKind.OTHER, "Lightning talks", ballroom, time(15), time(16),
             "Five-minute talks by anyone: sign up at the registration desk on the day."),
        ]  # fmt: skip
        if day == SCIPY_DAYS[-1]:
            blocks.append((SlotKind.OTHER, "Closing remarks", ballroom, time(16), time(16, 15), ""))
        for kind, title, room, start, end, description in blocks:
            save_block(
                event=event, kind=kind, title=title, room=room, description=description,
                start=_at(event, day, start), end=_at(event, day, end),
            )  # fmt: skip


def _swap(first: Submission, second: Submission) -> None:
    """Swap two scheduled talks in the draft, as an organizer does by moving them in the grid."""
    a, b = first.slots.get(version__isnull=True), second.slots.get(version__isnull=True)
    a_place, b_place = (a.room, a.start), (b.room, b.start)
    move_slot(slot=a, room=b_place[0], start=b_place[1], end=None, revision=a.revision)
    move_slot(slot=b, room=a_place[0], start=a_place[1], end=None, revision=b.revision)


# DLonSC 2020 ------------------------------------------------------------------------------


def accepted_demo_papers(event: Event, limit: int = len(DLONSC_PAPER_STARTS)) -> list[Submission]:
    """The papers the co-chairs accept: still under review, with at least two submitted reviews
    whose mean overall score is at least the middle of the form's scale, best first. Papers
    the demo's bidding reviewer still has to review stay undecided, so that he has reviews to
    write."""
    candidates = (
        Submission.objects.filter(event=event, state__in=REVIEWABLE_STATES)
        .exclude(assignments__reviewer__email=BIDDING_DEMO_REVIEWER)
        .annotate(reviewed=Count("reviews", filter=Q(reviews__submitted_at__isnull=False)))
        .filter(reviewed__gte=2)
        .order_by("pk")
    )
    reviews = Review.objects.filter(
        submission__in=candidates, submitted_at__isnull=False, overall__isnull=False
    ).select_related("form")
    scores: dict[int, list[float]] = {}
    for review in reviews:
        form = review.form
        middle = (form.overall_min + form.overall_max) / 2
        scores.setdefault(review.submission_id, []).append(review.overall - middle)
    ranked = sorted(
        (s for s in candidates if s.pk in scores and mean(scores[s.pk]) >= 0),
        key=lambda s: (-mean(scores[s.pk]), s.pk),
    )
    return sorted(ranked[:limit], key=lambda s: s.pk)


def _paper_bio(user) -> str:
    return (
        f"{user.name} is a researcher at {user.affiliation}, working on deep learning "
        "for science on HPC systems."
    )


def _dlonsc_2020() -> ScheduleVersion | None:
    event = Event.objects.get(slug="dlonsc-2020")
    if version := latest_version(event):
        return version
    chair = _organizer(DLONSC_CHAIR)  # the demo's co-chair login decides and publishes
    chairs = [chair] + [
        m.user
        for m in event.memberships.filter(role=CommitteeRole.ORGANIZER)
        .exclude(user=chair)
        .select_related("user")
        .order_by("position")
    ]
    papers = accepted_demo_papers(event)
    if not papers:  # no reviews to decide from (the reviews demo was not loaded)
        return None
    _decide_and_confirm(event, papers, chairs)
    room = _room(
        event, DLONSC_ROOM, "SC20 was held virtually: talks streamed live, questions in the "
        "session chat.", None, 1,
    )  # fmt: skip
    day = event.start_date
    blocks = [
        (SlotKind.OTHER, "Welcome and introduction", time(10), time(10, 10), ""),
        (SlotKind.KEYNOTE, "Keynote: Scientific deep learning on the road to exascale",
         time(10, 10), time(11), "How training and inference at scale change the design of "
         "the next supercomputers, and what the workshop's community can do about it."),
        (SlotKind.BREAK, "Break", time(11), time(11, 15), ""),
        (SlotKind.BREAK, "Lunch break", time(13), time(13, 45), ""),
        (SlotKind.BREAK, "Break", time(15), time(15, 15), ""),
        (SlotKind.OTHER, "Panel: Deep learning and simulation, partners or rivals?",
         time(16, 35), time(17, 20), "The workshop's speakers and co-chairs discuss where "
         "learned models replace numerical simulation, and where they must not."),
        (SlotKind.OTHER, "Closing remarks", time(17, 20), time(17, 30), ""),
    ]  # fmt: skip
    for kind, title, start, end, description in blocks:
        save_block(
            event=event, kind=kind, title=title, room=room, description=description,
            start=_at(event, day, start), end=_at(event, day, end),
        )  # fmt: skip
    for paper, start in zip(papers, DLONSC_PAPER_STARTS, strict=False):
        begins = _at(event, day, start)
        schedule_session(
            submission=paper, room=room, start=begins,
            end=begins + timedelta(minutes=DLONSC_PAPER_MINUTES),
        )  # fmt: skip
        speaker = paper.speakers.select_related("user").order_by("position", "pk").first()
        _speaker_bio(event, speaker.user, _paper_bio(speaker.user))
    version = publish_schedule(
        event=event, name="v1.0", notify_speakers=False, by=chair,
        comment="The workshop's program: the keynote, the accepted papers (20 minutes each "
        "and 5 for questions) and the closing panel. All times US Eastern.",
    )  # fmt: skip
    return _backdate(version, DLONSC_PUBLISHED, event)
