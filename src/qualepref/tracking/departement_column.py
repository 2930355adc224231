"""A tracking file's département, read from one of its columns (``--departement-column``).

A national extract often names the département in a column (``Département`` : ``44``,
``Loire-Atlantique``, ``44 - Loire-Atlantique``) rather than in the file's name. Each file
is read once for that column: it must hold one département, the calendar of every row of
the file. A file that mixes two is refused with the first line of each, never tracked on
the wrong calendar.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from qualepref.departements import departements, normalize_code
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.issues import DefinitionError
from qualepref.referentiel.loading import load_definitions
from qualepref.referentiel.tracking_settings import Columns
from qualepref.spreadsheet_text import header_cells
from qualepref.table_files import PARQUET_SUFFIXES
from qualepref.tracking.columnar import importable
from qualepref.tracking.reading import open_tracking_file
from qualepref.tracking.tracker import TrackingError
from qualepref.words import normalize

__all__ = ["departement_in_cell", "file_departement", "prefectures_by_column"]

_CODE_FIRST = re.compile(r"^\s*(\d{1,3}|2[abAB])\s*(?:[-–—:]\s*\S.*)?$")
"""A code, alone or before the name: ``44``, ``44 - Loire-Atlantique``, ``2A – Corse``."""
_WHOLE_NUMBER = re.compile(r"^\s*(\d{1,3})[.,]0+\s*$")
"""A code written as a number with decimals, ``44.0`` or ``44,0`` (a column of floats)."""


@functools.cache
def _by_name() -> dict[str, str]:
    """Each département's code by its name and its code, compared without case or accents."""
    found = {normalize(item.name): item.code for item in departements()}
    found.update({normalize(item.code): item.code for item in departements()})
    return found


def departement_in_cell(text: str) -> str | None:
    """The département code a cell names, by its code or its name; ``None`` if none.

    Examples:
        >>> [departement_in_cell(t) for t in ("44", "5", "2a", "Loire-Atlantique")]
        ['44', '05', '2A', '44']
        >>> departement_in_cell("44 - Loire-Atlantique"), departement_in_cell("isere")
        ('44', '38')
        >>> departement_in_cell("44.0"), departement_in_cell("5,0"), departement_in_cell("44.5")
        ('44', '05', None)
        >>> departement_in_cell("20"), departement_in_cell("Nantes")
        (None, None)
    """
    found = _WHOLE_NUMBER.match(text) or _CODE_FIRST.match(text)
    if found is not None:
        return _by_name().get(normalize(normalize_code(found[1])))
    return _by_name().get(normalize(text))


def file_departement(
    path: str | Path,
    column: str,
    *,
    sheets: str | Sequence[str] | None = None,
    columns: Columns | None = None,
) -> str:
    r"""The one département that ``column`` of the tracking file ``path`` names.

    Empty cells are left to the tracking (a blank line, a row without its
    département: the file's département is the calendar of the whole file).

    Raises:
        TrackingError: the column is missing or empty, a cell names no département, or
            the file mixes two départements (named with the line where each first
            appears).

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "export.csv").write_text(
        ...     "Date de réception;Département\n03/01/2022;44\n04/01/2022;Loire-Atlantique\n",
        ...     encoding="utf-8")
        >>> file_departement(folder / "export.csv", "departement")
        '44'
    """
    quick = _cells_by_columns(Path(path), column)
    if quick is not None:
        codes = {departement_in_cell(text) for text in quick if text}
        if len(codes) == 1 and None not in codes:
            return str(codes.pop())
    # Otherwise the table reader, a row at a time, says which line is wrong.
    wanted = normalize(column)
    with open_tracking_file(path, sheet=sheets, columns=columns) as tracking:
        index = next(
            (i for i, name in enumerate(tracking.header) if normalize(str(name)) == wanted),
            None,
        )
        if index is None:
            msg = (
                f"{path} : pas de colonne « {column} » (--departement-column) ; colonnes : "
                f"{', '.join(map(str, tracking.header))}"
            )
            raise TrackingError(msg)
        first: dict[str, str] = {}  # code → where it first appears
        for line, cells in tracking.rows:
            value = cells[index] if index < len(cells) else None
            text = "" if value is None else str(value).strip()
            if not text:
                continue
            code = departement_in_cell(text)
            if code is None:
                msg = (
                    f"{tracking.where(line)} : colonne « {tracking.header[index]} » : "
                    f"« {text} » n'est pas un département (un code, 44 ou 2A, ou un nom, "
                    "Loire-Atlantique)"
                )
                raise TrackingError(msg)
            if code not in first:
                first[code] = tracking.where(line)
                if len(first) > 1:
                    (one, at_one), (other, at_other) = first.items()
                    msg = (
                        f"{path} : le fichier mêle deux départements, {one} ({at_one}) et "
                        f"{other} ({at_other}) : un fichier par département (ses jours "
                        "fériés décident des délais)"
                    )
                    raise TrackingError(msg)
    if not first:
        msg = f"{path} : la colonne « {column} » est vide : elle doit nommer le département"
        raise TrackingError(msg)
    return next(iter(first))


