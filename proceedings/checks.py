"""The camera-ready checks, as IEEE PDF eXpress makes them: the PDF opens (not damaged, not
encrypted), every page is on the event's paper size, every font is embedded, and the paper's
length is within its session type's limits (without the references when the type says so).

Pure functions of the PDF's bytes and the type: no database. Every problem is a sentence the
authors can act on; the builder prefixes the paper's title. The work is bounded: the file's
size, its pages, the fonts and drawings walked (and how deeply nested), and the time taken.
"""

import io
import time
import warnings
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from submissions.page_count import count_pages, excludes_references
from submissions.validators import MAX_PAPER_BYTES, UNREADABLE_PDF_ERRORS, validate_page_range

from .enums import PAPER_POINTS, PaperSize

MAX_BYTES = MAX_PAPER_BYTES
MAX_PAGES = 300
MAX_OBJECTS = 20_000  # resource dictionaries, fonts and drawings looked at, all pages together
MAX_DEPTH = 12  # drawings (form XObjects) inside drawings
MAX_SECONDS = 10.0
TOLERANCE = 2.0  # points: exporters round A4 to 595 × 842 or 595.3 × 841.9
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
KNOWN_SIZES = {
    "US Letter": (612.0, 792.0),
    "A4": (595.28, 841.89),
    "US Legal": (612.0, 1008.0),
    "A3": (841.89, 1190.55),
    "A5": (419.53, 595.28),
    "B5": (498.9, 708.66),
}
EXPORT_AGAIN = "Export it again from your editor and upload the new PDF."


@dataclass(frozen=True)
class CheckResult:
    """``pages_counted`` is what the page limit was checked against; both are None when the
    PDF could not be read."""

    pages_total: int | None
    pages_counted: int | None
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


class _TooComplex(Exception):
    pass


class _Budget:
    """Counts the objects walked and the time spent; raises _TooComplex past either bound."""

    def __init__(self):
        self.objects, self.deadline = MAX_OBJECTS, time.monotonic() + MAX_SECONDS

    def spend(self) -> None:
        self.objects -= 1
        if self.objects < 0 or time.monotonic() > self.deadline:
            raise _TooComplex


def check_camera_ready(data, *, session_type, paper_size: str) -> CheckResult:
    """Check a camera-ready PDF (bytes or a binary file) against the session type's page limits
    and the event's paper size ("letter" or "a4")."""
    data = _read(data)
    if len(data) > MAX_BYTES:
        size, limit = len(data) / 1024 / 1024, MAX_BYTES // 1024 // 1024
        return CheckResult(None, None, [f"The PDF is {size:.1f} MB; the limit is {limit} MB."])
    if data.lstrip()[:5] != b"%PDF-":
        return CheckResult(None, None, ["The file is not a PDF. " + EXPORT_AGAIN])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _check(data, session_type=session_type, paper_size=paper_size)


def _read(data) -> bytes:
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    if hasattr(data, "seek"):
        data.seek(0)
    return data.read(MAX_BYTES + 1)


def _check(data: bytes, *, session_type, paper_size: str) -> CheckResult:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return CheckResult(None, None, [_encrypted()])
        pages = reader.pages
        total = len(pages)
    except DependencyError:  # AES encryption: pypdf cannot even try the empty password
        return CheckResult(None, None, [_encrypted()])
    except UNREADABLE_PDF_ERRORS:
        return CheckResult(None, None, ["The PDF is damaged and cannot be read. " + EXPORT_AGAIN])
    if total == 0:
        return CheckResult(0, 0, ["The PDF has no pages. " + EXPORT_AGAIN])
    if total > MAX_PAGES:
        return CheckResult(total, None, [f"The PDF has {total} pages; at most {MAX_PAGES} can be "
                                         "checked. Upload the paper alone."])  # fmt: skip
    problems: list[str] = []
    budget = _Budget()
    try:
        problems += page_size_problems(pages, paper_size)
        problems += font_problems(pages, budget=budget)
    except _TooComplex:
        problems.append(
            "The PDF is too complex to check in reasonable time (too many fonts or drawings). "
            "Export it again with simpler figures, e.g. as images."
        )
    except UNREADABLE_PDF_ERRORS:
        problems.append("Part of the PDF is damaged and cannot be read. " + EXPORT_AGAIN)
    if session_type is None:  # no type, no page limits
        return CheckResult(total, total, problems)
    count = count_pages(data, total, excluding_references=excludes_references(session_type))
    try:
        validate_page_range(count, session_type)
    except ValidationError as error:
        problems += error.messages
    return CheckResult(total, count.counted, problems)


