"""The poster out: a printable PDF or PNG (A4, or A3), and an HTML page.

The PDF and the PNG are typeset by Typst through its Python package (extra
``affiche``): a compiled wheel with its own fonts, so nothing is needed beyond the
package registry (no Pango, no LaTeX, no browser). The template
(``qualepref/data/affiche.typ``) receives every text as JSON data: what a préfecture
typed is never read as markup. The HTML page escapes what it shows.

Each figure has its chart (:mod:`qualepref.dashboard.poster_chart`: the five quarters up
to the poster's, against the cible), the same SVG in the PDF, the PNG and the page;
``charts=False`` leaves them out.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from importlib import resources
from typing import cast

from qualepref.dashboard.poster import Poster, PosterLine
from qualepref.dashboard.poster_chart import trend_svg
from qualepref.errors import QualeprefError

__all__ = ["PAPERS", "poster_html", "poster_pdf", "poster_png"]

PAPERS = ("a4", "a3")
"""The paper sizes the poster is printed on."""


def _chart(line: PosterLine) -> str:
    """The line's chart as SVG, or "" when none of its quarters has a value."""
    if all(bar.amount is None for bar in line.trend):
        return ""
    return trend_svg(line.trend, line.target_amount, line.target)


def _data(poster: Poster, charts: bool) -> dict[str, object]:
    """The poster's data for a template, each line with its chart (SVG text, or "")."""
    data = poster.as_data()
    data["lines"] = [
        {**shown, "chart": _chart(line) if charts else ""}
        for shown, line in zip(data["lines"], poster.lines, strict=True)  # type: ignore[call-overload]
    ]
    return data


def _typeset(poster: Poster, paper: str, kind: str, ppi: float, charts: bool) -> bytes:
    """The poster typeset by Typst: ``pdf`` or ``png``."""
    try:
        import typst  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - the test extra installs it
        msg = "une affiche en PDF ou PNG demande typst : pip install 'qualepref[affiche]'"
        raise QualeprefError(msg) from None
    if paper not in PAPERS:
        msg = f"format de papier inconnu {paper!r} : {', '.join(PAPERS)}"
        raise QualeprefError(msg)
    template = resources.files("qualepref").joinpath("data", "affiche.typ").read_bytes()
    inputs = {"data": json.dumps(_data(poster, charts), ensure_ascii=False), "paper": paper}
    # the date the poster was made, not the clock: the same poster, the same bytes
    stamp = dt.datetime.combine(poster.made, dt.time(), tzinfo=dt.UTC)
    # typst gives a list of pages when a PNG has several (its stub says bytes)
    if kind == "png":
        made = cast(
            "object",
            typst.compile(template, format="png", ppi=ppi, sys_inputs=inputs, timestamp=stamp),
        )
    else:
        made = cast(
            "object", typst.compile(template, format="pdf", sys_inputs=inputs, timestamp=stamp)
        )
    if not isinstance(made, bytes):  # pragma: no cover - the template scales it to one page
        msg = "l'affiche tient sur plusieurs pages au lieu d'une : c'est un défaut de qualepref"
        raise QualeprefError(msg)
    return made


def poster_pdf(poster: Poster, *, paper: str = "a4", charts: bool = True) -> bytes:
    """The poster as a one-page PDF.

    Raises:
        QualeprefError: typst is missing (extra ``affiche``), or an unknown paper.

    Examples:
        >>> import datetime as dt
        >>> from qualepref.dashboard.poster import PosterLine
        >>> from qualepref.periods import Quarter
        >>> poster = Poster("Transparence publique", "Nos résultats", "Préfecture de l'Isère",
        ...                 Quarter(2022, 4), (PosterLine("Délai", "12 j", "20 j", "15 j"),),
        ...                 dt.date(2023, 1, 10))
        >>> poster_pdf(poster)[:5]
        b'%PDF-'
    """
    return _typeset(poster, paper, "pdf", 0, charts)


def poster_png(
    poster: Poster, *, paper: str = "a4", ppi: float = 150, charts: bool = True
) -> bytes:
    r"""The poster as a PNG image, ``ppi`` pixels per inch (150: an A4 of 1240 × 1754).

    Raises:
        QualeprefError: typst is missing (extra ``affiche``), or an unknown paper.

    Examples:
        >>> import datetime as dt
        >>> from qualepref.dashboard.poster import PosterLine
        >>> from qualepref.periods import Quarter
        >>> poster = Poster("T", "S", "P", Quarter(2022, 4), (), dt.date(2023, 1, 10))
        >>> poster_png(poster, ppi=10)[:4]
        b'\x89PNG'
    """
    return _typeset(poster, paper, "png", ppi, charts)


def poster_html(poster: Poster, *, paper: str = "a4", charts: bool = True) -> str:
    """The poster as a printable HTML page (the browser prints it on ``paper``).

    Examples:
        >>> import datetime as dt
        >>> from qualepref.dashboard.poster import PosterLine
        >>> from qualepref.periods import Quarter
        >>> poster = Poster("T", "S", "<script>x</script>", Quarter(2022, 4),
        ...                 (PosterLine("Délai", "12 j", "20 j", "15 j"),), dt.date(2023, 1, 10))
        >>> page = poster_html(poster)
        >>> "&lt;script&gt;" in page, "<script>" in page
        (True, False)
    """
    data = _data(poster, charts)

    def text(value: object) -> str:
        return html.escape(str(value))

    blocks = "\n".join(
        f"""<section class="ligne"><h2>{text(line["label"])}</h2><div class="chiffres">
<p class="valeur">{text(line["value"])}</p>
<p><small>{text(data["previous"])}</small><br>{text(line["previous"])}</p>
<p><small>{text(data["last_year"])}</small><br>{text(line["last_year"])}</p>
<p><small>Objectif</small><br>{text(line["target"])}</p></div>
{_figure(line["chart"], line["label"])}</section>"""
        for line in data["lines"]  # type: ignore[attr-defined]
    )
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>{text(data["title"])} — {text(data["prefecture"])}</title>
<style>
@page {{ size: {paper.upper()}; margin: 1.6cm; }}
body {{ font-family: sans-serif; color: #000; max-width: 48em; margin: auto; }}
header {{ text-align: center; }}
h1 {{ font-size: 2.4em; margin-bottom: 0.1em; }}
.ligne {{ border: 2px solid #000; border-radius: 6px; padding: 0.6em 1em; margin: 0.8em 0; }}
.ligne h2 {{ font-size: 1.1em; margin: 0 0 0.3em; }}
.chiffres {{ display: grid; grid-template-columns: 1.4fr 1fr 1fr 1fr; gap: 0.5em; }}
.chiffres p {{ margin: 0; }}
.valeur {{ font-size: 2.2em; font-weight: bold; }}
.graphique {{ margin: 0.4em 0 0; }}
.graphique svg {{ width: 100%; height: auto; }}
footer {{ text-align: center; font-size: 0.8em; margin-top: 2em; }}
</style></head>
<body><header><h1>{text(data["title"])}</h1><p>{text(data["subtitle"])}</p>
<p><strong>{text(data["prefecture"])}</strong></p>
<p>Résultats du {text(data["quarter"])}</p></header>
{blocks}
<footer>Mis à jour le {text(data["made"])} — démarche qualité Qual-e-pref</footer>
</body></html>
"""


def _figure(svg: object, label: object) -> str:
    """The chart inline in the page (its texts escaped when it was drawn), or nothing."""
    if not svg:
        return ""
    title = html.escape(f"Évolution sur cinq trimestres : {label}")
    return f'<figure class="graphique" role="img" aria-label="{title}">{svg}</figure>'
