"""The worst inputs we know render within a bound that a quadratic renderer misses by far.

Python-Markdown (the renderer before) needed 2.2 s for 4,000 ``[`` and four times as long for
twice as many: at 50,000 characters these take it minutes; the sanitizer nh3 needs 40 s for the
misnested raw HTML below. Linear rendering takes well under a second each.
benchmarks/markdown_worst_cases.py times many more patterns at two sizes."""

import signal
import time
from contextlib import contextmanager

import pytest

from conf_portal.markdown import render_markdown

SIZE = 50_000
BOUND_SECONDS = 6.0  # generous for a busy CI machine; a quadratic renderer needs minutes

WORST_INPUTS = {
    "link openers": "[" * SIZE,
    "image openers": "![" * (SIZE // 2),
    "unclosed links": "[a](" * (SIZE // 4),
    "nested brackets": "[" * (SIZE // 2 - 1) + "a" + "]" * (SIZE // 2 - 1),
    "nested emphasis": "*a **a " * (SIZE // 14) + "b" + " a** a*" * (SIZE // 14),
    "mismatched emphasis": "*a_ " * (SIZE // 4),
    "backtick runs": "".join("e" + "`" * length for length in range(1, 316)),
    "table rows": "|h|h|\n|-|-|\n" + "|a|b|\n" * (SIZE // 6),
    "misnested raw HTML": "".join(f'<b title="{i}">' for i in range(4_000)) + "<p>x" * 4_000,
    "nested raw lists": "<dl><dd>x" * (SIZE // 9),
}


class TookTooLong(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Stop a runaway render (a pure-Python one, at least) rather than wait for it."""

    def stop(signum, frame):
        raise TookTooLong(f"still rendering after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("source", WORST_INPUTS.values(), ids=WORST_INPUTS.keys())
def test_worst_inputs_render_in_linear_time(source):
    start = time.perf_counter()

    with time_limit(BOUND_SECONDS * 2):
        html = render_markdown(source, cached=False)

    assert time.perf_counter() - start < BOUND_SECONDS
    assert html.startswith("<")


def test_a_table_cannot_make_a_small_input_fill_in_thousands_of_cells():
    source = "|" + "a|" * 200 + "\n|" + "-|" * 200 + "\n" + "x\n" * 3_000  # 6.8 KB

    html = render_markdown(source, cached=False)

    assert html.count("<td") < 2_500  # 65,536 filled-in cells (670 KB) before
