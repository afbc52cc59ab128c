from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from proceedings.crossref import (
    clean_text,
    conference_acronym,
    deposit_xml,
    paper_doi,
    split_name,
)
from proceedings.layout import Contributor, PaperEntry, Volume
from proceedings.models import ProceedingsSettings

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "crossref-5.3.1" / "crossref5.3.1.xsd"
NS = {"c": "http://www.crossref.org/schema/5.3.1"}


@cache
def crossref_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def dlonsc_volume(**changes) -> Volume:
    """A DLonSC-like volume: several authors, ORCIDs, affiliations, non-ASCII and one-word names,
    XML specials and a control character in a title."""
    prefix, slug = "10.5555", "dlonsc-2020"

    def doi(pk):
        return paper_doi("{prefix}/{event}.{year}.{id}", prefix, slug, 2020, pk)

    papers = (
        PaperEntry(
            submission_id=41, number=1,
            title="Scaling <Transformers> & CNNs > 1,000 GPUs\x0b on Summit",
            contributors=(
                Contributor("Zoë Ångström", "Universität Zürich", "0000-0002-1825-0097"),
                Contributor("Xu", "Tsinghua University"),
                Contributor("Ludwig van Beethoven", "", "https://orcid.org/0000-0001-5109-3700"),
                Contributor("José María García-López Jr.", "Barcelona Supercomputing Center"),
            ),
            first_page=1, last_page=8, doi=doi(41),
            url="https://portal.example.org/dlonsc-2020/program/sessions/41/",
        ),
        PaperEntry(
            submission_id=57, number=2, title="Łódź: mixed precision for \U0001d4d5 training",
            contributors=(Contributor("Nguyễn Thị Minh Khai", "VNU Hanoi", "0000-0002-9079-593X"),),
            first_page=9, last_page=18, doi=doi(57),
            url="https://portal.example.org/dlonsc-2020/program/sessions/57/",
        ),
    )  # fmt: skip
    volume = Volume(
        event_slug=slug,
        event_name="Deep Learning on Supercomputers 2020 (DLonSC)",
        title="Proceedings of the Deep Learning on Supercomputers Workshop",
        editors=("Valeriu Codreanu", "Ian Foster"),
        publisher="IEEE & TCHPC",
        isbn="",
        venue="Atlanta, GA, USA",
        start_date=date(2020, 11, 11),
        end_date=date(2020, 11, 11),
        publication_date=date(2020, 12, 1),
        doi_prefix=prefix,
        doi=f"{prefix}/{slug}.2020",
        url="https://portal.example.org/dlonsc-2020/",
        depositor_name="DLonSC proceedings chair",
        depositor_email="proceedings@dlonsc.example.org",
        papers=papers,
    )
    return replace(volume, **changes)


def deposit(volume: Volume) -> etree._Element:
    return etree.fromstring(deposit_xml(volume, batch_id="dlonsc-2020-7", timestamp=202012011200))


def test_deposit_valid_against_schema_for_realistic_volume():
    data = deposit_xml(dlonsc_volume(), batch_id="dlonsc-2020-7", timestamp=202012011200)

    root = etree.fromstring(data)

    crossref_schema().assertValid(root)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert root.tag == "{http://www.crossref.org/schema/5.3.1}doi_batch"
    assert root.get("version") == "5.3.1"
    assert root.findtext("c:head/c:doi_batch_id", namespaces=NS) == "dlonsc-2020-7"
    assert root.findtext("c:head/c:timestamp", namespaces=NS) == "202012011200"
    assert root.findtext("c:head/c:depositor/c:email_address", namespaces=NS) == (
        "proceedings@dlonsc.example.org"
    )
    assert root.findtext("c:head/c:registrant", namespaces=NS) == "IEEE & TCHPC"


def test_deposit_event_and_proceedings_metadata():
    conference = deposit(dlonsc_volume()).find("c:body/c:conference", NS)

    event = conference.find("c:event_metadata", NS)
    date_element = event.find("c:conference_date", NS)
    proceedings = conference.find("c:proceedings_metadata", NS)
    assert event.findtext("c:conference_name", namespaces=NS) == (
        "Deep Learning on Supercomputers 2020 (DLonSC)"
    )
    assert event.findtext("c:conference_acronym", namespaces=NS) == "DLonSC"
    assert event.findtext("c:conference_location", namespaces=NS) == "Atlanta, GA, USA"
    assert date_element.text == "Nov 11, 2020"
    assert dict(date_element.attrib) == {
        "start_day": "11", "start_month": "11", "start_year": "2020",
        "end_day": "11", "end_month": "11", "end_year": "2020",
    }  # fmt: skip
    assert proceedings.find("c:noisbn", NS).get("reason") == "simple_series"
    assert proceedings.findtext("c:doi_data/c:doi", namespaces=NS) == "10.5555/dlonsc-2020.2020"
    assert proceedings.findtext("c:publisher/c:publisher_name", namespaces=NS) == "IEEE & TCHPC"


