"""``qualepref national``: many préfectures' measurements compared, indicator by indicator."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from qualepref.cli.command_table import COMMANDS
from qualepref.cli.output_formats import format_from
from qualepref.cli.register_reports import parse_year_argument
from qualepref.dashboard.national import Participant, national_view
from qualepref.dashboard.national_formats import (
    national_csv,
    national_html,
    national_text,
    write_national_xlsx,
)
from qualepref.errors import QualeprefError
from qualepref.measurement_files import MeasurementError, measurement_paths, read_measurement_files
from qualepref.output_files import atomic_path, check_outputs
from qualepref.referentiel.issues import DefinitionError
from qualepref.referentiel.loading import load_definitions

__all__ = ["prefecture_inputs", "register"]

_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html", ".txt": "text"}


def register(commands: Any) -> None:
    """Add ``national`` to the ``qualepref`` subcommands."""
    parser = commands.add_parser(
        "national",
        help=COMMANDS["national"].help,
        description=(
            "Compare les mesures de plusieurs préfectures, indicateur par indicateur, pour "
            "l'année et ses trimestres : la valeur, le statut et le rang de chacune ; la "
            "médiane, les quartiles, la meilleure et la moins bonne valeur ; le chiffre "
            "national calculé Σ/Σ (jamais une moyenne de taux). Chaque fichier ou dossier "
            "de mesures est rattaché au fichier de définitions de même nom dans "
            "--definitions-dir (44.csv ou 44/ → 44.toml)."
        ),
    )
    parser.add_argument(
        "measurements",
        metavar="MESURES",
        nargs="+",
        help="fichiers ou dossiers de mesures, un nom par préfecture",
    )
    parser.add_argument(
        "--definitions-dir",
        required=True,
        metavar="DOSSIER",
        help="le dossier des fichiers de définitions des préfectures (44.toml…)",
    )
    parser.add_argument("--year", required=True, type=parse_year_argument, metavar="ANNÉE")
    parser.add_argument(
        "--no-quarters", action="store_true", help="l'année seule, sans ses trimestres"
    )
    parser.add_argument(
        "-o", "--output", metavar="FICHIER", help="national.csv, .xlsx ou .html (défaut : texte)"
    )
    parser.set_defaults(run=_run_national)


def prefecture_inputs(
    paths: list[str],
    definitions_dir: str | Path,
    expand: Callable[[list[Path]], list[Path]] = measurement_paths,
) -> dict[str, tuple[Path, list[Path]]]:
    """Each préfecture's definitions file and measurement files, by the name that links them.

    ``expand`` lists the files of a folder (by default its measurement files;
    ``qualepref track`` gives its own, for tracking files).

    A file ``44.csv`` (or a folder ``44/``) belongs to ``44.toml``; a file whose own name
    matches nothing belongs to its folder's (``44/mesures.csv`` → ``44.toml``); a folder
    of other name is read file by file (``mesures/44.csv``, ``mesures/57.csv``…).

    Raises:
        QualeprefError: the folder has no definitions file, or a path matches none.

    Examples:
        >>> inputs = prefecture_inputs(["examples/national/mesures/44.csv"],
        ...                            "examples/national/definitions")
        >>> [(key, d.name, [m.name for m in ms]) for key, (d, ms) in inputs.items()]
        [('44', '44.toml', ['44.csv'])]
    """
    folder = Path(definitions_dir)
    if not folder.is_dir():
        msg = f"{folder} : pas un dossier ; --definitions-dir nomme le dossier des définitions"
        raise QualeprefError(msg)
    known = {path.stem: path for path in sorted(folder.glob("*.toml"))}
    if not known:
        msg = f"{folder} : aucun fichier de définitions (.toml) dans ce dossier"
        raise QualeprefError(msg)
    found: dict[str, tuple[Path, list[Path]]] = {}
    for name in paths:
        path = Path(name)
        if path.is_dir() and path.name in known:  # 44/ : every file in it is the 44's
            found.setdefault(path.name, (known[path.name], []))[1].extend(expand([path]))
            continue
        for file in expand([path]):  # a file, or a folder of 44.csv, 57.csv…
            key = next((k for k in (file.stem, file.parent.name) if k in known), None)
            if key is None:
                msg = (
                    f"{file} : aucun fichier de définitions de ce nom dans {folder} "
                    f"(attendu {file.stem}.toml ou {file.parent.name}.toml ; présents : "
                    f"{', '.join(sorted(known)[:8])}{'…' if len(known) > 8 else ''})"
                )
                raise QualeprefError(msg)
            found.setdefault(key, (known[key], []))[1].append(file)
    return found


def _run_national(args: argparse.Namespace, out: TextIO) -> int:
    kind = format_from(None, args.output, _FORMATS, default="text")
    if args.output and Path(args.output).suffix.lower() not in _FORMATS:
        msg = f"{args.output} : la vue nationale s'écrit en .csv, .xlsx, .html ou .txt"
        raise QualeprefError(msg)
    inputs = prefecture_inputs(args.measurements, args.definitions_dir)
    check_outputs(
        [p for definitions, files in inputs.values() for p in (definitions, *files)],
        [args.output],
    )
    participants = []
    failed = 0
    for key, (definitions_path, files) in inputs.items():
        try:
            definitions = load_definitions(definitions_path)
            measurements = read_measurement_files(files, definitions)
        except (DefinitionError, MeasurementError) as error:
            sys.stderr.write(
                f"qualepref national : {key} : {len(error.issues)} problème(s) :\n{error}\n"
            )
            failed += 1
            continue
        participants.append(Participant(key, definitions, measurements))
    if failed:
        sys.stderr.write(
            f"qualepref national : {failed} préfecture(s) sur {len(inputs)} invalide(s) : "
            "rien n'est écrit\n"
        )
        return 1
    view = national_view(participants, args.year, quarters=not args.no_quarters)
    if kind == "text" and not args.output:
        out.write(national_text(view))
        return 0
    with atomic_path(args.output) as partial:
        if kind == "xlsx":
            write_national_xlsx(view, partial)
        else:
            writers = {"csv": national_csv, "html": national_html, "text": national_text}
            encoding = "utf-8-sig" if kind == "csv" else "utf-8"
            partial.write_text(writers[kind](view), encoding=encoding)
    out.write(
        f"vue nationale {args.year} : {len(participants)} préfecture(s), "
        f"{len(view.rows)} ligne(s) indicateur × période : {args.output}\n"
    )
    return 0
