"""The demo papers' PDFs, written from each paper's title, abstract, authors and topic
(demo_paper_topics) through templates/submissions/demo/paper.html and WeasyPrint.

Each paper has 6 or 7 pages before its references, which start mid-page or on a page of their
own (8 pages at most in all), as the DLonSC call asks. WeasyPrint takes most of a second a paper,
so every PDF is cached under VAR_DIR/demo-papers/, named by the hash of its HTML: loading the demo
again, or in the next test, reads the file; a changed text renders anew.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .demo_paper_topics import TOPICS

NODES = [1, 2, 4, 8, 16, 32, 64, 128]


@dataclass(frozen=True)
class Author:
    name: str
    affiliation: str


def _layout(index: int) -> dict:
    """Papers differ in length and in where their references start."""
    return {
        "content_pages": 6 if index % 3 == 0 else 7,
        "references_on_new_page": index % 3 != 1,
    }


def _exponents(index: int) -> tuple[float, float]:
    """How well the baseline and this work scale: speed-up on n nodes is n ** exponent."""
    return 0.62 + 0.04 * (index % 4), 0.93 - 0.01 * (index % 3)


def _chart(index: int) -> dict:
    width, height, left, right, top, bottom = 400, 214, 34, 318, 8, 178
    low, high = _exponents(index)

    def point(nodes: int, speedup: float) -> str:
        x = left + (right - left) * NODES.index(nodes) / (len(NODES) - 1)
        return f"{x:.1f},{bottom - (bottom - top) * speedup / NODES[-1]:.1f}"

    return {
        "width": width, "height": height, "left": left, "right": right, "top": top,
        "bottom": bottom, "middle": (left + right) // 2, "legend_x": right + 8,
        "ideal": " ".join(point(n, n) for n in NODES),
        "baseline": " ".join(point(n, n**low) for n in NODES),
        "ours": " ".join(point(n, n**high) for n in NODES),
        "x_ticks": [{"at": point(n, 0).split(",")[0], "label": n} for n in NODES],
        "y_ticks": [
            {"at": point(1, value).split(",")[1], "label": value} for value in (0, 32, 64, 96, 128)
        ],
    }  # fmt: skip


def _rows(index: int) -> list[dict]:
    low, high = _exponents(index)
    one_node = 180 + 23 * index  # ms per step on one node
    rows = []
    for nodes in [*NODES[::2], NODES[-1]]:
        baseline, ours = one_node / nodes**low, one_node * 0.97 / nodes**high
        rows.append({"nodes": nodes, "baseline": f"{baseline:.1f}", "ours": f"{ours:.1f}",
                     "gain": f"{baseline / ours:.2f}×"})  # fmt: skip
    return rows


def paper_html(*, index: int, title: str, abstract: str, authors: list[Author], contact: str):
    """The paper as HTML for WeasyPrint; ``index`` varies its length and numbers."""
    affiliations = list(dict.fromkeys(author.affiliation for author in authors))
    return render_to_string(
        "submissions/demo/paper.html",
        {
            "title": title,
            "abstract": abstract,
            "t": TOPICS[title],
            "authors": [
                {"name": a.name, "mark": affiliations.index(a.affiliation) + 1} for a in authors
            ],
            "author_names": ", ".join(author.name for author in authors),
            "affiliations": list(enumerate(affiliations, start=1)),
            "contact": contact,
            "chart": _chart(index),
            "rows": _rows(index),
            **_layout(index),
        },
    )


def cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "demo-papers"


def render_pdfs(htmls: list[str]) -> list[bytes]:
    """The PDF of each HTML, from the cache when it was rendered before."""
    directory = cache_dir()
    paths = [directory / f"{hashlib.sha256(html.encode()).hexdigest()[:32]}.pdf" for html in htmls]
    missing = [(html, path) for html, path in zip(htmls, paths, strict=True) if not path.exists()]
    if missing:
        import weasyprint  # slow to import: only when a paper has to be rendered

        directory.mkdir(parents=True, exist_ok=True)
        for html, path in missing:
            partial = path.with_suffix(".part")
            partial.write_bytes(weasyprint.HTML(string=html).write_pdf())
            partial.replace(path)  # never a half-written PDF under the final name
    return [path.read_bytes() for path in paths]
