"""Small text helpers shared by the front matter and the stamps."""

import unicodedata


def sort_key(name: str) -> str:
    """Surname first, accents folded: “Ada Lovelace” sorts as “lovelace ada”."""
    parts = name.split()
    ordered = " ".join([parts[-1], *parts[:-1]]) if parts else ""
    folded = unicodedata.normalize("NFKD", ordered)
    return "".join(char for char in folded if not unicodedata.combining(char)).casefold()


def page_range(first: int, last: int) -> str:
    return f"p. {first}" if first == last else f"pp. {first}–{last}"
