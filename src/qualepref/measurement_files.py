"""Measurements files: a tidy CSV of one number per row, read and checked line by line.

Columns (the first line names them; ``;`` or ``,`` separates them; UTF-8):

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

import csv
import difflib
import io
import re
from collections.abc import Iterable
from pathlib import Path

from qualepref.errors import QualeprefError
from qualepref.measurements import Measurements, Observation, measure_from_components, shape_of
from qualepref.measures import MeasureError
from qualepref.periods import Period, PeriodError, parse_period
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.issues import DefinitionIssue, Level, did_you_mean, not_utf8
from qualepref.spreadsheet_text import delimiter_of

__all__ = [
    "COLUMNS",
    "MeasurementError",
    "check_measurements",
    "parse_measurements",
    "parse_number",
    "read_measurements",
    "write_measurements",
]

COLUMNS = ("indicateur", "periode", "composante", "valeur", "echantillon", "observation")
"""The columns of a measurements file, in the order qualepref writes them."""
_REQUIRED = ("indicateur", "periode", "valeur")
_SANS_OBJET = {"sans objet", "/", "s.o."}
_NOTE_ONLY = {"", "non renseigné", "non renseigne"}
_YES = {"oui", "o", "x", "1", "vrai", "true", "yes"}
_NO = {"", "non", "n", "0", "faux", "false", "no"}
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


class MeasurementError(QualeprefError):
    """A measurements file with problems; ``issues`` lists every one, with its line.

    Example:
        >>> MeasurementError([]).issues
        ()
    """

    def __init__(self, issues: Iterable[DefinitionIssue]) -> None:
        self.issues: tuple[DefinitionIssue, ...] = tuple(
            sorted(issues, key=lambda i: (i.file or "", i.line or 0, i.code))
        )
        super().__init__("\n".join(map(str, self.issues)) or "mesures invalides")


def parse_number(text: str) -> float:
    """A number as a referent types it: ``1 234,5``, ``95,51 %`` (0.9551), ``0,44 ‰`` (0.44).

    Raises:
        ValueError: the text is not a number.

    Example:
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
    return round(number / 100, 12) if percent else number


def read_measurements(path: str | Path, definitions: Definitions) -> Measurements:
    """The measurements in the CSV file at ``path``, checked against ``definitions``.

    Raises:
        MeasurementError: faulty rows; ``issues`` lists every one, with its line.
        OSError: the file cannot be read.

    Example:
        >>> from qualepref import load_definitions
        >>> defs = load_definitions("examples/isere-2022/definitions.toml")
        >>> read_measurements("examples/isere-2022/mesures.csv", defs)
        <Measurements: ... observations>
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MeasurementError([not_utf8(error, path, "QM002")]) from None
    return parse_measurements(text, definitions, source=str(path))


def parse_measurements(
    text: str, definitions: Definitions, *, source: str | None = None
) -> Measurements:
    r"""The measurements in CSV ``text``, checked against ``definitions``.

    Raises:
        MeasurementError: faulty rows; ``issues`` lists every one, with its line.

    Example:
        >>> from qualepref import parse_definitions
        >>> defs = parse_definitions("[perimeter]\nmodules = [1]")
        >>> text = "indicateur;periode;composante;valeur\ncopil;2022-T1;;2\n"
        >>> parse_measurements(text, defs).value("copil", parse_period("2022-T1")).value
        2
    """
    reader = _Reader(source)
    observations = reader.read(text)
    issues = [*reader.issues, *check_measurements(observations, definitions, source=source)]
    if issues:
        raise MeasurementError(issues)
    return Measurements(observations)


class _Reader:
    """Turns CSV text into observations, collecting the problems of each row."""

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

    def read(self, text: str) -> list[Observation]:
        lines = text.splitlines()
        first = next((k for k, line in enumerate(lines) if line.strip()), None)
        if first is None:
            return []
        header = lines[first]
        delimiter = delimiter_of(header)
        columns = [name.strip().lower() for name in next(csv.reader([header], delimiter=delimiter))]
        if not self._header_ok(columns, first + 1):
            return []
        observations: list[Observation] = []
        rows = csv.reader(io.StringIO("\n".join(lines[first + 1 :])), delimiter=delimiter)
        for offset, fields in enumerate(rows):
            line = first + 2 + offset
            if not any(field.strip() for field in fields):
                continue
            if len(fields) != len(columns):
                self.report(
                    "QM005",
                    f"{len(fields)} champ(s) au lieu de {len(columns)} ({', '.join(columns)})",
                    line,
                )
                continue
            row = {name: field.strip() for name, field in zip(columns, fields, strict=True)}
            observation = self._observation(row, line)
            if observation is not None:
                observations.append(observation)
        return observations

    def _header_ok(self, columns: list[str], line: int) -> bool:
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
        )


def check_measurements(
    observations: Iterable[Observation], definitions: Definitions, *, source: str | None = None
) -> list[DefinitionIssue]:
    r"""Every problem of ``observations`` against ``definitions``, each at its line.

    Unknown or out-of-scope indicators, components that the formula does not read,
    duplicate rows, a counter given two values for one period, incomplete or impossible
    components (a numerator above its denominator).

    Example:
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
        self.rows: dict[tuple[str, Period, str | None], Observation] = {}
        self.counters: dict[tuple[str, Period], Observation] = {}
        self.groups: dict[tuple[str, Period], list[Observation]] = {}

    def report(self, code: str, message: str, observation: Observation, field: str) -> None:
        self.issues.append(
            DefinitionIssue(
                code,
                Level.ERROR,
                message,
                file=self.source,
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
        key = (indicator_id, observation.period, observation.component)
        first = self.rows.get(key)
        if first is not None:
            what = (
                f"la composante {observation.component}" if observation.component else "la valeur"
            )
            self.report(
                "QM201",
                f"ligne en double : {what} de {indicator_id} pour {observation.period} est déjà "
                f"donnée ligne {first.line}",
                observation,
                "composante" if observation.component else "valeur",
            )
            return
        self.rows[key] = observation
        if observation.component is not None:
            self._component(indicator_id, observation.component, observation)

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
        other = self.counters.get((component, observation.period))
        if other is not None and other.value != observation.value:
            self.report(
                "QM202",
                f"le compteur {component} vaut {observation.value} pour {observation.period} ici "
                f"mais {other.value} ligne {other.line} : un compteur n'a qu'une valeur "
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
                measure_from_components(indicator, shape_of(indicator, self.referentiel), values)
            except MeasureError as error:
                self.report("QM204", f"{indicator_id} pour {period} : {error}", rows[0], "valeur")


def write_measurements(observations: Iterable[Observation], path: str | Path) -> None:
    """Write ``observations`` as a measurements file (``;``-separated, UTF-8).

    Example:
        >>> import tempfile, pathlib
        >>> from qualepref.periods import Month
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "mesures.csv"
        >>> row = Observation("copil", Month(2022, 3), "copil_reunions", 1)
        >>> write_measurements([row], target)
        >>> for line in target.read_text(encoding="utf-8").splitlines():
        ...     print(line)
        indicateur;periode;composante;valeur;echantillon;observation
        copil;2022-03;copil_reunions;1;;
    """
    with Path(path).open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\n")
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
                    o.note or "",
                ]
            )
