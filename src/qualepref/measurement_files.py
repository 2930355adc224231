"""Measurements files: a tidy table of one number per row, read and checked line by line.

A CSV file (``;`` or ``,``; UTF-8, or Windows-1252 as Excel saves it) or a workbook
(``.xlsx``: every sheet whose header names the columns). Several files and folders are
read together (:func:`read_measurement_files`). What Excel does to such a file is undone:
periods rewritten ``janv-22`` or ``01/01/2022`` are read back (see
:func:`~qualepref.periods.parse_period`), a header repeated after a month pasted below is
skipped.

Columns (the first non-empty row names them):

- ``indicateur`` (required): the indicator's id, ``courriels_info_5j``.
- ``periode`` (required): ``2022``, ``2022-S1``, ``2022-T3`` (or ``2022-Q3``), ``2022-07``.
- ``composante``: the counter this number is a value of (``courriels_info_recus``);
  empty when the row gives the indicator's value itself.
- ``valeur`` (required): a number, French or not: ``173``, ``1 234,5``, ``95,51 %``
  (read 0.9551), ``0,44 ‰`` (read 0.44); ``sans objet`` or ``/`` when there was nothing
  to measure; empty or ``non renseigné`` on a row that only carries an observation.
- ``echantillon``: ``oui`` when the number comes from a sample, not a full count.
- ``observation``: a note shown in the tableau.

Every faulty row is reported with its line; nothing is dropped silently. The codes
(``QM…``) and their fixes are listed in ``docs/indicators.md``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs

from qualepref.errors import QualeprefError
from qualepref.evaluation import Measurements, Observation, measure_from_components
from qualepref.measure_kinds import MeasureError
from qualepref.output_files import atomic_path
from qualepref.periods import Period, PeriodError, parse_period
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.issues import DefinitionIssue, Level, did_you_mean, not_utf8
from qualepref.referentiel.models import CounterKind, IndicatorDefinition, Unit
from qualepref.referentiel.shapes import Shape, shape_of
from qualepref.spreadsheet_text import (
    as_typed,
    decode_spreadsheet_text,
    delimiter_of,
    inert,
    too_inflated,
    unreadable_workbook,
)
from qualepref.sub_periods import contradictions

__all__ = [
    "COLUMNS",
    "MEASUREMENT_SUFFIXES",
    "UNREADABLE",
    "MeasurementError",
    "check_measurements",
    "implausible",
    "measurement_paths",
    "merge_observations",
    "parse_measurements",
    "parse_number",
    "read_measurement_files",
    "read_measurements",
    "write_measurements",
]

COLUMNS = ("indicateur", "periode", "composante", "valeur", "echantillon", "observation")
"""The columns of a measurements file, in the order qualepref writes them."""
_REQUIRED = ("indicateur", "periode", "valeur")
_HEADER_SEARCH = 30  # rows searched for the header, under a title
_SANS_OBJET = {"sans objet", "/", "s.o."}
_NOTE_ONLY = {"", "non renseigné", "non renseigne"}
_YES = {"oui", "o", "x", "1", "vrai", "true", "yes"}
_NO = {"", "non", "n", "0", "faux", "false", "no"}
_LARGEST = 1e15  # beyond, a figure is a typing accident, and floats lose their units
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


class MeasurementError(QualeprefError):
    """A measurements file with problems; ``issues`` lists every one, with its line.

    Examples:
        >>> MeasurementError([]).issues
        ()
    """

    def __init__(self, issues: Iterable[DefinitionIssue]) -> None:
        self.issues: tuple[DefinitionIssue, ...] = tuple(
            sorted(issues, key=lambda i: (i.file or "", i.line or 0, i.code))
        )
        super().__init__("\n".join(map(str, self.issues)) or "mesures invalides")

    @property
    def unreadable(self) -> bool:
        """Whether a file could not be read at all (not UTF-8 nor Windows-1252, not a workbook).

        Examples:
            >>> MeasurementError([]).unreadable
            False
        """
        return any(issue.code in UNREADABLE for issue in self.issues)


def parse_number(text: str) -> float:
    """A number as a referent types it: ``1 234,5``, ``95,51 %`` (0.9551), ``0,44 ‰`` (0.44).

    Raises:
        ValueError: the text is not a number.

    Examples:
        >>> parse_number("1 234,5"), parse_number("95,51 %"), parse_number("0,44 ‰")
        (1234.5, 0.9551, 0.44)
        >>> parse_number("786")
        786
    """
    cleaned = re.sub(r"[\s\u202f\xa0]", "", text)
    percent = cleaned.endswith("%")
    if cleaned.endswith(("%", "‰")):
        cleaned = cleaned[:-1]
    if not _NUMBER.fullmatch(cleaned):
        msg = f"nombre illisible : {text!r} (attendu par exemple 173, 1 234,5 ou 95,5 %)"
        raise ValueError(msg)
    cleaned = cleaned.replace(",", ".")
    number: float = float(cleaned) if any(c in cleaned for c in ".eE") else int(cleaned)
    if not abs(number) < _LARGEST:
        msg = f"nombre hors des bornes : {text[:20]!r}… (au plus 15 chiffres)"
        raise ValueError(msg)
    return round(number / 100, 12) if percent else number


MEASUREMENT_SUFFIXES = frozenset({".csv", ".xlsx", ".xlsm"})
"""The files of a folder that are read as measurements files."""
UNREADABLE = frozenset({"QM002", "QM003"})
"""The codes of a file that cannot be read at all (exit status 2 at the command line)."""


def read_measurements(path: str | Path, definitions: Definitions) -> Measurements:
    """The measurements in the file (CSV or XLSX) or folder at ``path``, checked.

    Raises:
        MeasurementError: faulty rows; ``issues`` lists every one, with its line.
        OSError: the file cannot be read.

    Examples:
        >>> from qualepref import load_definitions
        >>> defs = load_definitions("examples/isere-2022/definitions.toml")
        >>> read_measurements("examples/isere-2022/mesures.csv", defs)
        <Measurements: ... observations>
    """
    return read_measurement_files([path], definitions)


def measurement_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, with the measurements files of the folders named, in order.

    In a folder, every ``.csv`` file is one, and every ``.xlsx`` file with a sheet of
    measurements (a column « indicateur » in its first rows): a register kept beside
    them (the plan d'amélioration, the training register) is not.

    Raises:
        MeasurementError: a folder holds no measurements file (QM003).

    Examples:
        >>> [path.name for path in measurement_paths(["examples/isere-2022"])]
        ['mesures.csv']
    """
    found: list[Path] = []
    seen: set[Path] = set()  # a file named twice (a folder and itself) is read once
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(
                child
                for child in path.iterdir()
                if child.suffix.lower() in MEASUREMENT_SUFFIXES
                and not child.name.startswith(".")
                and _holds_measurements(child)
            )
            if not inside:
                message = f"aucun fichier .csv ou .xlsx de mesures dans le dossier {path}"
                issue = DefinitionIssue("QM003", Level.ERROR, message, file=str(path))
                raise MeasurementError([issue])
            found.extend(child for child in inside if child not in seen)
            seen.update(inside)
        elif path not in seen:
            found.append(path)
            seen.add(path)
    return found