def test_deposit_isbn_and_no_volume_doi():
    volume = dlonsc_volume(isbn="978-1-6654-2245-4", doi="")

    root = deposit(volume)

    crossref_schema().assertValid(root)
    proceedings = root.find("c:body/c:conference/c:proceedings_metadata", NS)
    assert proceedings.findtext("c:isbn", namespaces=NS) == "978-1-6654-2245-4"
    assert proceedings.find("c:noisbn", NS) is None
    assert proceedings.find("c:doi_data", NS) is None


def test_deposit_contributors_in_order_with_names_orcids_affiliations():
    paper = deposit(dlonsc_volume()).find("c:body/c:conference/c:conference_paper", NS)

    people = paper.findall("c:contributors/c:person_name", NS)
    rows = [
        (
            person.get("sequence"),
            person.get("contributor_role"),
            person.findtext("c:given_name", namespaces=NS),
            person.findtext("c:surname", namespaces=NS),
            person.findtext("c:suffix", namespaces=NS),
            person.findtext("c:affiliations/c:institution/c:institution_name", namespaces=NS),
            person.findtext("c:ORCID", namespaces=NS),
        )
        for person in people
    ]
    assert rows == [
        ("first", "author", "Zoë", "Ångström", None, "Universität Zürich",
         "https://orcid.org/0000-0002-1825-0097"),
        ("additional", "author", None, "Xu", None, "Tsinghua University", None),
        ("additional", "author", "Ludwig", "van Beethoven", None, None,
         "https://orcid.org/0000-0001-5109-3700"),
        ("additional", "author", "José María", "García-López", "Jr.",
         "Barcelona Supercomputing Center", None),
    ]  # fmt: skip
    assert people[0].find("c:ORCID", NS).get("authenticated") == "false"


def test_deposit_titles_pages_and_dois():
    papers = deposit(dlonsc_volume()).findall("c:body/c:conference/c:conference_paper", NS)

    rows = [
        (
            paper.findtext("c:titles/c:title", namespaces=NS),
            paper.findtext("c:pages/c:first_page", namespaces=NS),
            paper.findtext("c:pages/c:last_page", namespaces=NS),
            paper.findtext("c:doi_data/c:doi", namespaces=NS),
            paper.findtext("c:doi_data/c:resource", namespaces=NS),
            paper.findtext("c:publication_date/c:year", namespaces=NS),
        )
        for paper in papers
    ]
    assert rows == [
        ("Scaling <Transformers> & CNNs > 1,000 GPUs on Summit", "1", "8",
         "10.5555/dlonsc-2020.2020.41",
         "https://portal.example.org/dlonsc-2020/program/sessions/41/", "2020"),
        ("Łódź: mixed precision for \U0001d4d5 training", "9", "18",
         "10.5555/dlonsc-2020.2020.57",
         "https://portal.example.org/dlonsc-2020/program/sessions/57/", "2020"),
    ]  # fmt: skip


def test_deposit_escapes_xml_specials():
    data = deposit_xml(dlonsc_volume(), batch_id="b-1234", timestamp=1)

    assert b"Scaling &lt;Transformers&gt; &amp; CNNs &gt; 1,000 GPUs on Summit" in data
    assert b"\x0b" not in data


def test_deposit_without_doi_prefix_refused_with_reason():
    volume = dlonsc_volume(doi_prefix="", doi="")
    volume = replace(volume, papers=tuple(replace(p, doi="") for p in volume.papers))

    with pytest.raises(ValueError, match="set the DOI prefix in the proceedings settings"):
        deposit_xml(volume, batch_id="b-1234", timestamp=1)


def test_deposit_paper_without_doi_refused_naming_it():
    volume = dlonsc_volume()
    volume = replace(volume, papers=(volume.papers[0], replace(volume.papers[1], doi="")))

    with pytest.raises(ValueError, match=r"Paper 2 .*has no DOI"):
        deposit_xml(volume, batch_id="b-1234", timestamp=1)