def prefectures_by_column(
    files: Sequence[Path],
    definitions_dir: str | Path,
    column: str,
    *,
    sheets: str | Sequence[str] | None = None,
) -> dict[str, tuple[Path, list[Path]]]:
    """Each département's definitions file and tracking files, the files sorted by ``column``.

    A département's definitions file is ``44.toml`` in ``definitions_dir``, or else the
    one whose ``[prefecture] departement`` is 44. Files are read with the column names
    of the definitions' ``[tracking.columns]`` when they all agree, else the defaults.

    Raises:
        TrackingError: a file's column names no département, or two (see
            :func:`file_departement`); no definitions file for a département found.
    """
    folder = Path(definitions_dir)
    if not folder.is_dir():
        msg = f"{folder} : pas un dossier ; --definitions-dir nomme le dossier des définitions"
        raise TrackingError(msg)
    paths = sorted(folder.glob("*.toml"))
    loaded: dict[Path, Definitions] = {}
    for path in paths:
        with contextlib.suppress(DefinitionError, OSError):  # its own run reports it
            loaded[path] = load_definitions(path)
    layouts = [d.tracking.columns if d.tracking else Columns() for d in loaded.values()]
    agreed = bool(layouts) and all(layout == layouts[0] for layout in layouts)
    columns = layouts[0] if agreed else None
    found: dict[str, tuple[Path, list[Path]]] = {}
    for file in files:
        code = file_departement(file, column, sheets=sheets, columns=columns)
        if code not in found:
            found[code] = (_definitions_of(code, folder, paths, loaded), [])
        found[code][1].append(file)
    return found


def _definitions_of(
    code: str, folder: Path, paths: Sequence[Path], loaded: Mapping[Path, Definitions]
) -> Path:
    named = [path for path in paths if path.stem.upper() == code]
    declared = [
        path
        for path, definitions in loaded.items()
        if definitions.prefecture is not None and definitions.prefecture.departement == code
    ]
    candidates = named or declared
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        msg = (
            f"{folder} : aucun fichier de définitions pour le département {code} (attendu "
            f'{code}.toml, ou un fichier dont [prefecture] departement = "{code}")'
        )
    else:
        msg = (
            f"{folder} : plusieurs fichiers de définitions pour le département {code} ("
            f"{', '.join(path.name for path in candidates)}) : gardez-en un, ou nommez-le "
            f"{code}.toml"
        )
    raise TrackingError(msg)


def _cells_by_columns(path: Path, column: str) -> list[str] | None:
    """The distinct cells of ``column`` (stripped), read by polars; ``None`` if it cannot.

    For a UTF-8 CSV file whose first line is the header, or a Parquet file: a column
    read in one pass, where the table reader takes about 10 µs a row. Whatever it
    finds other than one département is left to the table reader, which excludes
    summary rows and names the line of a wrong cell.
    """
    if not importable("polars"):
        return None
    import polars as pl  # noqa: PLC0415 - optional dependency

    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open("rb") as file:
                first = file.readline().decode("utf-8-sig").rstrip("\r\n")
            separator, names = header_cells(first)
            scan = pl.scan_csv(path, separator=separator, infer_schema=False)
        elif suffix in PARQUET_SUFFIXES:
            scan = pl.scan_parquet(path)
            names = scan.collect_schema().names()
        else:
            return None
        found = [name for name in names if normalize(name) == normalize(column)]
        if len(found) != 1 or len(set(names)) != len(names):
            return None
        cells = scan.select(pl.col(found[0]).cast(pl.String).str.strip_chars().unique())
        return [text for text in cells.collect().to_series().to_list() if text is not None]
    except (pl.exceptions.PolarsError, UnicodeDecodeError, OSError):
        return None
