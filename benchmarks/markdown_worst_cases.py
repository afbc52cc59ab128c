"""Time the Markdown renderer (markdown-it-py + nh3, uncached) on the worst inputs we can build,
each at three sizes, to show that doubling the input about doubles the time (linear, not quadratic).

    .venv/bin/python benchmarks/markdown_worst_cases.py            # 25,000, 50,000, 100,000 chars
    .venv/bin/python benchmarks/markdown_worst_cases.py --size 100000

Most patterns come from cmark's pathological tests (test/pathological_tests.py) and the
reports in issue 11; the last ones target the HTML sanitizer (html5ever) rather than the parser.
"""

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conf_portal.markdown import _render


def repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def nested(open_: str, middle: str, close: str, size: int) -> str:
    count = (size - len(middle)) // (len(open_) + len(close))
    return open_ * count + middle + close * count


def backtick_runs(size: int) -> str:
    """``e` e`` e``` …``: every run length once, none closed (cmark's "backticks")."""
    parts, total, length = [], 0, 1
    while total < size:
        parts.append("e" + "`" * length)
        total += length + 1
        length += 1
    return "".join(parts)


def nested_lists(size: int) -> str:
    lines, total, depth = [], 0, 0
    while total < size:
        line = "  " * (depth % 200) + "* a\n"
        lines.append(line)
        total += len(line)
        depth += 1
    return "".join(lines)


def wide_table(size: int) -> str:
    columns = size // 8
    return "|a" * columns + "|\n" + "|-" * columns + "|\n" + "|b" * columns + "|\n"


def reference_definitions(size: int) -> str:
    count = size // 30
    definitions = "".join(f"[r{i}]: https://e.org/{i}\n" for i in range(count // 2))
    uses = "".join(f"[x][r{i}] " for i in range(count // 2))
    return (definitions + "\n" + uses)[:size]


def misnested_formatting(size: int) -> str:
    """Distinct open <b> tags, then paragraphs: an HTML parser re-opens them in every paragraph
    unless it bounds the list of active formatting elements (html5ever does)."""
    count = size // 24
    return "".join(f'<b title="{i}">' for i in range(count)) + "<p>x" * count


CASES: dict[str, Callable[[int], str]] = {
    "[ (link openers)": lambda n: repeat("[", n),
    "![ (image openers)": lambda n: repeat("![", n),
    "[a]( (unclosed links)": lambda n: repeat("[a](", n),
    "[a](<b (unclosed <dest>)": lambda n: repeat("[a](<b", n),
    "a] (link closers)": lambda n: repeat("a]", n),
    "[[[a]]] (nested brackets)": lambda n: nested("[", "a", "]", n),
    "[ (]( pattern": lambda n: repeat("[ (](", n),
    "[ a_ (links + emphasis)": lambda n: repeat("[ a_", n),
    "backtick runs 1..k": backtick_runs,
    "` (one long run)": lambda n: repeat("`", n, head="a", tail="b"),
    "*a ** nested emphasis": lambda n: nested("*a **a ", "b", " a** a*", n),
    "***…a***… (one level)": lambda n: nested("*", "a", "*", n),
    "_a (openers, no closers)": lambda n: repeat("_a ", n),
    "a_ (closers, no openers)": lambda n: repeat("a_ ", n),
    "*a_ (mismatched)": lambda n: repeat("*a_ ", n),
    "a**b c* (rule of 3)": lambda n: repeat("c* ", n, head="a**b"),
    "< (bare)": lambda n: repeat("<", n),
    "<http://a (open autolinks)": lambda n: repeat("<http://a", n),
    "<a@b (open email autolinks)": lambda n: repeat("<a@b", n),
    "<!-- (open comments)": lambda n: repeat("<!--", n, head="</"),
    "<a (open tags)": lambda n: repeat("<a ", n),
    "> > > (nested quotes)": lambda n: repeat("> ", n, tail="a"),
    "nested lists": nested_lists,
    "table, 1 column, many rows": lambda n: repeat("|a|\n", n, head="|h|\n|-|\n"),
    "table, wide": wide_table,
    "table rows without pipes": lambda n: repeat("a\n", n, head="|h|\n|-|\n"),
    "table, 200-column header over bare rows": lambda n: repeat(
        "x\n", n, head="|" + "a|" * 200 + "\n|" + "-|" * 200 + "\n"
    ),
    "link reference definitions": reference_definitions,
    "[a] with one definition": lambda n: repeat("[a] ", n, head="[a]: /u\n\n"),
    "&amp; entity soup": lambda n: repeat("&amp;&#35;&#x41;&bogus;", n),
    "&# (unfinished entities)": lambda n: repeat("&#", n),
    "deflist terms": lambda n: repeat("T\n: d\n", n),
    "NUL characters": lambda n: repeat("abc\0de\0", n),
    "<b> nested raw HTML": lambda n: repeat("<b>", n, tail="x"),
    "misnested <b title=…> + <p>": misnested_formatting,
    "<div> nested": lambda n: repeat("<div>", n, tail="x"),
    "<dl><dd> nested": lambda n: repeat("<dl><dd>", n),
    "<ul><li> nested": lambda n: repeat("<ul><li>", n),
    "<a><div> nested": lambda n: repeat("<a><div>", n),
    "<b><div> … </b> misnested": lambda n: nested("<b><div>", "x", "</b>", n),
    "deep *emphasis* + raw <li>": lambda n: nested("*a ", "b" + "<li>x</li>" * (n // 40), " a*", n),
    "deep *emphasis* + raw </b>": lambda n: nested(
        "*a ", "<b>" * (n // 10) + "</b>" * (n // 10), " a*", n
    ),
    "<sub> unclosed + </sup>": lambda n: repeat("<sub>", n // 2) + repeat("</sup>", n // 2),
}


def best_time(render: Callable[[str], str], text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        render(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=25_000, help="the smallest input (chars)")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    sizes = (args.size, args.size * 2, args.size * 4)
    print(f"markdown-it-py + nh3, uncached, best of {args.runs}; linear: ×2 and ×4, quadratic:")
    print("×4 and ×16\n")
    print("| case | " + " | ".join(f"{size:,} chars" for size in sizes) + " | ×2 | ×4 |")
    print("|---|---:|---:|---:|---:|---:|")
    slowest = 0.0
    for case, build in CASES.items():
        times = [best_time(_render, build(size), args.runs) for size in sizes]
        slowest = max(slowest, times[1])
        cells = " | ".join(f"{seconds * 1000:.1f} ms" for seconds in times)
        print(f"| {case} | {cells} | {times[1] / times[0]:.1f} | {times[2] / times[0]:.1f} |")
    print(f"\nslowest at {sizes[1]:,} chars: {slowest * 1000:.0f} ms")


if __name__ == "__main__":
    main()