def test_deposit_paper_without_web_address_refused():
    volume = dlonsc_volume(url="")
    volume = replace(volume, papers=(replace(volume.papers[0], url="/relative/"),))

    with pytest.raises(ValueError, match=r"Paper 1 .*no web address"):
        deposit_xml(volume, batch_id="b-1234", timestamp=1)


def test_deposit_paper_without_url_resolves_to_the_volume_page():
    volume = dlonsc_volume()
    volume = replace(volume, papers=(replace(volume.papers[0], url=""),))

    root = deposit(volume)

    crossref_schema().assertValid(root)
    assert root.findtext(".//c:conference_paper/c:doi_data/c:resource", namespaces=NS) == (
        "https://portal.example.org/dlonsc-2020/"
    )


def test_deposit_without_depositor_refused():
    with pytest.raises(ValueError, match="depositor"):
        deposit_xml(dlonsc_volume(depositor_email=""), batch_id="b-1234", timestamp=1)


def test_deposit_empty_volume_still_valid():
    root = deposit(dlonsc_volume(papers=()))

    crossref_schema().assertValid(root)


@pytest.mark.parametrize("length", [127, 128, 2000])
def test_deposit_with_a_long_one_word_event_name_is_valid(length):
    root = deposit(dlonsc_volume(event_name="E" * length))

    crossref_schema().assertValid(root)
    acronym = root.findtext(".//c:conference_acronym", namespaces=NS)
    assert acronym == ("E" * length if length <= 127 else None)


def test_deposit_multi_day_event_date_text():
    volume = dlonsc_volume(start_date=date(2020, 7, 6), end_date=date(2020, 7, 12))

    date_element = deposit(volume).find(".//c:conference_date", NS)

    assert date_element.text == "Jul 6–12, 2020"
    assert (date_element.get("start_day"), date_element.get("end_day")) == ("06", "12")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ada Lovelace", ("Ada", "Lovelace", "")),
        ("Plato", ("", "Plato", "")),
        ("Lovelace, Ada King", ("Ada King", "Lovelace", "")),
        ("Charles de Gaulle", ("Charles", "de Gaulle", "")),
        ("Martin Luther King Jr.", ("Martin Luther", "King", "Jr.")),
        ("  Grace \t Hopper\x00 ", ("Grace", "Hopper", "")),
        ("van Rossum", ("van", "Rossum", "")),
    ],
)
def test_split_name(name, expected):
    assert split_name(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SciPy 2020", "SciPy"),
        ("Deep Learning on Supercomputers 2020 (DLonSC)", "DLonSC"),
        ("Deep Learning on Supercomputers 2020", ""),
        ("S" * 127 + " 2020", "S" * 127),
        ("S" * 128 + " 2020", ""),  # longer than the schema allows: no acronym
    ],
)
def test_conference_acronym(name, expected):
    assert conference_acronym(name) == expected


def test_clean_text_strips_control_characters_keeps_unicode():
    assert clean_text("a\x00b\x1f c\x7f\u2028 Ω\n  d") == "ab c Ω d"


def test_paper_doi_from_pattern_fields():
    doi = paper_doi("{prefix}/{event}-{year}-{id:05d}", "10.1109", "scipy-2020", 2020, 99)

    assert doi == "10.1109/scipy-2020-2020-00099"


@pytest.mark.django_db
def test_paper_doi_from_settings_default_pattern():
    settings = ProceedingsSettings()

    doi = paper_doi(settings, "10.1109", "dlonsc-2020", 2020, 12)

    assert doi == "10.1109/dlonsc-2020.2020.12"  # the submission's id: permanent


def test_paper_doi_empty_without_prefix():
    assert paper_doi("{prefix}/{event}.{id}", "", "dlonsc-2020", 2020, 1) == ""


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{prefix}/{title}.{id}", r"names \{title\}"),
        ("{prefix}/{event}.{number}", r"names \{number\}"),  # DOIs are permanent
        ("{prefix}/{event}.{year}", r"must contain \{id\}"),
        ("x/{prefix}.{id}", "must start"),
    ],
)
def test_paper_doi_bad_pattern_refused(pattern, message):
    with pytest.raises(ValueError, match=message):
        paper_doi(pattern, "10.1109", "e", 2020, 1)