def _holds_measurements(path: Path) -> bool:
    """Whether a file found in a folder is a measurements file.

    A CSV file or a workbook is when it names the « indicateur » column in its first
    rows (in one of its sheets); a pilotage register or a plan kept beside the measurements
    is not. An unreadable one is, so that reading it says why.
    """
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return _csv_holds_measurements(path)
    try:
        import python_calamine  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - the test extra installs it
        return True
    if too_inflated(path):
        return True
    try:
        with contextlib.closing(python_calamine.CalamineWorkbook.from_path(str(path))) as book:
            for name in book.sheet_names:
                rows = book.get_sheet_by_name(name).to_python(nrows=_HEADER_SEARCH)
                if any(_REQUIRED[0] in (_field(c).strip().lower() for c in row) for row in rows):
                    return True
    except (python_calamine.CalamineError, OSError, ValueError):
        return True
    return False


def _csv_holds_measurements(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            text = decode_spreadsheet_text(stream.read(1 << 16))
    except (OSError, UnicodeDecodeError):
        return True
    lines = [line for line in _LINE_BREAK.split(text) if line.strip()][:_HEADER_SEARCH]
    if not lines:
        return True  # an empty file: its reading says so
    return any(
        _REQUIRED[0] in (cell.strip().strip('"').lower() for cell in line.split(delimiter_of(line)))
        for line in lines
    )


def read_measurement_files(paths: Iterable[str | Path], definitions: Definitions) -> Measurements:
    """The measurements of several files and folders, merged and checked together.

    The same indicator, period and component given twice with the same value is kept
    once; with different values it is an error naming both places (QM201).

    Raises:
        MeasurementError: faulty rows, in any file; ``issues`` lists every one.
        OSError: a file cannot be read.

    Examples:
        >>> from qualepref import load_definitions
        >>> defs = load_definitions("examples/isere-2022/definitions.toml")
        >>> mesures = "examples/isere-2022/mesures.csv"
        >>> read_measurement_files([mesures, mesures], defs)
        <Measurements: ... observations>
    """
    observations: list[Observation] = []
    issues: list[DefinitionIssue] = []
    for path in measurement_paths(paths):
        tables, before = 0, len(issues)
        for source, rows in _tables_of(path, issues):
            tables += 1
            reader = _Reader(source)
            observations.extend(reader.read_rows(rows))
            issues.extend(reader.issues)
        if not tables and path.suffix.lower() in {".xlsx", ".xlsm"} and len(issues) == before:
            message = (
                f"aucune feuille de ce classeur n'a de colonne « {_REQUIRED[0]} » : ce n'est "
                "pas un fichier de mesures (voir docs/indicators.md)"
            )
            issues.append(DefinitionIssue("QM003", Level.ERROR, message, file=str(path)))
    merged, conflicts = merge_observations(observations)
    issues.extend(conflicts)
    issues.extend(check_measurements(merged, definitions))
    if issues:
        raise MeasurementError(issues)
    return Measurements(merged)


def _tables_of(
    path: Path, issues: list[DefinitionIssue]
) -> Iterator[tuple[str, Iterable[tuple[int, list[str]]]]]:
    """Each table of a file: a CSV file's one, or every sheet of a workbook."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        yield from _sheets_of(path, issues)
        return
    try:
        text = decode_spreadsheet_text(path.read_bytes())
    except UnicodeDecodeError as error:
        issues.append(not_utf8(error, path, "QM002"))
        return
    yield str(path), _csv_rows(text)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record of a CSV text with the line it starts on, from the first filled line.

    Lines end with CR LF, LF or a lone CR, nothing else (not a form feed in a cell), and a
    line break inside a quoted cell stays in the cell, as typed.
    """
    position, number = 0, 1
    for end in _LINE_BREAK.finditer(text):
        if text[position : end.start()].strip():
            break
        position, number = end.end(), number + 1
    first_line = _LINE_BREAK.split(text[position:], maxsplit=1)[0]
    if not first_line.strip():
        return
    rows = csv.reader(io.StringIO(text[position:], newline=""), delimiter=delimiter_of(first_line))
    read = 0
    for fields in rows:
        yield number + read, fields
        read = rows.line_num


def _sheets_of(
    path: Path, issues: list[DefinitionIssue]
) -> Iterator[tuple[str, Iterable[tuple[int, list[str]]]]]:
    try:
        import python_calamine  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - the test extra installs it
        message = "lire un classeur demande python-calamine : pip install 'qualepref[xlsx]'"
        issues.append(DefinitionIssue("QM003", Level.ERROR, message, file=str(path)))
        return
    problem = too_inflated(path)
    if problem:
        issues.append(DefinitionIssue("QM003", Level.ERROR, problem, file=str(path)))
        return
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.CalamineError as error:
        message = unreadable_workbook(error)
        issues.append(DefinitionIssue("QM003", Level.ERROR, message, file=str(path)))
        return
    with contextlib.closing(workbook):
        for name in workbook.sheet_names:
            try:
                sheet = workbook.get_sheet_by_name(name)
                rows = [
                    (number, [_field(cell) for cell in cells])
                    for number, cells in enumerate(sheet.iter_rows(), start=1)
                ]
            except python_calamine.CalamineError as error:
                message = unreadable_workbook(error, sheet_only=True)
                where = f"{path}[{name}]"  # the sheet named as every message names it
                issues.append(DefinitionIssue("QM003", Level.ERROR, message, file=where))
                return
            if any(_REQUIRED[0] in (field.lower() for field in cells) for _n, cells in rows):
                yield f"{path}[{name}]", rows


def _field(cell: object) -> str:
    """A workbook cell as the text a CSV file would hold."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime | dt.date):
        return f"{cell:%d/%m/%Y}"
    if isinstance(cell, bool):
        return "oui" if cell else "non"
    return str(cell).strip()


def merge_observations(
    observations: Iterable[Observation],
) -> tuple[list[Observation], list[DefinitionIssue]]:
    """Observations without repeats: the same value twice is one; two values are an error.

    Examples:
        >>> from qualepref.periods import Month
        >>> march = ("copil", Month(2022, 3), "copil_reunions")
        >>> one = Observation(*march, 1, line=2, source="a.csv")
        >>> again = Observation(*march, 1, line=9, source="b.csv")
        >>> other = Observation(*march, 2, line=4, source="c.csv")
        >>> kept, problems = merge_observations([one, again, other])
        >>> len(kept), problems[0].message
        (1, 'la composante copil_reunions de copil pour 2022-03 vaut 2 ici mais 1 en a.csv:2 :
        gardez une seule valeur')
    """
    kept: dict[tuple[str, Period, str | None], Observation] = {}
    merged: list[Observation] = []
    issues: list[DefinitionIssue] = []
    for observation in observations:
        if observation.note_only:
            merged.append(observation)
            continue
        key = (observation.indicator, observation.period, observation.component)
        first = kept.get(key)
        if first is None:
            kept[key] = observation
            merged.append(observation)
            continue
        if (first.value, first.sample) == (observation.value, observation.sample):
            if observation.note and observation.note != first.note:  # its note is kept
                merged.append(attrs.evolve(observation, component=None, value=None, note_only=True))
            continue
        what = f"la composante {observation.component}" if observation.component else "la valeur"
        shown = "sans objet" if observation.value is None else observation.value
        before = "sans objet" if first.value is None else first.value
        issues.append(
            DefinitionIssue(
                "QM201",
                Level.ERROR,
                f"{what} de {observation.indicator} pour {observation.period} vaut {shown} ici "
                f"mais {before} en {first.place} : gardez une seule valeur",
                file=observation.source,
                line=observation.line,
                item=observation.indicator,
                field="composante" if observation.component else "valeur",
            )
        )
    return merged, issues


def parse_measurements(
    text: str, definitions: Definitions, *, source: str | None = None
) -> Measurements:
    r"""The measurements in CSV ``text``, checked against ``definitions``.

    Raises:
        MeasurementError: faulty rows; ``issues`` lists every one, with its line.

    Examples:
        >>> from qualepref import parse_definitions
        >>> defs = parse_definitions("[perimeter]\nmodules = [1]")
        >>> text = "indicateur;periode;composante;valeur\ncopil;2022-T1;;2\n"
        >>> parse_measurements(text, defs).value("copil", parse_period("2022-T1")).value
        2
    """
    reader = _Reader(source)
    observations = reader.read_rows(_csv_rows(text))
    merged, conflicts = merge_observations(observations)
    issues = [*reader.issues, *conflicts, *check_measurements(merged, definitions, source=source)]
    if issues:
        raise MeasurementError(issues)
    return Measurements(merged)


class _Reader:
    """Turns rows of fields into observations, collecting the problems of each row."""

    def __init__(self, source: str | None) -> None:
        self.source = source
        self.issues: list[DefinitionIssue] = []

    def report(
        self, code: str, message: str, line: int, item: str | None = None, field: str | None = None
    ) -> None:
        self.issues.append(
            DefinitionIssue(
                code, Level.ERROR, message, file=self.source, line=line, item=item, field=field
            )
        )

    def read_rows(self, rows: Iterable[tuple[int, list[str]]]) -> list[Observation]:
        """The observations of the rows under the first non-empty row, the header."""
        columns: list[str] | None = None
        first: tuple[int, list[str]] | None = None
        observations: list[Observation] = []
        for line, fields in rows:
            if not any(field.strip() for field in fields):
                continue
            if columns is None:
                names = [name.strip().lower() for name in fields]
                first = first or (line, names)
                if _REQUIRED[0] not in names:
                    if line < _HEADER_SEARCH:
                        continue  # a title above the header
                    self._header_ok(*first)
                    return []
                columns = self._header(names, line)
                if columns is None:
                    return []
                continue
            if [field.strip().lower() for field in fields[: len(columns)]] == columns:
                continue  # the header again, after a month appended by copy and paste
            if len(fields) > len(columns) and not any(f.strip() for f in fields[len(columns) :]):
                del fields[len(columns) :]  # empty cells beyond the header, as a sheet has
            if len(fields) != len(columns):
                self.report(
                    "QM005",
                    f"{len(fields)} champ(s) au lieu de {len(columns)} ({', '.join(columns)})",
                    line,
                )
                continue
            row = {  # an observation loses the apostrophe write_measurements put, then spaces
                name: (as_typed(field) if name == "observation" else field).strip()
                for name, field in zip(columns, fields, strict=True)
            }
            observation = self._observation(row, line)
            if observation is not None:
                observations.append(observation)
        if columns is None and first is not None:
            self._header_ok(*first)  # no header at all: say what the first row lacks
        return observations

    def _header(self, names: list[str], line: int) -> list[str] | None:
        """The columns of a header row, without its empty cells at the end; ``None`` if bad."""
        while names and not names[-1]:
            names.pop()
        return names if self._header_ok(line, names) else None

    def _header_ok(self, line: int, columns: list[str]) -> bool:
        problems = [f"colonne manquante : {name}" for name in _REQUIRED if name not in columns]
        for name in columns:
            if name not in COLUMNS:
                close = difflib.get_close_matches(name, COLUMNS, n=1)
                hint = f" (vouliez-vous dire {close[0]!r} ?)" if close else ""
                problems.append(f"colonne inconnue {name!r}{hint}")
        if problems:
            self.report(
                "QM001", f"{' ; '.join(problems)} ; colonnes permises : {', '.join(COLUMNS)}", line
            )
        return not problems

    def _observation(self, row: dict[str, str], line: int) -> Observation | None:
        indicator = row["indicateur"]
        errors = len(self.issues)
        if not indicator:
            self.report(
                "QM101", "indicateur manquant : donnez son identifiant", line, None, "indicateur"
            )
        period: Period | None = None
        try:
            period = parse_period(row["periode"])
        except PeriodError as error:
            self.report("QM103", str(error), line, indicator, "periode")
        note = row.get("observation") or None
        raw = row["valeur"]
        value: float | None = None
        note_only = raw.lower() in _NOTE_ONLY
        if note_only and not note:
            self.report(
                "QM104",
                "valeur manquante : écrivez un nombre, « sans objet », ou une observation",
                line,
                indicator,
                "valeur",
            )
        elif not note_only and raw.lower() not in _SANS_OBJET:
            try:
                value = parse_number(raw)
            except ValueError as error:
                self.report("QM104", str(error), line, indicator, "valeur")
            else:
                if raw.rstrip().endswith("%") and not 0 <= value <= 1:
                    message = f"un pourcentage est entre 0 et 100 %, pas {raw.strip()}"
                    self.report("QM107", message, line, indicator, "valeur")
        sample = row.get("echantillon", "").lower()
        if sample not in _YES | _NO:
            self.report(
                "QM106",
                f"échantillon illisible : {row['echantillon']!r} (attendu oui ou non)",
                line,
                indicator,
                "echantillon",
            )
        if len(self.issues) > errors or period is None:
            return None
        return Observation(
            indicator,
            period,
            None if note_only else (row.get("composante") or None),
            value,
            sample=sample in _YES,
            note=note,
            line=line,
            note_only=note_only,
            source=self.source,
        )


def implausible(indicator: IndicatorDefinition, shape: Shape, value: float) -> str:
    """Why ``value`` cannot be ``indicator``'s, in French; empty when it can.

    A rate is a fraction between 0 and 1 (a value between 1 and 100 is a percentage typed
    without its %); a per-mille, a délai or a count is positive; a count of things is whole.

    Examples:
        >>> from qualepref import load_referentiel
        >>> ref = load_referentiel()
        >>> calls = ref.indicator("appels_aboutis")
        >>> print(implausible(calls, Shape.RATE, 90).replace("\u202f", " "))
        un taux de 9 000 % est impossible : voulez-vous dire 90 % ? (écrivez 90 % ou 0,9)
        >>> implausible(calls, Shape.RATE, 0.9)
        ''
    """
    shown = f"{value:g}".replace(".", ",")
    if indicator.unit is Unit.RATE:
        if 1 < value <= 100:
            percent = f"{value * 100:,.0f}".replace(",", "\u202f")
            return (
                f"un taux de {percent} % est impossible : voulez-vous dire {shown} % ? "
                f"(écrivez {shown} % ou {value / 100:g})".replace(".", ",")
            )
        if not 0 <= value <= 1:
            return f"un taux est entre 0 et 100 %, pas {shown}"
        return ""
    if value < 0:
        return f"{indicator.unit.label} négatif : {shown} (attendu un nombre positif ou nul)"
    if shape is Shape.COUNT and not float(value).is_integer():
        return f"un nombre de {indicator.label.lower()} est entier, pas {shown}"
    return ""


def check_measurements(
    observations: Iterable[Observation], definitions: Definitions, *, source: str | None = None
) -> list[DefinitionIssue]:
    r"""Every problem of ``observations`` against ``definitions``, each at its line.

    Unknown or out-of-scope indicators, components that the formula does not read,
    duplicate rows, a counter given two values for one period, incomplete or impossible
    components (a numerator above its denominator).

    Examples:
        >>> from qualepref import parse_definitions
        >>> from qualepref.periods import Month
        >>> defs = parse_definitions("[perimeter]\nmodules = [1]")
        >>> row = Observation("appels_abouti", Month(2022, 1), None, 0.9, line=2)
        >>> [issue.code for issue in check_measurements([row], defs)]
        ['QM101']
    """
    checker = _Checker(definitions, source)
    for observation in observations:
        checker.add(observation)
    checker.finish()
    return checker.issues


class _Checker:
    def __init__(self, definitions: Definitions, source: str | None) -> None:
        self.definitions = definitions
        self.referentiel = definitions.referentiel
        self.in_scope = {i.id for i in definitions.indicators}
        self.source = source
        self.issues: list[DefinitionIssue] = []
        self.counters: dict[tuple[str, Period], Observation] = {}
        self.groups: dict[tuple[str, Period], list[Observation]] = {}
        self.values: dict[tuple[str, Period], Observation] = {}
        self.shapes: dict[str, Shape] = {}

    def shape(self, indicator: IndicatorDefinition) -> Shape:
        """``indicator``'s shape, worked out once for all its rows."""
        found = self.shapes.get(indicator.id)
        if found is None:
            found = self.shapes[indicator.id] = shape_of(indicator, self.referentiel)
        return found

    def report(self, code: str, message: str, observation: Observation, field: str) -> None:
        self.issues.append(
            DefinitionIssue(
                code,
                Level.ERROR,
                message,
                file=observation.source or self.source,
                line=observation.line,
                item=observation.indicator,
                field=field,
            )
        )

    def add(self, observation: Observation) -> None:
        indicator_id = observation.indicator
        try:
            indicator = self.referentiel.indicator(indicator_id)
        except KeyError:
            hint = did_you_mean(indicator_id, (i.id for i in self.referentiel.indicators))
            self.report(
                "QM101", f"indicateur inconnu : {indicator_id!r}{hint}", observation, "indicateur"
            )
            return
        if indicator_id not in self.in_scope:
            self.report(
                "QM102",
                f"l'indicateur {indicator_id!r} relève du module {indicator.module}, hors du "
                f"périmètre {list(self.definitions.perimeter)}",
                observation,
                "indicateur",
            )
            return
        if observation.note_only:
            return
        if observation.component is not None:
            self._component(indicator_id, observation.component, observation)
        elif observation.value is not None:
            problem = implausible(indicator, self.shape(indicator), observation.value)
            if problem:
                self.report("QM107", problem, observation, "valeur")
            else:
                self.values.setdefault((indicator_id, observation.period), observation)

    def _component(self, indicator_id: str, component: str, observation: Observation) -> None:
        reads = self.referentiel.counters_read_by(self.referentiel.indicator(indicator_id))
        if component not in reads:
            listed = ", ".join(sorted(reads)) or "aucune : sa formule lit d'autres indicateurs"
            self.report(
                "QM105",
                f"la formule de {indicator_id} ne lit pas {component!r} ; "
                f"ses composantes : {listed}",
                observation,
                "composante",
            )
            return
        if observation.value is None:
            self.report(
                "QM104",
                f"une composante est un nombre, pas « sans objet » : écrivez 0 pour {component}",
                observation,
                "valeur",
            )
            return
        if observation.value < 0 or not float(observation.value).is_integer():
            self.report(
                "QM107",
                f"le compteur {component} compte des demandes, des jours ou des personnes : un "
                f"nombre entier positif ou nul, pas {observation.value}",
                observation,
                "valeur",
            )
            return
        other = self.counters.get((component, observation.period))
        if other is not None and other.value != observation.value:
            self.report(
                "QM202",
                f"le compteur {component} vaut {observation.value} pour {observation.period} ici "
                f"mais {other.value} en {other.place} : un compteur n'a qu'une valeur "
                "par période",
                observation,
                "valeur",
            )
            return
        self.counters.setdefault((component, observation.period), observation)
        self.groups.setdefault((indicator_id, observation.period), []).append(observation)

    def finish(self) -> None:
        for (indicator_id, period), rows in self.groups.items():
            indicator = self.referentiel.indicator(indicator_id)
            reads = self.referentiel.counters_read_by(indicator)
            values = {
                name: found.value
                for name in reads
                if (found := self.counters.get((name, period))) is not None
                and found.value is not None
            }
            missing = sorted(reads - values.keys())
            if missing:
                self.report(
                    "QM203",
                    f"composantes incomplètes de {indicator_id} pour {period} : manque "
                    f"{', '.join(missing)} (sans elles, celles données ne servent à rien)",
                    rows[0],
                    "composante",
                )
                continue
            try:
                measure_from_components(indicator, self.shape(indicator), values)
            except MeasureError as error:
                self.report("QM204", f"{indicator_id} pour {period} : {error}", rows[0], "valeur")
        referentiel = self.referentiel
        stocks = frozenset(
            name
            for name, _period in self.counters
            if referentiel.counter(name).kind is CounterKind.STOCK
        )
        self.issues.extend(
            contradictions(self.counters.values(), self.values.values(), self.shapes, stocks)
        )


def write_measurements(observations: Iterable[Observation], path: str | Path) -> None:
    """Write ``observations`` as a measurements file (``;``-separated, UTF-8 with a BOM).

    The file is written whole or not at all (a temporary file renamed over it).

    Examples:
        >>> import tempfile, pathlib
        >>> from qualepref.periods import Month
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "mesures.csv"
        >>> row = Observation("copil", Month(2022, 3), "copil_reunions", 1)
        >>> write_measurements([row], target)
        >>> for line in target.read_text(encoding="utf-8-sig").splitlines():
        ...     print(line)
        indicateur;periode;composante;valeur;echantillon;observation
        copil;2022-03;copil_reunions;1;;
    """
    with (
        atomic_path(path) as partial,
        partial.open("w", encoding="utf-8-sig", newline="") as stream,
    ):
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for o in observations:
            if o.note_only:
                value = ""
            elif o.value is None:
                value = "sans objet"
            else:
                value = str(o.value)
            writer.writerow(
                [
                    o.indicator,
                    str(o.period),
                    o.component or "",
                    value,
                    "oui" if o.sample else "",
                    inert(o.note or ""),
                ]
            )