def _encrypted() -> str:
    return (
        "The PDF is encrypted (it has a password or security restrictions), so it cannot be "
        "checked or included. Save it again without a password or restrictions and upload it."
    )


# Paper size


def _size_of(box) -> tuple[float, float]:
    return abs(float(box.width)), abs(float(box.height))


def _matches(size: tuple[float, float], expected: tuple[float, float]) -> bool:
    return all(abs(a - b) <= TOLERANCE for a, b in zip(size, expected, strict=True))


def describe_size(size: tuple[float, float]) -> str:
    """“A4 (210 × 297 mm)”, “US Letter, landscape (…)”, or “500 × 700 pt (176 × 247 mm)”."""
    width, height = size
    mm = f"{width * 25.4 / 72:.0f} × {height * 25.4 / 72:.0f} mm"
    for name, known in KNOWN_SIZES.items():
        if _matches(size, known):
            return f"{name} ({mm})"
        if _matches((height, width), known):
            return f"{name}, landscape ({mm})"
    return f"{width:g} × {height:g} pt ({mm})"


def _page_size_ok(page, expected: tuple[float, float]) -> tuple[bool, tuple[float, float], str]:
    """Whether the page is on the expected paper, its size and which box is wrong. A page
    turned by /Rotate (a landscape table) is fine if its box or the turned box is portrait."""
    rotate = int(page.get("/Rotate", 0) or 0) % 180 == 90
    for box, name in ((page.mediabox, "page"), (page.cropbox, "visible area (CropBox)")):
        size = _size_of(box)
        turned = (size[1], size[0]) if rotate else size
        if not (_matches(size, expected) or _matches(turned, expected)):
            return False, size, name
    return True, _size_of(page.mediabox), ""


def page_size_problems(pages, paper_size: str) -> list[str]:
    """One sentence per wrong size: which pages, what size they are, what is expected."""
    expected = PAPER_POINTS[PaperSize(paper_size)]
    wrong: dict[tuple[str, str], list[int]] = {}
    for number, page in enumerate(pages, start=1):
        ok, size, box = _page_size_ok(page, expected)
        if not ok:
            wrong.setdefault((describe_size(size), box), []).append(number)
    label = PaperSize(paper_size).label
    problems = []
    for (size, box), numbers in wrong.items():
        where = "Every page" if len(numbers) == len(pages) else page_list(numbers)
        verb = "is" if where == "Every page" or len(numbers) == 1 else "are"
        what = "" if box == "page" else f"’s {box}"
        problems.append(
            f"{where}{what} {verb} {size}; the proceedings are printed on {label}. "
            f"Set the page size to {label.split(' (')[0]} and export the PDF again."
        )
    return problems


def page_list(numbers: list[int]) -> str:
    """“Page 3”, “Pages 1–4 and 7”, “Pages 2, 5 and 9–12”."""
    runs, start = [], numbers[0]
    for previous, current in zip(numbers, [*numbers[1:], None], strict=True):
        if current != previous + 1:
            if previous - start > 1:
                runs.append(f"{start}–{previous}")
            else:
                runs += [str(number) for number in range(start, previous + 1)]
            start = current
    if len(numbers) == 1:
        return f"Page {runs[0]}"
    text = runs[0] if len(runs) == 1 else f"{', '.join(runs[:-1])} and {runs[-1]}"
    return f"Pages {text}"


# Fonts


