"""The PDF step's shortcuts give the same PDFs: the Markdown reader (analysis.render.typst_reader)
reads pages without anything that could be raw HTML without pandoc's raw_html extension (faster,
the same Typst; a page with HTML is read as before), and one Typst compiler per thread
(analysis.render.typst_compiler) gives the bytes typst.compile gives and sees a changed file."""

from __future__ import annotations

import pypandoc
import pytest

from analysis.render import typst_compiler, typst_reader

TABLE = """
| Pilot | Lessen | Toelichting |
|:--|--:|:--|
| Wijkteam Noord | <5 | Een lange cel met tekst die doorloopt, een bron (regel 12) en nog <10 andere lessen |
| Wijkteam Zuid | 12 | De map `data_raw/<demonstratiedata>/` en een pijl -> naar rechts; 3 < 4 |

Tekst met @tbl-x, een voetnoot[^1] en *nadruk*; kleiner dan: a < b.

```text
python -m analysis inspect "<bestand>" --dataset <naam>
```

[^1]: Een voetnoot.
"""


@pytest.mark.parametrize(
    "text,reader",
    [
        (TABLE, "markdown-raw_html"),
        ("Tekst met een regelafbreking<br>in HTML", "markdown"),
        ("Een opmerking <!-- voor de website -->", "markdown"),
        ("Een link <https://quarto.org>", "markdown"),  # an autolink starts like a tag: read as before
        ("Code `<b>` en dan </span> echt HTML", "markdown"),
        ("Een getal <5 en `<code>`", "markdown-raw_html"),
        ("Een backtick ` alleen\n\nen dan <b>vet</b>", "markdown"),  # no code span across paragraphs
    ],
)
def test_the_reader_is_chosen_by_what_could_be_html(text, reader):
    assert typst_reader(text) == reader


def test_without_raw_html_the_typst_is_the_same():
    """On a page with a table of suppressed counts, angle brackets in code and text, a citation
    label and a footnote, both readers give the same Typst."""
    assert typst_reader(TABLE) == "markdown-raw_html"
    before = pypandoc.convert_text(TABLE, "typst", format="markdown", extra_args=["--standalone"])
    after = pypandoc.convert_text(TABLE, "typst", format=typst_reader(TABLE), extra_args=["--standalone"])
    assert after == before
    assert "\\<5" in after or "<5" in after  # the suppressed count is in the PDF text


def test_one_compiler_per_thread_gives_the_same_pdf_and_sees_a_changed_file(tmp_path):
    import threading

    import typst

    page, part = tmp_path / "pagina.typ", tmp_path / "deel.typ"
    page.write_text('= Rapport\n\n#include "deel.typ"\n', encoding="utf-8")
    part.write_text("Twaalf ouders vulden de vragenlijst in.\n", encoding="utf-8")
    first = typst_compiler().compile(input=str(page), timestamp=0)
    assert first == typst.compile(str(page), root="/", timestamp=0)
    part.write_text("Elf ouders vulden de vragenlijst in, één niet.\n", encoding="utf-8")
    second = typst_compiler().compile(input=str(page), timestamp=0)
    assert second != first and second == typst.compile(str(page), root="/", timestamp=0)
    assert typst_compiler() is typst_compiler()
    other = []
    thread = threading.Thread(target=lambda: other.append(typst_compiler()))
    thread.start()
    thread.join()
    assert other[0] is not typst_compiler()
