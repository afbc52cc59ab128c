"""Time the public program pages, its exports and the API lists on a large published program.

    .venv/bin/python benchmarks/program_pages.py                      # SQLite file under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_program_bench \
        .venv/bin/python benchmarks/program_pages.py                  # PostgreSQL, test_<name>
    .venv/bin/python benchmarks/program_pages.py --requests 30
    .venv/bin/python benchmarks/program_pages.py --profile speakers   # cProfile one page
    .venv/bin/python benchmarks/program_pages.py --breakdown          # where each page's time goes

Creates a throw-away database with Django's test-database machinery, builds the program of
``program_data.build_program`` (3,000 proposals, 300 confirmed sessions in 5 rooms over 3 days,
published twice), then requests every page in-process with Django's test ``Client``: one cold
request (not counted), ``--requests`` warm ones timed, and one more inside
``CaptureQueriesContext`` for the number of queries and their time. A URL whose name does not
resolve (a page not written yet) is skipped and listed. Prints a Markdown table: median and
95th percentile of the warm requests (wall clock), the target from issue 12, the median CPU
time of this process (less sensitive to other load on the machine; PostgreSQL's own work is in
its server process, not here), queries, their time and the response size. The database is
destroyed at the end. Not part of the test suite.

``--breakdown`` also profiles each page (cProfile, so slower, but the shares hold) and prints
which share of a request goes to the program selector (``public_slots``), SQL, templates,
Markdown, DRF serializers and the exporters (frab, c3voc, iCal: building and encoding); the
shares overlap (SQL runs inside the selector, Markdown inside templates).
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from program_data import build_program, throwaway_database

PAGE_MS, EXPORT_MS, API_MS = 60, 150, 150
# Share of a request: the outermost call of any of these (file ending, function name).
PARTS = {
    "selector": [("program/selectors.py", "public_slots")],
    "SQL": [("django/db/backends/utils.py", "_execute")],
    "templates": [("django/template/response.py", "rendered_content")],
    "Markdown": [("conf_portal/markdown.py", "render_markdown")],
    "DRF": [("rest_framework/serializers.py", "to_representation")],
    "exporters": [("program/exporters/frab.py", "schedule_xml"),
                  ("program/exporters/c3voc.py", "schedule_json"),
                  ("program/exporters/ical.py", "calendar")],
}  # fmt: skip


@dataclass
class Page:
    label: str
    name: str
    kwargs: dict
    query: dict = field(default_factory=dict)
    target_ms: int | None = None
    token: bool = False


def pages(built) -> list[Page]:
    event = built.event.slug
    first_day = built.event.start_date.isoformat()
    api = {"slug": event}
    return [
        Page("program (default: first day, grid + list)", "program:index", {"event": event},
             target_ms=PAGE_MS),
        Page("program, grid of a day", "program:index", {"event": event},
             {"view": "grid", "day": first_day}, PAGE_MS),
        Page("program, list of all days", "program:index", {"event": event},
             {"view": "list", "day": "all"}, PAGE_MS),
        Page("session", "program:session", {"event": event, "pk": built.session_id},
             target_ms=PAGE_MS),
        Page("poster's session page", "program:session", {"event": event, "pk": built.poster_id},
             target_ms=PAGE_MS),
        Page("speakers", "program:speakers", {"event": event}, target_ms=PAGE_MS),
        Page("speaker", "program:speaker", {"event": event, "pk": built.speaker_id},
             target_ms=PAGE_MS),
        Page("posters", "program:posters", {"event": event}),
        Page("changelog", "program:changelog", {"event": event}),
        Page("schedule.xml (frab)", "program:schedule-xml", {"event": event}, target_ms=EXPORT_MS),
        Page("schedule.json (c3voc)", "program:schedule-json", {"event": event},
             target_ms=EXPORT_MS),
        Page("schedule.ics", "program:schedule-ics", {"event": event}, target_ms=EXPORT_MS),
        Page("track .ics", "program:track-ics", {"event": event, "track": built.track_slug},
             target_ms=EXPORT_MS),
        Page("speaker .ics", "program:speaker-ics", {"event": event, "pk": built.speaker_id}),
        Page("session .ics", "program:session-ics", {"event": event, "pk": built.session_id}),
        Page("API sessions, page_size=250", "api:sessions", api, {"page_size": 250}, API_MS),
        Page("API speakers, page_size=250", "api:speakers", api, {"page_size": 250}, API_MS),
        Page("API schedule", "api:schedule", api, target_ms=API_MS),
        Page("API proposals (token), page_size=250", "api:proposals", api, {"page_size": 250},
             API_MS, token=True),
    ]  # fmt: skip


def _get(client: Client, url: str, query: dict, headers: dict):
    response = client.get(url, query, headers=headers)
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return response.status_code, len(body)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: Client, page: Page, url: str, headers: dict, requests: int) -> dict:
    status, _ = _get(client, url, page.query, headers)  # cold: caches, Markdown, templates
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        status, size = _get(client, url, page.query, headers)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        _get(client, url, page.query, headers)
    sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    return {
        "status": status,
        "median": statistics.median(times),
        "p95": _percentile(times, 0.95),
        "cpu": statistics.median(cpu),
        "queries": len(queries),
        "sql_ms": sql_ms,
        "size": size,
    }


def _token_header(built) -> dict:
    from api.tokens import create_token

    _, secret = create_token(user=built.organizer, name="Benchmark", events=[built.event])
    return {"Authorization": f"Token {secret}"}


def _row(page: Page, result: dict) -> str:
    target = f"< {page.target_ms}" if page.target_ms else "–"
    verdict = ""
    if page.target_ms:
        verdict = " ✓" if result["median"] < page.target_ms else " ✗"
    status = "" if result["status"] == 200 else f" (HTTP {result['status']})"
    return (
        f"| {page.label}{status} | {result['median']:.1f}{verdict} | {result['p95']:.1f} | "
        f"{target} | {result['cpu']:.1f} | {result['queries']} | {result['sql_ms']:.1f} | "
        f"{result['size'] / 1024:.0f} |"
    )


def run(requests: int, profile: str | None, parts: bool = False) -> None:
    built = build_program()
    print(f"Built the program in {built.seconds:.1f} s ({connection.vendor}).")
    client = Client()
    token = _token_header(built)
    rows, skipped, shares = [], [], []
    for page in pages(built):
        try:
            url = reverse(page.name, kwargs=page.kwargs)
        except NoReverseMatch:
            skipped.append(page.name)
            continue
        headers = token if page.token else {}
        if profile and profile.lower() in page.label.lower():
            _profile(client, page, url, headers, requests)
        rows.append(_row(page, measure(client, page, url, headers, requests)))
        if parts:
            shares.append(breakdown(client, page, url, headers, min(requests, 10)))
    print(f"\n{requests} warm requests each; times in ms; sizes in KiB.\n")
    print("| page | median | p95 | target | CPU | queries | SQL ms | KiB |")
    print("|------|-------:|----:|-------:|----:|--------:|-------:|----:|")
    print("\n".join(rows))
    if shares:
        print(f"\nShare of a profiled request ({', '.join(PARTS)}; overlapping):\n")
        print(f"| page | {' | '.join(PARTS)} |")
        print(f"|------|{'---:|' * len(PARTS)}")
        print("\n".join(shares))
    if skipped:
        print(f"\nSkipped (URL name not found): {', '.join(skipped)}")


def breakdown(client: Client, page: Page, url: str, headers: dict, requests: int) -> str:
    """One table row: the share of the profiled requests' time spent in each of PARTS."""
    _get(client, url, page.query, headers)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        _get(client, url, page.query, headers)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = max(ct for _, _, _, ct, _ in stats.values())
    shares = []
    for wanted in PARTS.values():
        spent = max(
            (ct for (file, _, name), (_, _, _, ct, _) in stats.items()
             if any(file.endswith(end) and name == fn for end, fn in wanted)),
            default=0.0,
        )  # fmt: skip
        shares.append(f"{100 * spent / total:.0f}%" if spent else "–")
    return f"| {page.label} | {' | '.join(shares)} |"


def _profile(client: Client, page: Page, url: str, headers: dict, requests: int) -> None:
    _get(client, url, page.query, headers)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        _get(client, url, page.query, headers)
    profiler.disable()
    print(f"\ncProfile of {requests} requests of {page.label}:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="warm requests per page")
    parser.add_argument("--profile", help="cProfile the pages whose label contains this")
    parser.add_argument("--breakdown", action="store_true", help="where each page's time goes")
    args = parser.parse_args()
    with throwaway_database("bench_program_pages"):
        run(max(args.requests, 10), args.profile, args.breakdown)


if __name__ == "__main__":
    main()
