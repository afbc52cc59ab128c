"""The running heads' font: characters beyond the BMP reach text tools (a UTF-16 surrogate pair
in the ToUnicode map), and characters DejaVu Sans lacks show as a visible "?", never nothing."""

import re
import subprocess

import pikepdf

from proceedings.volume.stamp import Stamp, _to_unicode, add_font, stamp_font, stamp_page


def stamped_text(title: str, tmp_path) -> str:
    font = stamp_font(title)
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    ref = add_font(pdf, font)
    stamp_page(pdf.pages[0], Stamp(title, "pp. 1–8", "1"), font=font, font_ref=ref)
    path = tmp_path / "stamped.pdf"
    pdf.save(path)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_character_beyond_the_bmp_is_a_surrogate_pair_in_the_to_unicode_map():
    font = stamp_font("𝔸")

    cmap = _to_unicode(font).decode()

    assert f"<{font.glyphs['𝔸']:04x}> <d835dd38>" in cmap
    targets = re.findall(r"^<[0-9a-f]{4}> <([0-9a-f]+)>$", cmap, re.M)
    assert targets
    assert all(len(target) in (4, 8) for target in targets)


def test_pdftotext_reads_a_title_beyond_the_bmp(tmp_path):
    text = stamped_text("Proceedings of 𝔸𝔹 Workshop", tmp_path)

    assert "Proceedings of 𝔸𝔹 Workshop, pp. 1–8" in text


def test_characters_the_font_lacks_show_as_a_question_mark(tmp_path):
    font = stamp_font("漢字 Ω")
    assert font.missing("漢字 Ω") == "漢字"

    text = stamped_text("会議 漢字 Ω 2026", tmp_path)

    assert "?? ?? Ω 2026, pp. 1–8" in text
