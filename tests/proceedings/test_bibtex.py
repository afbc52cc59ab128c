import re
from dataclasses import replace
from datetime import date

import pytest

from proceedings.bibtex import latex_escape, paper_bibtex, paper_key, volume_bibtex, volume_key
from proceedings.layout import Contributor

from .test_crossref import dlonsc_volume

HOSTILE_TITLES = [
    "50% of {GPUs} & $5 #1 _under_ ~3^2 \\textbf{x}",
    "Unbalanced { brace",
    "Unbalanced } brace",
    "}}}{{{",
    "\\",
    "back\\slash at the end\\",
    "Control\x00\x1bchars\x7f",
    "\\end{document} @inproceedings{evil, title={x}}",
    'x}}, note = "INJECTED',
    "x\\}, note = {INJECTED",
]


def entries(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """A small BibTeX reader: each entry's type, key and fields, with brace balance checked
    the way BibTeX checks it (every brace counts, ``\\{`` too), failing on anything it cannot
    read."""
    found = []
    position = 0
    for match in re.finditer(r"@(\w+)\{([^,\s]+),\n", text):
        assert text[position : match.start()].strip() == ""
        depth, index = 1, match.end()
        while depth:
            char = text[index]
            depth += {"{": 1, "}": -1}.get(char, 0)
            index += 1
        body = text[match.end() : index - 1]
        fields = dict(re.findall(r"^  (\w+) = \{?(.*?)\}?,$", body, re.M))
        assert len(fields) == body.count("\n"), body
        found.append((match.group(1), match.group(2), fields))
        position = index
    assert text[position:].strip() == ""
    return found


def balanced(value: str) -> bool:
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_paper_bibtex_exact():
    volume = dlonsc_volume(isbn="978-1-6654-2245-4")

    text = paper_bibtex(volume, volume.papers[0])

    assert text == (
        "@inproceedings{dlonsc-2020-41,\n"
        "  author = {Zoë Ångström and Xu and Ludwig van Beethoven and "
        "José María García-López Jr.},\n"
        "  title = {{Scaling <Transformers> \\& CNNs > 1,000 GPUs on Summit}},\n"
        "  booktitle = {Proceedings of the Deep Learning on Supercomputers Workshop},\n"
        "  pages = {1--8},\n"
        "  doi = {10.5555/dlonsc-2020.2020.41},\n"
        "  url = {https://portal.example.org/dlonsc-2020/program/sessions/41/},\n"
        "  editor = {Valeriu Codreanu and Ian Foster},\n"
        "  publisher = {IEEE \\& TCHPC},\n"
        "  address = {Atlanta, GA, USA},\n"
        "  year = 2020,\n"
        "  month = dec,\n"
        "  isbn = {978-1-6654-2245-4},\n"
        "}\n"
    )


def test_volume_bibtex_proceedings_then_crossrefed_papers():
    volume = dlonsc_volume()

    parsed = entries(volume_bibtex(volume))

    assert [(kind, key) for kind, key, _ in parsed] == [
        ("proceedings", "dlonsc-2020"),
        ("inproceedings", "dlonsc-2020-41"),
        ("inproceedings", "dlonsc-2020-57"),
    ]
    proceedings = parsed[0][2]
    assert proceedings["title"] == "Proceedings of the Deep Learning on Supercomputers Workshop"
    assert proceedings["editor"] == "Valeriu Codreanu and Ian Foster"
    assert proceedings["doi"] == "10.5555/dlonsc-2020.2020"
    assert "isbn" not in proceedings  # empty fields are left out
    assert parsed[2][2]["crossref"] == "dlonsc-2020"
    assert parsed[2][2]["pages"] == "9--18"
    assert parsed[2][2]["author"] == "Nguyễn Thị Minh Khai"
    assert "booktitle" not in parsed[2][2]  # BibTeX takes it from the crossref'd volume


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_stay_balanced_and_escaped(title):
    volume = dlonsc_volume(title=title, publisher=title, venue=title, editors=(title,))
    paper = replace(volume.papers[0], title=title, contributors=(Contributor(title),))
    volume = replace(volume, papers=(paper,))

    texts = [volume_bibtex(volume), paper_bibtex(volume, paper)]

    kinds = [[kind for kind, _, _ in entries(text)] for text in texts]
    assert kinds == [["proceedings", "inproceedings"], ["inproceedings"]]  # nothing injected
    for text in texts:
        for _, _, fields in entries(text):
            assert all(balanced(value) for value in fields.values()), fields
        assert "\x00" not in text
        assert "\x1b" not in text


def test_latex_escape_every_special():
    escaped = latex_escape("& % $ # _ { } ~ ^ \\")

    assert escaped == (
        "\\& \\% \\$ \\# \\_ \\textbraceleft{} \\textbraceright{} \\textasciitilde{} "
        "\\textasciicircum{} \\textbackslash{}"
    )


def test_hostile_title_text_exact():
    assert latex_escape("50% of {GPUs}") == "50\\% of \\textbraceleft{}GPUs\\textbraceright{}"


@pytest.mark.parametrize("title", ["Unbalanced { brace", 'x}}, note = "INJECTED'])
def test_unbalanced_title_keeps_its_field_whole(title):
    volume = dlonsc_volume()
    paper = replace(volume.papers[0], title=title)

    fields = entries(paper_bibtex(volume, paper))[0][2]

    assert "note" not in fields
    assert "INJECTED" not in fields.get("note", "")
    assert fields["title"].startswith("{")
    assert fields["title"].endswith("}")
    assert "brace" in fields["title"] or "INJECTED" in fields["title"]


def test_keys_stable_and_safe():
    volume = dlonsc_volume(event_slug="Wörkshop_on HPC", publication_date=date(2021, 2, 1))

    assert volume_key(volume) == "workshop-on-hpc-2020"  # the event's year, not the build's
    assert (
        paper_key(volume, volume.papers[1])
        == f"workshop-on-hpc-2020-{volume.papers[1].submission_id}"
    )
    assert volume_bibtex(volume) == volume_bibtex(volume)


def test_keys_name_the_year_once():
    volume = dlonsc_volume(event_slug="scipy-2020")

    assert volume_key(volume) == "scipy-2020"
    assert paper_key(volume, volume.papers[0]) == f"scipy-2020-{volume.papers[0].submission_id}"


def test_paper_key_is_the_submission_id_not_the_place_in_the_volume():
    volume = dlonsc_volume()
    first, second = volume.papers
    reordered = replace(volume, papers=(replace(second, number=1), replace(first, number=2)))

    keys = [key for _, key, _ in entries(volume_bibtex(reordered))[1:]]

    assert keys == [f"dlonsc-2020-{second.submission_id}", f"dlonsc-2020-{first.submission_id}"]
    assert paper_key(volume, first) == paper_key(reordered, reordered.papers[1])


def test_doi_and_url_never_end_the_field():
    volume = dlonsc_volume()
    paper = replace(volume.papers[0], doi="10.5555/a}b{c_d", url="https://x.example/a b}\\")

    fields = entries(paper_bibtex(volume, paper))[0][2]

    assert fields["doi"] == "10.5555/abc_d"
    assert fields["url"] == "https://x.example/ab"


def test_single_page_paper_and_name_with_and():
    volume = dlonsc_volume()
    paper = replace(
        volume.papers[0], first_page=5, last_page=5, contributors=(Contributor("Sand and Stone"),)
    )

    fields = entries(paper_bibtex(volume, paper))[0][2]

    assert fields["pages"] == "5"
    assert fields["author"] == "Sand {and} Stone"