def font_name(font) -> str:
    """The font's name without the subset tag: “ABCDEF+Helvetica” → “Helvetica”."""
    name = str(font.get("/BaseFont", "") or "")
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts") or []
        if len(descendants):
            name = str(descendants[0].get_object().get("/BaseFont", name) or name)
    name = name.lstrip("/")
    if len(name) > 7 and name[6] == "+" and name[:6].isupper():
        name = name[7:]
    return name or "an unnamed font"


def font_embedded(font) -> bool:
    subtype = font.get("/Subtype")
    if subtype == "/Type3":  # drawn by the PDF's own glyph procedures
        return True
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts") or []
        if not len(descendants):
            return False
        font = descendants[0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(descriptor.get(key) is not None for key in FONT_FILES)


def _key(obj):
    """The object's number, or for a direct object its identity."""
    ref = obj if hasattr(obj, "idnum") else getattr(obj, "indirect_reference", None)
    return (ref.idnum, ref.generation) if ref is not None else id(obj)


def _walk_resources(resources, *, budget: _Budget, seen: set, found: dict, depth: int) -> None:
    """Collect the fonts (name → embedded?) of a resource dictionary and of the drawings
    (form XObjects) it uses, each object once, at most MAX_DEPTH drawings deep."""
    if resources is None or depth > MAX_DEPTH:
        return
    key = _key(resources)
    resources = resources.get_object()
    if key in seen or not hasattr(resources, "get"):
        return
    seen.add(key)
    budget.spend()
    fonts = resources.get("/Font")
    for ref in fonts.get_object().values() if fonts is not None else []:
        budget.spend()
        font = ref.get_object()
        if not hasattr(font, "get"):
            continue
        name = font_name(font)
        found[name] = found.get(name, True) and font_embedded(font)
    xobjects = resources.get("/XObject")
    for ref in xobjects.get_object().values() if xobjects is not None else []:
        budget.spend()
        xobject = ref.get_object()
        if hasattr(xobject, "get") and xobject.get("/Subtype") == "/Form":
            _walk_resources(
                xobject.get("/Resources"), budget=budget, seen=seen, found=found, depth=depth + 1
            )


def unembedded_fonts(pages, *, budget: _Budget | None = None) -> dict[str, list[int]]:
    """The fonts that are not embedded, each with the pages that use it."""
    budget = budget or _Budget()
    missing: dict[str, list[int]] = {}
    per_resources: dict = {}  # pages often share one resource dictionary
    for number, page in enumerate(pages, start=1):
        budget.spend()
        resources = page.get("/Resources")
        key = _key(resources)
        if key not in per_resources:
            found: dict[str, bool] = {}
            _walk_resources(resources, budget=budget, seen=set(), found=found, depth=0)
            per_resources[key] = [name for name, embedded in found.items() if not embedded]
        for name in per_resources[key]:
            missing.setdefault(name, []).append(number)
    return missing


def font_problems(pages, *, budget: _Budget | None = None) -> list[str]:
    missing = unembedded_fonts(pages, budget=budget)
    if not missing:
        return []
    names = sorted(missing)
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    subject = f"{len(names)} fonts are" if len(names) > 1 else "A font is"
    used = [page for numbers in missing.values() for page in numbers]
    where = page_list(sorted(set(used)))
    where = "every page" if len(set(used)) == len(pages) else where[:1].lower() + where[1:]
    return [
        f"{subject} not embedded: {listed} (used on {where}). Export the PDF again with "
        "all fonts embedded (in Word: “Embed fonts in the file”; with LaTeX: pdflatex, or "
        "ps2pdf -dPDFSETTINGS=/prepress -dEmbedAllFonts=true)."
    ]


# Kinds, for the columns of the papers list


SIZE, FONTS, PAGES, FILE = "size", "fonts", "pages", "file"


def problem_kind(problem: str) -> str:
    """Which check a stored problem sentence comes from: size, fonts, pages or file."""
    if "the proceedings are printed on" in problem:
        return SIZE
    if "not embedded:" in problem:
        return FONTS
    if problem.startswith("Your PDF has "):  # validate_page_range's sentence
        return PAGES
    return FILE
