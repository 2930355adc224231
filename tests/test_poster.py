"""The programme transparence poster: its figures, its PDF, PNG and HTML, the command."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from xml.etree import ElementTree

import attrs
import pypdf
import pypdfium2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.helpers import run

from qualepref import load_definitions
from qualepref.dashboard.poster import Poster, PosterLine, build_poster
from qualepref.dashboard.poster_chart import ChartBar, trend_svg
from qualepref.dashboard.poster_files import poster_html, poster_pdf, poster_png
from qualepref.errors import QualeprefError
from qualepref.measurement_files import read_measurements
from qualepref.periods import Quarter

ISERE = Path(__file__).parent.parent / "examples" / "isere-2022"
DEFINITIONS = load_definitions(ISERE / "definitions.toml")
MEASUREMENTS = read_measurements(ISERE / "mesures.csv", DEFINITIONS)
MADE = dt.date(2023, 1, 10)


FOURTH = Quarter(2022, 4)


def isere_poster(quarter: Quarter = FOURTH) -> Poster:
    return build_poster(DEFINITIONS, MEASUREMENTS, quarter, MADE)


def test_the_isere_fourth_quarter() -> None:
    # the figures the tableau pins (tests/test_examples.py): T4 and T3 2022, the cibles
    lines = [
        (line.label.split(" des ")[-1], line.value, line.previous, line.last_year, line.target)
        for line in isere_poster().lines
    ]
    assert lines == [
        ("CNI et passeports", "12 j", "20 j", "non renseigné", "14 j"),
        ("permis de conduire", "35 j", "40 j", "non renseigné", "15 j"),
        ("CIV", "8 j", "8 j", "non renseigné", "17 j"),
        ("Taux d'appels aboutis", "80,86 %", "87,91 %", "non renseigné", "90 %"),
    ]


def test_the_first_quarter_compares_with_the_fourth_of_the_year_before() -> None:
    poster = isere_poster(Quarter(2022, 1))
    assert (poster.quarter_text, poster.previous_text) == ("1er trimestre 2022", "4e trim. 2021")
    assert poster.lines[0].value == "10 j"


def test_the_pdf_is_one_a4_page_with_the_figures() -> None:
    pdf = poster_pdf(isere_poster())
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = reader.pages[0].extract_text()
    for figure in (
        "Préfecture de l'Isère",
        "4e trimestre 2022",
        "80,86 %",
        "Objectif",
        "10/01/2023",
    ):
        assert figure in text
    assert poster_pdf(isere_poster()) == pdf  # the same poster, the same bytes


def test_the_a3_pdf_renders_to_a_page_that_is_not_blank() -> None:
    pdf = poster_pdf(isere_poster(), paper="a3")
    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    assert (round(page.get_width()), round(page.get_height())) == (842, 1191)  # A3
    image = page.render(scale=0.5).to_pil().convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 2000  # text and frames, not an empty page
    document.close()


def test_the_png_is_an_image_of_the_page() -> None:
    png = poster_png(isere_poster(), ppi=72)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert (width, height) == (595, 842)


def test_what_a_prefecture_typed_is_text_everywhere() -> None:
    hostile = Poster(
        "#set text(red)", "$x$ <script>alert(1)</script>", "Préfecture « #eval(\"1\") »",
        Quarter(2022, 4), (PosterLine("*gras* _x_ @ref", "12 j", "=1+1", "[x]"),), MADE,
    )  # fmt: skip
    text = pypdf.PdfReader(io.BytesIO(poster_pdf(hostile))).pages[0].extract_text()
    assert "#set text(red)" in text
    assert '#eval("1")' in text
    assert "*gras* _x_ @ref" in text
    page = poster_html(hostile)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_unknown_paper_is_refused() -> None:
    with pytest.raises(QualeprefError, match="format de papier inconnu 'letter'"):
        poster_pdf(isere_poster(), paper="letter")


def test_the_command_writes_each_format(tmp_path: Path) -> None:
    for name in ("affiche.pdf", "affiche.png", "affiche.html"):
        status, shown = run(
            "affiche", ISERE / "mesures.csv", "--definitions", ISERE / "definitions.toml",
            "--quarter", "2022-T4", "--date", "10/01/2023", "-o", tmp_path / name,
        )  # fmt: skip
        assert status == 0
        assert "affiche du 4e trimestre 2022 (4 chiffres)" in shown
        assert (tmp_path / name).stat().st_size > 1000
    page = (tmp_path / "affiche.html").read_text(encoding="utf-8")
    assert "<!DOCTYPE html>" in page
    assert "80,86 %" in page


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--quarter", "2022", "-o", "a.pdf"], "un trimestre est attendu (2022-T4)"),
        (["--quarter", "2022-T4", "-o", "a.docx"], "une affiche s'écrit en .pdf, .png ou .html"),
        (["--quarter", "2022-T4", "-o", "{m}"], "est un fichier lu"),
    ],
)
def test_affiche_call_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    filled = [a.format(m=ISERE / "mesures.csv") for a in argv]
    try:
        status, _ = run(
            "affiche", ISERE / "mesures.csv", "--definitions", ISERE / "definitions.toml", *filled
        )
    except SystemExit as exit_info:  # argparse's own exit for a bad option
        status = int(str(exit_info.code))
    assert status == 2
    assert message in capsys.readouterr().err


def test_a_perimeter_without_the_posters_figures_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definitions = tmp_path / "d.toml"
    definitions.write_text(  # a référentiel of its own: no figure of the poster in it
        'extends = "none"\n[perimeter]\nmodules = [1]\n[[module]]\nnumber = 1\nname = "A"\n',
        encoding="utf-8",
    )
    measures = tmp_path / "m.csv"
    measures.write_text("indicateur;periode;composante;valeur\n", encoding="utf-8")
    status, _ = run(
        "affiche", measures, "--definitions", definitions, "--quarter", "2022-T4",
        "-o", tmp_path / "a.pdf",
    )  # fmt: skip
    assert status == 2
    assert "aucun indicateur de l'affiche dans le périmètre" in capsys.readouterr().err


def test_the_guides_picture_is_the_isere_poster() -> None:
    picture = (Path(__file__).parent.parent / "docs" / "affiche-isere-2022-T4.png").read_bytes()
    assert picture[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(picture[16:20], "big"), int.from_bytes(picture[20:24], "big")
    assert (width, height) == (744, 1052)  # A4 at 90 pixels per inch
    assert len(poster_png(isere_poster(), ppi=90)) == pytest.approx(len(picture), rel=0.2)


def test_a_quarter_without_data_is_said_on_the_poster_and_the_terminal(tmp_path: Path) -> None:
    status, shown = run(
        "affiche", ISERE / "mesures.csv", "--definitions", ISERE / "definitions.toml",
        "--quarter", "2021-T4", "-o", tmp_path / "a.html",
    )  # fmt: skip
    assert status == 0
    assert "note : sans mesure pour le 4e trimestre 2021 : Délai moyen" in shown
    assert "non renseigné" in (tmp_path / "a.html").read_text(encoding="utf-8")


def test_invalid_inputs_and_a_bad_quarter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "d.toml"
    broken.write_text("[perimeter]\nmodules = [1, 99]\n", encoding="utf-8")
    status, _ = run(
        "affiche", ISERE / "mesures.csv", "--definitions", broken, "--quarter", "2022-T4",
        "-o", tmp_path / "a.pdf",
    )  # fmt: skip
    assert status == 1
    assert "qualepref affiche : 1 problème(s)" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        run("affiche", "m.csv", "--definitions", "d.toml", "--quarter", "2022-T9", "-o", "a.pdf")
    assert exit_info.value.code == 2
    assert "argument --quarter" in capsys.readouterr().err


def test_the_definitions_choose_the_posters_figures(tmp_path: Path) -> None:
    definitions = tmp_path / "d.toml"
    definitions.write_text(
        (ISERE / "definitions.toml").read_text(encoding="utf-8")
        + '\n[affiche]\ntitle = "Nos délais"\n'
        'indicators = ["appels_aboutis", "transparence_delai_pc"]\n',
        encoding="utf-8",
    )
    own = load_definitions(definitions)
    poster = build_poster(own, MEASUREMENTS, FOURTH, MADE)
    assert poster.title == "Nos délais"
    assert poster.subtitle == "Nos engagements, nos résultats"  # the shipped one
    assert [line.value for line in poster.lines] == ["80,86 %", "35 j"]


def test_each_figure_has_the_chart_of_its_last_five_quarters() -> None:
    cni, _, _, calls = isere_poster().lines
    assert [(bar.label, bar.amount, bar.text) for bar in cni.trend] == [
        ("T4 2021", None, "non renseigné"),  # the example starts in 2022
        ("T1 2022", 10.0, "10 j"),
        ("T2 2022", 16.0, "16 j"),
        ("T3 2022", 20.0, "20 j"),
        ("T4 2022", 12.0, "12 j"),
    ]
    assert cni.target_amount == 14.0
    # a rate is drawn in per cent, as it is written
    assert [bar.text for bar in calls.trend][1:] == ["95,51 %", "95,55 %", "87,91 %", "80,86 %"]
    assert calls.trend[-1].amount == pytest.approx(80.86, abs=0.005)
    assert calls.target_amount == pytest.approx(90.0)


def test_the_charts_are_in_the_pdf_as_text_and_can_be_left_out() -> None:
    with_charts = pypdf.PdfReader(io.BytesIO(poster_pdf(isere_poster()))).pages[0].extract_text()
    for shown in ("T1 2022", "cible 14 j", "cible 90 %", "95,55 %", "n.r."):
        assert shown in with_charts
    without = pypdf.PdfReader(io.BytesIO(poster_pdf(isere_poster(), charts=False)))
    text = without.pages[0].extract_text()
    assert "cible 14 j" not in text
    assert "12 j" in text


def test_many_figures_still_make_one_page() -> None:
    poster = isere_poster()
    crowded = attrs.evolve(poster, lines=poster.lines * 3)  # twelve figures
    for paper in ("a4", "a3"):
        assert len(pypdf.PdfReader(io.BytesIO(poster_pdf(crowded, paper=paper))).pages) == 1
    assert poster_png(crowded, ppi=20)[:4] == b"\x89PNG"


def test_the_html_poster_shows_the_charts_inline_and_escaped() -> None:
    poster = isere_poster()
    hostile = PosterLine(
        "<img src=x onerror=alert(1)>", "1 j", "2 j", "3 j", "4 j",
        trend=(ChartBar("</svg><script>", 1.0, "<b>1 j</b>"),), target_amount=4.0,
    )  # fmt: skip
    page = poster_html(attrs.evolve(poster, lines=(*poster.lines, hostile)))
    assert page.count("<svg") == 5
    assert "<script>" not in page
    assert "<img" not in page
    assert "&lt;/svg&gt;&lt;script&gt;" in page
    assert "<svg" not in poster_html(poster, charts=False)


def test_a_figure_without_any_value_has_no_chart(tmp_path: Path) -> None:
    status, _ = run(
        "affiche", ISERE / "mesures.csv", "--definitions", ISERE / "definitions.toml",
        "--quarter", "2020-T4", "-o", tmp_path / "a.html",
    )  # fmt: skip
    assert status == 0
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "<svg" not in page
    assert page.count("non renseigné") == 4 * 3  # the quarter, the one before, N-1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(max_size=12),
            st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False)),
            st.text(max_size=12),
        ),
        max_size=6,
    ),
    st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False)),
    st.text(max_size=12),
)
def test_the_chart_is_well_formed_svg_whatever_its_texts(
    bars: list[tuple[str, float | None, str]], target: float | None, target_text: str
) -> None:
    clean = [ChartBar(_xml_safe(label), amount, _xml_safe(text)) for label, amount, text in bars]
    svg = trend_svg(clean, target, _xml_safe(target_text))
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    texts = ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]
    for bar in clean:
        assert bar.label in texts
    for rect in root.iter("{http://www.w3.org/2000/svg}rect"):  # every bar inside the picture
        top, height = float(rect.get("y", "")), float(rect.get("height", ""))
        assert 0 <= top <= top + height <= float(root.get("height", ""))


def _xml_safe(text: str) -> str:
    """The characters XML 1.0 can carry (a label never holds control characters)."""
    return "".join(c for c in text if c in "\t\n" or (" " <= c <= "\ud7ff") or c >= "\ue000")


def test_the_loire_atlantique_poster_says_its_year_has_no_quarter(tmp_path: Path) -> None:
    # its measurements are the bilan's annual figures: no quarter to show, and it says so
    la = ISERE.parent / "loire-atlantique-2022"
    target = tmp_path / "affiche.pdf"
    status, shown = run(
        "affiche", la / "mesures.csv", "--definitions",
        ISERE.parent / "definitions" / "loire-atlantique.toml",
        "--quarter", "2022-T4", "-o", target, "--date", "10/01/2023",
    )  # fmt: skip
    assert status == 0
    assert shown.splitlines() == [
        "note : sans mesure pour le 4e trimestre 2022 : Délai moyen de délivrance des CNI et "
        "passeports, Délai moyen de délivrance des permis de conduire, Délai moyen de "
        "délivrance des CIV, Taux d'appels aboutis",
        f"affiche du 4e trimestre 2022 (4 chiffres) : {target}",
    ]
    text = " ".join(pypdf.PdfReader(target).pages[0].extract_text().split())
    assert "Préfecture de la Loire-Atlantique" in text
    assert text.count("non renseigné") == 12  # no chart: no quarter has a value
    assert text.count("Objectif —") == 3  # the titres' délais have no cible
    assert "Objectif 90 %" in text
    assert "Mis à jour le 10/01/2023" in text
