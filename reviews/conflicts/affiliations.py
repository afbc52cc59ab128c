"""Affiliations compared as institutions, whatever their spelling.

"Dept. of Physics, ETH Zürich" ~ "ETH Zurich", "Univ. of Oxford" ~ "University of Oxford",
"LBNL" ~ "Lawrence Berkeley National Laboratory", one typo in a long name is forgiven; but
"University of California, Berkeley" ≠ "University of California, San Diego" and
"Institute 7" ≠ "Institute 17".
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from text_unidecode import unidecode

ABBREVIATIONS = {
    "univ": "university", "u": "university", "uni": "university", "universitat": "university",
    "universite": "university", "universidad": "university", "universita": "university",
    "universiteit": "university", "universidade": "university", "uc": "university california",
    "uchicago": "university chicago", "upenn": "university pennsylvania",
    "umich": "university michigan", "uw": "university washington",
    "lab": "laboratory", "labs": "laboratory", "laboratories": "laboratory",
    "laboratoire": "laboratory", "natl": "national", "nat": "national", "inst": "institute",
    "institut": "institute", "instituto": "institute", "istituto": "institute",
    "tech": "technology", "technol": "technology", "dept": "department", "dep": "department",
    "depts": "department", "ctr": "center", "cntr": "center", "centre": "center",
    "intl": "international", "sci": "science", "sciences": "science", "res": "research",
    "eng": "engineering", "engg": "engineering", "coll": "college", "acad": "academy",
    "assoc": "association", "corp": "corporation", "co": "company", "st": "saint",
    "mt": "mount", "fed": "federal", "polytech": "polytechnic", "hosp": "hospital",
    "med": "medical", "tu": "technical university",
}  # fmt: skip
STOPWORDS = frozenset(
    [
        "of",
        "the",
        "at",
        "for",
        "and",
        "in",
        "on",
        "de",
        "del",
        "della",
        "der",
        "des",
        "du",
        "di",
        "da",
        "do",
        "la",
        "le",
        "les",
        "el",
        "fur",
        "zu",
        "y",
        "et",
        "und",
        "inc",
        "llc",
        "ltd",
        "gmbh",
        "ag",
        "bv",
        "plc",
    ]
)
DEPARTMENT_WORDS = frozenset(
    [
        "department",
        "faculty",
        "school",
        "division",
        "group",
        "section",
        "chair",
        "unit",
        "program",
        "programme",
    ]
)
# "Computing Division", but not "Harvard Medical School": schools can be institutions.
TRAILING_UNIT_WORDS = DEPARTMENT_WORDS - {"school", "chair"}
ORGANISATION_WORDS = frozenset(
    [
        "university",
        "institute",
        "laboratory",
        "college",
        "center",
        "academy",
        "company",
        "corporation",
        "hospital",
        "foundation",
        "polytechnic",
        "observatory",
        "agency",
        "council",
        "society",
    ]
)
COUNTRY_NAMES = frozenset(
    {
        "usa", "us", "united states", "united states america", "uk", "united kingdom",
        "england", "scotland", "wales", "germany", "deutschland", "france", "switzerland",
        "schweiz", "suisse", "italy", "spain", "netherlands", "belgium", "austria", "sweden",
        "norway", "denmark", "finland", "canada", "australia", "new zealand", "japan", "china",
        "india", "brazil", "mexico", "israel", "singapore", "korea", "south korea", "ireland",
        "portugal", "poland", "czech republic", "czechia", "greece", "chile", "argentina",
        "south africa",
    }
)  # fmt: skip
JOINT_SEPARATOR = re.compile(r"\s+&\s+")  # "UC Berkeley & LBNL": two institutions
PART_SEPARATORS = re.compile(r"[,;|/]| - ")
PARENTHESES = re.compile(r"\(([^)]*)\)")
NON_WORD = re.compile(r"[^a-z0-9]+")
MIN_TYPO_KEY = 12
MIN_TYPO_WORD = 5


def _words(part: str) -> tuple[str, ...]:
    words = []
    for word in NON_WORD.sub(" ", part).split():
        words.extend(ABBREVIATIONS.get(word, word).split())
    return tuple(word for word in words if word not in STOPWORDS)


def _is_department(words: tuple[str, ...]) -> bool:
    return bool(words) and (words[0] in DEPARTMENT_WORDS or words[-1] in TRAILING_UNIT_WORDS)


def joint_institutions(text: str) -> list[str]:
    """A joint affiliation split into its institutions ("UChicago & ANL"); "Texas A&M" stays."""
    return JOINT_SEPARATOR.split(text or "")


@dataclass(frozen=True)
class AffiliationKeys:
    keys: frozenset[str]  # the institution, and the institution after a sub-unit's name
    acronym: str  # initials of a long name ("lbnl"); "" if none


@lru_cache(maxsize=50_000)
def affiliation_keys(text: str) -> AffiliationKeys:
    """The normalised names an affiliation may be known by."""
    text = unidecode(text or "").lower().replace("&", " and ").replace("'", "")
    aliases = {" ".join(_words(inner)) for inner in PARENTHESES.findall(text)}
    parts = [_words(part) for part in PART_SEPARATORS.split(PARENTHESES.sub(" ", text))]
    parts = [words for words in parts if words]
    while len(parts) > 1 and " ".join(parts[-1]) in COUNTRY_NAMES:
        parts.pop()
    kept = [words for words in parts if not _is_department(words)] or parts
    keys = {" ".join(word for words in kept for word in words)}
    for start in range(1, len(kept)):
        if ORGANISATION_WORDS.intersection(kept[start]):
            keys.add(" ".join(word for words in kept[start:] for word in words))
    keys |= aliases
    keys.discard("")
    words = [word for words in kept for word in words]
    acronym = ""
    if len(words) >= 2 and all(word.isalpha() for word in words):
        acronym = "".join(word[0] for word in words)
    return AffiliationKeys(frozenset(keys), acronym if len(acronym) >= 3 else "")


def _is_acronym(key: str) -> bool:
    return key.isalpha() and 3 <= len(key) <= 8


def _within_one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    return a[i + 1 :] == b[i + 1 :] or (
        a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]
    )


def _is_typo(a: str, b: str) -> bool:
    return (
        min(len(a), len(b)) >= MIN_TYPO_WORD
        and a.isalpha()
        and b.isalpha()
        and _within_one_edit(a, b)
    )


def _masks(key: str):
    words = key.split()
    for position in range(len(words)):
        yield (len(words), position, tuple(words[:position]), tuple(words[position + 1 :]))


class AffiliationIndex:
    """Who has an affiliation like a given one; built once for the committee members."""

    def __init__(self, affiliations: dict[int, list[str]]):
        self.exact: dict[str, set[int]] = {}
        self.by_acronym: dict[str, set[int]] = {}
        self.by_mask: dict[tuple, set[str]] = {}
        for user_id, texts in affiliations.items():
            for text in texts:
                for institution in joint_institutions(text):
                    self._add(user_id, affiliation_keys(institution))
        self._cache: dict[str, frozenset[int]] = {}

    def _add(self, user_id: int, parsed: AffiliationKeys) -> None:
        for key in parsed.keys:
            self.exact.setdefault(key, set()).add(user_id)
            if len(key.replace(" ", "")) >= MIN_TYPO_KEY:
                for mask in _masks(key):
                    self.by_mask.setdefault(mask, set()).add(key)
        if parsed.acronym:
            self.by_acronym.setdefault(parsed.acronym, set()).add(user_id)

    def matches(self, text: str) -> frozenset[int]:
        """The user ids whose affiliations name the same institution as ``text``."""
        if text not in self._cache:
            self._cache[text] = frozenset().union(
                *(self._match(affiliation_keys(part)) for part in joint_institutions(text))
            )
        return self._cache[text]

    def _match(self, parsed: AffiliationKeys) -> set[int]:
        found: set[int] = set()
        for key in parsed.keys:
            found |= self.exact.get(key, set())
            if _is_acronym(key):
                found |= self.by_acronym.get(key, set())
            if len(key.replace(" ", "")) >= MIN_TYPO_KEY:
                found |= self._typos(key)
        if parsed.acronym:
            found |= self.exact.get(parsed.acronym, set())
        return found

    def _typos(self, key: str) -> set[int]:
        found: set[int] = set()
        words = key.split()
        for mask in _masks(key):
            position = mask[1]
            for other in self.by_mask.get(mask, ()):
                if _is_typo(words[position], other.split()[position]):
                    found |= self.exact[other]
        return found
