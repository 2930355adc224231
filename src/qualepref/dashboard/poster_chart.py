"""The poster's small chart: a figure's last five quarters as bars, against the cible.

Drawn as SVG by hand (a few rectangles, lines and labels), so that the poster needs no
plotting library: Typst embeds the same SVG in the PDF and the PNG (as vectors, sharp on
an A3 sheet), and the HTML poster shows it inline. Legible in black and white: the bars
are grey with a black outline, the quarter of the poster is black, every bar carries its
value written the French way, the cible is a dashed line labelled with its value. The
axis starts at zero; a quarter without a value leaves no bar and says so where the bar
would be (« n.r. » non renseigné, « s.o. » sans objet), never a false zero.

Pure: text in, text out; every text placed in the picture is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

import attrs

__all__ = ["ChartBar", "trend_svg"]

_WIDTH = 400
_HEIGHT = 140
_TOP = 22  # room for the values above the highest bar
_BOTTOM = 22  # room for the quarters' names
_LEFT = 4
_RIGHT = 84  # room for the cible's label


@attrs.frozen
class ChartBar:
    """One quarter of the chart: its name, its height (in the unit shown), its text.

    ``amount`` is ``None`` when the quarter has no value; ``text`` then says why.

    Examples:
        >>> ChartBar("T4 2022", 12.0, "12 j").amount
        12.0
    """

    label: str
    amount: float | None
    text: str


def _short(text: str) -> str:
    """What a bar without value says in its place: short, so that it fits a bar's width."""
    return {"non renseigné": "n.r.", "sans objet": "s.o."}.get(text, text)


def trend_svg(bars: Sequence[ChartBar], target: float | None, target_text: str) -> str:
    """The chart as an SVG document; the last bar is the poster's quarter.

    Examples:
        >>> svg = trend_svg([ChartBar("T3", 20.0, "20 j"), ChartBar("T4", 12.0, "12 j")],
        ...                 15.0, "15 j")
        >>> svg.startswith("<svg"), "20 j" in svg, "cible 15 j" in svg
        (True, True, True)
        >>> "&lt;b&gt;" in trend_svg([ChartBar("<b>", None, "sans objet")], None, "")
        True
    """
    heights = [bar.amount for bar in bars if bar.amount is not None and bar.amount > 0]
    if target is not None and target > 0:
        heights.append(target)
    top = max(heights, default=1.0)
    plot = _HEIGHT - _TOP - _BOTTOM
    base = _HEIGHT - _BOTTOM
    slot = (_WIDTH - _LEFT - _RIGHT) / max(len(bars), 1)

    def y(amount: float) -> float:
        return base - plot * max(amount, 0.0) / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" font-family="sans-serif" font-size="13">',
        f'<line x1="{_LEFT}" y1="{base}" x2="{_WIDTH - _RIGHT}" y2="{base}" '
        'stroke="#000" stroke-width="1"/>',
    ]
    for position, bar in enumerate(bars):
        middle = _LEFT + slot * (position + 0.5)
        last = position == len(bars) - 1
        weight = ' font-weight="bold"' if last else ""
        if bar.amount is None:
            parts.append(
                f'<text x="{middle:.1f}" y="{base - 4}" text-anchor="middle" '
                f'fill="#000">{escape(_short(bar.text))}</text>'
            )
        else:
            left = middle - slot * 0.3
            height = base - y(bar.amount)
            fill = "#000" if last else "#bbb"
            parts.append(
                f'<rect x="{left:.1f}" y="{y(bar.amount):.1f}" width="{slot * 0.6:.1f}" '
                f'height="{height:.1f}" fill="{fill}" stroke="#000" stroke-width="1"/>'
            )
            parts.append(
                f'<text x="{middle:.1f}" y="{y(bar.amount) - 5:.1f}" text-anchor="middle"'
                f"{weight}>{escape(bar.text)}</text>"
            )
        parts.append(
            f'<text x="{middle:.1f}" y="{_HEIGHT - 6}" text-anchor="middle"{weight}>'
            f"{escape(bar.label)}</text>"
        )
    if target is not None:
        level = y(target)
        parts.append(
            f'<line x1="{_LEFT}" y1="{level:.1f}" x2="{_WIDTH - _RIGHT + 4}" y2="{level:.1f}" '
            'stroke="#000" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{_WIDTH - _RIGHT + 8}" y="{level + 4:.1f}">'
            f"{escape(f'cible {target_text}')}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
