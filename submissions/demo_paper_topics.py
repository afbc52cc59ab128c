"""What each demo paper of DLonSC 2020 is about, in the phrases its generated PDF is written from
(see demo_paper_pdf). Invented, like the papers: systems and machines are real names, results
are not."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PaperTopic:
    topic: str  # a noun phrase: "… on {topic}"
    artifact: str  # what the paper contributes, as the subject of a sentence
    domain: str  # the science or the workload
    baseline: str  # what it is compared with
    machine: str  # where it was measured
    scale: str  # how large the largest run was
    metric: str  # what was measured
    gain: str  # the main result, as a noun phrase
    limitation: str  # where it does not work, as a noun phrase
    keywords: str


TOPICS = {
    "Physics-informed surrogates for cosmological simulations at scale": PaperTopic(
        topic="physics-informed neural surrogates for N-body cosmology",
        artifact="our surrogate, CosmoPINN,",
        domain="cosmological structure formation",
        baseline="a tree-particle-mesh N-body code",
        machine="Summit",
        scale="1,024 GPUs",
        metric="the time to compute a matter power spectrum",
        gain="a 40× shorter time to solution at 2% error on large scales",
        limitation="small, strongly non-linear scales, where the error grows beyond 10%",
        keywords="surrogate models, cosmology, N-body simulation, physics-informed learning",
    ),
    "Coupling deep learning with MPI-based climate models": PaperTopic(
        topic="coupling PyTorch models with MPI-based Fortran climate codes",
        artifact="our coupling library, TorchCouple,",
        domain="climate modelling",
        baseline="file-based coupling through NetCDF files",
        machine="JUWELS Booster",
        scale="512 GPUs",
        metric="the coupling overhead per time step",
        gain="a coupling overhead below 4% of the time step, against 31% for file-based exchange",
        limitation="models whose weights and activations do not fit in GPU memory next to the "
        "climate code",
        keywords="climate models, MPI, Fortran, PyTorch, model coupling",
    ),
    "When does deep learning beat the baseline in materials science?": PaperTopic(
        topic="deep learning against tuned classical baselines in materials science",
        artifact="our re-evaluation protocol",
        domain="materials property prediction",
        baseline="gradient-boosted trees and kernel ridge regression on standard descriptors",
        machine="Beskow",
        scale="a 64-node CPU partition",
        metric="the mean absolute error on held-out compositions",
        gain="a clear win for deep models in only 11 of 40 published comparisons",
        limitation="data sets with fewer than a few thousand labelled samples",
        keywords="materials science, baselines, evaluation methodology, reproducibility",
    ),
    "Bitwise-reproducible distributed training for scientific DL": PaperTopic(
        topic="bitwise-reproducible data-parallel training",
        artifact="our deterministic reduction, DetReduce,",
        domain="scientific deep learning",
        baseline="the non-deterministic NCCL all-reduce",
        machine="Piz Daint",
        scale="256 GPUs",
        metric="the training throughput and the bitwise agreement of the weights",
        gain="bitwise-identical weights from 8 to 256 GPUs for a 6% loss of throughput",
        limitation="operators whose GPU kernels are non-deterministic, such as scatter-add",
        keywords="reproducibility, determinism, data parallelism, provenance",
    ),
    "Managing petabyte training sets through the life cycle of a DL application": PaperTopic(
        topic="life-cycle data management for petabyte-scale training sets",
        artifact="our data manager, DataShepherd,",
        domain="scientific training data",
        baseline="hand-written staging scripts",
        machine="Theta",
        scale="4.2 PB of training data",
        metric="the time to stage one epoch's data to the burst buffers",
        gain="staging times cut from nine hours to 70 minutes",
        limitation="data sets that change more often than once a day",
        keywords="data management, burst buffers, versioning, archiving",
    ),
    "Large-batch optimizers for efficient and scalable DL training": PaperTopic(
        topic="large-batch optimizers for scalable training",
        artifact="our warm-up and decay schedule for LAMB and LARS",
        domain="image classification with ResNet-50 on ImageNet-1K",
        baseline="synchronous SGD with momentum and linear learning-rate scaling",
        machine="ABCI",
        scale="16,384 GPUs",
        metric="the time to 75.9% top-1 accuracy",
        gain="a time to accuracy of 74 seconds at a batch size of 64k",
        limitation="batch sizes beyond 64k, where accuracy falls short of the MLPerf target",
        keywords="large-batch training, LAMB, LARS, MLPerf, ImageNet",
    ),
    "Serving large models for scientific use cases on HPC systems": PaperTopic(
        topic="serving large models next to simulation jobs on HPC systems",
        artifact="our serving layer, HPC-Serve,",
        domain="inference inside scientific workflows",
        baseline="a separate cloud inference endpoint",
        machine="Frontera",
        scale="128 GPUs",
        metric="the request throughput at a fixed tail latency",
        gain="a 3.1× higher request throughput at the same 99th-percentile latency",
        limitation="models larger than the memory of one node",
        keywords="model serving, inference, batching, scheduling, workflows",
    ),
    "Horovod on Slingshot: communication optimization for DL at scale": PaperTopic(
        topic="all-reduce algorithms tuned for dragonfly networks",
        artifact="our Slingshot-aware Horovod backend",
        domain="transformer training",
        baseline="the default ring all-reduce",
        machine="a Slingshot test system",
        scale="4,096 GPUs",
        metric="the communication time per iteration",
        gain="38% less communication time per iteration",
        limitation="jobs spread over many dragonfly groups with congested global links",
        keywords="all-reduce, Horovod, dragonfly networks, communication",
    ),
    "I/O optimization for deep learning on parallel file systems": PaperTopic(
        topic="I/O for deep-learning data loaders on parallel file systems",
        artifact="our stall model, StallSight,",
        domain="data loading for training",
        baseline="the default PyTorch DataLoader reading straight from the file system",
        machine="Summit and a Lustre-based cluster",
        scale="1,536 GPUs",
        metric="the share of time the GPUs wait for data",
        gain="I/O stalls reduced from 42% to 6% of training time",
        limitation="random access to very small samples",
        keywords="I/O, Lustre, GPFS, caching, prefetching, data loaders",
    ),
    "Memory hierarchy changes and their impact on deep learning in HPC": PaperTopic(
        topic="the effect of new memory hierarchies on deep-learning workloads",
        artifact="our characterisation framework",
        domain="deep-learning workload characterisation",
        baseline="nodes with DDR memory only",
        machine="three testbeds (HBM, CXL-attached memory and a wafer-scale engine)",
        scale="three systems",
        metric="the arithmetic intensity and the achieved memory bandwidth",
        gain="a 2.4× speed-up of memory-bound layers on HBM, while compute-bound ones gain "
        "under 10%",
        limitation="CXL latency under multi-tenant load, which we could not measure",
        keywords="memory hierarchy, HBM, CXL, roofline, accelerators",
    ),
    "Performance analysis of DL training on three deployed supercomputers": PaperTopic(
        topic="the performance of deep-learning training on deployed supercomputers",
        artifact="our trace-based methodology",
        domain="four scientific models",
        baseline="the vendors' benchmark figures",
        machine="Marconi100, Summit and JUWELS Booster",
        scale="2,048 GPUs",
        metric="the breakdown of iteration time",
        gain="communication and data loading taking up to 47% of iteration time",
        limitation="models trained with pipeline parallelism",
        keywords="performance analysis, tracing, supercomputers, benchmarking",
    ),
    "An analytical performance model for tuning DL on supercomputers": PaperTopic(
        topic="an analytical performance model for choosing parallelism strategies",
        artifact="our model, ParaRoof,",
        domain="deep learning on supercomputers",
        baseline="an exhaustive search over configurations",
        machine="Fugaku",
        scale="8,192 nodes",
        metric="the predicted against the measured iteration time",
        gain="strategies within 10% of the best measured one, chosen in seconds instead of "
        "node-days",
        limitation="heterogeneous nodes",
        keywords="performance modelling, roofline, parallelism, auto-tuning",
    ),
    "SciMLBench on supercomputers: benchmarks for scientific DL": PaperTopic(
        topic="benchmarking scientific deep learning on supercomputers",
        artifact="our benchmark suite",
        domain="scientific deep learning",
        baseline="the MLPerf training results",
        machine="four supercomputers",
        scale="four systems",
        metric="the time to solution of each benchmark",
        gain="reference results and open data sets for eight benchmarks on four systems",
        limitation="benchmarks whose data sets exceed 10 TB",
        keywords="benchmarks, scientific machine learning, open data sets",
    ),
    "New software for scalable DL: a JAX backend for particle physics": PaperTopic(
        topic="a JAX backend for particle-physics event generation",
        artifact="our backend, JetGen,",
        domain="particle-physics event generation",
        baseline="the existing C++ event generator on CPUs",
        machine="Marconi100",
        scale="256 GPUs",
        metric="the number of events generated per second",
        gain="a 19× higher event rate per node",
        limitation="processes with many final-state particles, where compile times grow",
        keywords="JAX, particle physics, event generation, GPUs",
    ),
}
