"""Reading a definitions file, in stages: TOML syntax, then each entry, then the whole.

1. **Syntax**: ``tomli`` reads the text; a syntax error stops here (``QP001``).
2. **Entries**: each table is validated on its own by the models, so that one faulty
   ``[[indicator]]`` does not hide the problems of the next (``QP1xx``).
3. **Whole file**: references, perimeter, cibles, formulas and cycles
   (:mod:`qualepref.referentiel.checks`, ``QP2xx``/``QP3xx``).

Every problem is collected with its line; :class:`DefinitionError` carries them all.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import attrs
import tomli
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from qualepref.gc_pause import gc_paused
from qualepref.referentiel.checks import Context, Entry, run_checks
from qualepref.referentiel.container import Definitions, NotInReferentielError, Referentiel
from qualepref.referentiel.grid_settings import (
    GridSettings,
    MysteryTable,
    SurveyTable,
    default_grid,
)
from qualepref.referentiel.issues import (
    DefinitionError,
    DefinitionIssue,
    Level,
    did_you_mean,
    not_utf8,
)
from qualepref.referentiel.models import (
    Counter,
    DefinitionsFile,
    Engagement,
    IndicatorDefinition,
    Labelled,
    Module,
    Perimeter,
    PosterTable,
    Prefecture,
    Requirement,
    Target,
)
from qualepref.referentiel.obligation_settings import (
    ObligationSettings,
    ObligationsTable,
    default_obligations,
)
from qualepref.referentiel.plan_settings import PlanSettings, PlanTable, default_plan
from qualepref.referentiel.toml_errors import french as french_toml_error
from qualepref.referentiel.toml_lines import TomlLines
from qualepref.referentiel.tracking_flows import flow_problems
from qualepref.referentiel.tracking_settings import (
    TrackingSettings,
    TrackingTable,
    default_tracking,
)
from qualepref.referentiel.training_settings import (
    TrainingSettings,
    TrainingTable,
    default_training,
)

__all__ = [
    "catalogue_definitions",
    "check_definitions",
    "load_definitions",
    "load_referentiel",
    "parse_definitions",
    "read_text",
]

_M = TypeVar("_M", bound=BaseModel)
_S = TypeVar("_S", PlanSettings, TrainingSettings, GridSettings, ObligationSettings)
_SECTIONS: dict[str, type[BaseModel]] = {
    "module": Module,
    "engagement": Engagement,
    "requirement": Requirement,
    "counter": Counter,
    "indicator": IndicatorDefinition,
}
_EMPTY = Referentiel()
_DEFERRED = {"defer_formula_check": True}


def _french_values(model: type[BaseModel] | None, field: str) -> str:
    """The French spellings of the enumerated field ``field`` of ``model``, listed."""
    info = model.model_fields.get(field) if model is not None else None
    kinds = (typing.get_args(info.annotation) or (info.annotation,)) if info is not None else ()
    labelled = [k for k in kinds if isinstance(k, type) and issubclass(k, Labelled)]
    return ", ".join(f"« {member.label} »" for kind in labelled[:1] for member in kind)


def load_definitions(path: str | Path, *, catalogue: Referentiel | None = None) -> Definitions:
    """A préfecture's definitions file, checked, on top of the shipped catalogue.

    Args:
        path: the TOML file.
        catalogue: the référentiel the file extends; the shipped one by default.

    Raises:
        DefinitionError: the file has errors; ``issues`` lists all of them.
        OSError: the file cannot be read.

    Examples:
        >>> defs = load_definitions("examples/definitions/loire-atlantique.toml")
        >>> defs.perimeter, defs.prefecture.departement
        ((1, 2, 4), '44')
    """
    text = read_text(path)
    return parse_definitions(text, source=str(path), catalogue=catalogue)


def parse_definitions(
    text: str, *, source: str | None = None, catalogue: Referentiel | None = None
) -> Definitions:
    r"""Definitions from TOML ``text`` (see :func:`load_definitions`).

    Raises:
        DefinitionError: the text has errors; ``issues`` lists all of them.

    Examples:
        >>> parse_definitions("[perimeter]\nmodules = [1, 3]").perimeter
        (1, 3)
    """
    definitions, issues = check_definitions(text, source=source, catalogue=catalogue)
    if definitions is None:
        raise DefinitionError(issues)
    return definitions


def check_definitions(
    text: str, *, source: str | None = None, catalogue: Referentiel | None = None
) -> tuple[Definitions | None, tuple[DefinitionIssue, ...]]:
    r"""Every problem in ``text``, and the definitions when there is no error.

    Never raises on bad content: this is what ``qualepref validate`` runs.

    Examples:
        >>> definitions, issues = check_definitions("[perimeter]\nmodules = [1, 9]")
        >>> definitions is None, [issue.code for issue in issues]
        (True, ['QP203'])
    """
    with gc_paused():
        return _checked(text, source, catalogue)


def _checked(
    text: str, source: str | None, catalogue: Referentiel | None
) -> tuple[Definitions | None, tuple[DefinitionIssue, ...]]:
    lines = TomlLines(text)
    try:
        raw = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        return None, (_syntax_issue(error, source),)
    except RecursionError:
        message = (
            "syntaxe TOML : des tableaux ou des listes imbriqués trop profondément pour être "
            "lus ; un fichier de définitions n'en imbrique que deux ou trois"
        )
        return None, (DefinitionIssue("QP001", Level.ERROR, message, file=source),)
    issues: list[DefinitionIssue] = []
    parsed = _entries(raw, lines, source, issues)
    extends = parsed["extends"]
    base = _EMPTY if extends == "none" else (catalogue or _catalogue())
    context = Context(
        source=source,
        lines=lines,
        base=base,
        extends=extends,
        perimeter=parsed["perimeter"],
        targets=parsed["targets"],
        modules=parsed["module"],
        engagements=parsed["engagement"],
        requirements=parsed["requirement"],
        counters=parsed["counter"],
        indicators=parsed["indicator"],
        raw_formulas=_raw_formulas(raw),
    )
    issues.extend(run_checks(context))
    tracking = _tracking(parsed["tracking"], lines, source, issues)
    where = _Where(lines, source, issues)
    plan = _register_settings("plan", parsed.get("plan"), default_plan(), where)
    training = _register_settings("training", parsed.get("training"), default_training(), where)
    survey = _register_settings("survey", parsed.get("survey"), default_grid("satisfaction"), where)
    mystery = _register_settings("mystery", parsed.get("mystery"), default_grid("oui_non"), where)
    obligations = _register_settings(
        "obligations", parsed.get("obligations"), default_obligations(), where
    )
    ordered = tuple(sorted(issues, key=lambda i: (i.line or 0, i.code)))
    if any(issue.level is Level.ERROR for issue in ordered):
        return None, ordered
    warnings = tuple(issue for issue in ordered if issue.level is Level.WARNING)
    built = _build(context, parsed["prefecture"], warnings, tracking)
    definitions = attrs.evolve(
        built,
        plan=plan,
        training=training,
        survey=survey,
        mystery=mystery,
        obligations=obligations,
        poster=parsed.get("affiche"),
    )
    if tracking is not None:
        table = parsed["tracking"]
        flow_issues = [
            DefinitionIssue(
                "QP402",
                Level.ERROR,
                problem,
                file=source,
                line=_tracking_line(lines, table, ("flow", index)),
                field="tracking",
            )
            for index, problem in flow_problems(tracking.flows, definitions)
        ]
        if flow_issues:
            return None, tuple(sorted((*ordered, *flow_issues), key=lambda i: i.line or 0))
    grid_issues = _grid_problems(definitions, lines, source)
    grid_issues += _poster_problems(definitions, lines, source)
    if grid_issues:
        return None, tuple(sorted((*ordered, *grid_issues), key=lambda i: i.line or 0))
    return definitions, ordered


def _poster_problems(
    definitions: Definitions, lines: TomlLines, source: str | None
) -> list[DefinitionIssue]:
    """QP404: a figure of the poster that is not an indicator of the perimeter."""
    poster = definitions.poster
    if poster is None or poster.indicators is None:
        return []
    known = {indicator.id for indicator in definitions.indicators}
    return [
        DefinitionIssue(
            "QP404",
            Level.ERROR,
            f"[affiche] : {indicator_id!r} n'est pas un indicateur du périmètre"
            f"{did_you_mean(indicator_id, known)}",
            file=source,
            line=lines.line(("affiche", "indicators", index)) or lines.line(("affiche",)),
            item=indicator_id,
            field="affiche",
        )
        for index, indicator_id in enumerate(poster.indicators)
        if indicator_id not in known
    ]


def _grid_problems(
    definitions: Definitions, lines: TomlLines, source: str | None
) -> list[DefinitionIssue]:
    """QP403: a survey question or mystery criterion feeding an indicator it cannot fill."""
    found = []
    for key, table, grid in (
        ("survey", "question", definitions.survey),
        ("mystery", "criterion", definitions.mystery),
    ):
        for index, question in enumerate(grid.questions if grid else ()):
            if question.indicator is None:
                continue
            try:
                definitions.rate_counters(question.indicator)
            except NotInReferentielError as error:
                found.append(
                    DefinitionIssue(
                        "QP403",
                        Level.ERROR,
                        f"{table} {question.id} : {error}",
                        file=source,
                        line=lines.line((key, table, index, "indicator")),
                        item=question.id,
                        field=key,
                    )
                )
    return found


def _tracking_line(
    lines: TomlLines, table: TrackingTable | None, location: tuple[str | int, ...]
) -> int | None:
    """The line of ``location`` in [tracking], else of the table or its first key."""
    aliases = [
        "flow" if key == "flows" else "sample" if key == "samples" else key
        for key in (table.model_fields_set if table is not None else ())
    ]
    keys = sorted(aliases)
    paths = (location, (), *((key,) for key in keys), *((key, 0) for key in keys))
    found = (lines.line(("tracking", *path)) for path in paths)
    return next((line for line in found if line is not None), None)


def _tracking(
    table: TrackingTable | None,
    lines: TomlLines,
    source: str | None,
    issues: list[DefinitionIssue],
) -> TrackingSettings | None:
    """The [tracking] table merged onto the shipped settings; QP401 when they clash."""
    if table is None:
        return None
    try:
        return default_tracking().merged(table.overrides())
    except ValidationError as error:
        for detail in error.errors():
            _code, message = _translate(detail, TrackingSettings)
            issues.append(
                DefinitionIssue(
                    "QP401",
                    Level.ERROR,
                    message,
                    file=source,
                    line=_tracking_line(lines, table, detail["loc"]),
                    field="tracking",
                )
            )
        return None


class _Where(typing.NamedTuple):
    """Where a problem of a definitions file is reported: its lines, its name, the list."""

    lines: TomlLines
    source: str | None
    issues: list[DefinitionIssue]


_SETTINGS_MODELS: dict[str, type[BaseModel]] = {
    "plan": PlanSettings,
    "training": TrainingSettings,
}


def _register_settings(
    key: str,
    table: PlanTable | TrainingTable | SurveyTable | MysteryTable | ObligationsTable | None,
    defaults: _S,
    where: _Where,
) -> _S | None:
    """A register's table ([plan], [training], [survey]…) merged onto its defaults; QP401."""
    if table is None:
        return None
    overrides: dict[str, Any] = table.overrides()
    try:
        return defaults.merged(overrides)
    except (ValidationError, ValueError) as error:
        line = where.lines.line((key,))
        for name in table.model_dump(by_alias=True, exclude_unset=True):
            for path in ((key, name), (key, name, 0)):  # a table, or an array of tables
                line = line if line is not None else where.lines.line(path)
        model = _SETTINGS_MODELS.get(key)
        details = error.errors() if isinstance(error, ValidationError) else []
        messages = [_translate(d, model)[1] for d in details] or [str(error)]
        for message in messages:
            where.issues.append(
                DefinitionIssue(
                    "QP401", Level.ERROR, message, file=where.source, line=line, field=key
                )
            )
        return None


def _raw_formulas(raw: dict[str, Any]) -> tuple[str, ...]:
    """Every formula text in the file, even in tables that failed their checks."""
    tables = raw.get("indicator")
    if not isinstance(tables, list):
        return ()
    return tuple(
        table["formula"]
        for table in tables
        if isinstance(table, dict) and isinstance(table.get("formula"), str)
    )


def read_text(path: str | Path) -> str:
    """The text of a definitions file (UTF-8, with or without a byte-order mark).

    Raises:
        DefinitionError: the file is not UTF-8 (``QP002``).
        OSError: the file cannot be read.
    """
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DefinitionError([not_utf8(error, path, "QP002")]) from None


def catalogue_definitions() -> Definitions:
    """The definitions of whoever gives none: the shipped catalogue, every module in scope.

    Examples:
        >>> catalogue_definitions().perimeter
        (1, 2, 3, 4, 5, 6, 7)
    """
    modules = [module.number for module in load_referentiel().modules]
    return parse_definitions(f"[perimeter]\nmodules = {modules}\n")


def _catalogue() -> Referentiel:
    return load_referentiel()


CATALOGUE_FILE = "referentiel.toml"
"""The shipped catalogue's file name in ``qualepref/data``: a definitions file of its own
(``extends = "none"``), read by the same code and checked by the same rules and models
as a préfecture's file."""


@functools.cache
def load_referentiel() -> Referentiel:
    """The shipped Qual-e-pref catalogue, read and checked on first use, then cached.

    Examples:
        >>> ref = load_referentiel()
        >>> ref.module(1).name, ref.module(1).mandatory
        ("Relation générale avec l'usager", True)
        >>> [e.number for e in ref.engagements if e.module == 3][:3]
        [24, 25, 26]
        >>> ref.indicator("courriels_info_5j").deadline
        5
    """
    text = resources.files("qualepref").joinpath("data", CATALOGUE_FILE).read_text("utf-8")
    definitions = parse_definitions(text, source=f"qualepref/data/{CATALOGUE_FILE}")
    return definitions.referentiel


_AT_END = "(at end of document)"
_TOML_DATE = "doit être une date TOML, par exemple 2026-05-15 (sans guillemets)"
_AT_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _syntax_issue(error: tomli.TOMLDecodeError, source: str | None) -> DefinitionIssue:
    message = str(error)
    found = _AT_LINE.search(message)
    line = int(found.group(1)) if found else None
    where = f", colonne {found.group(2)}" if found else ""
    if _AT_END in message:
        where = ", à la fin du fichier"
    detail = french_toml_error(_AT_LINE.sub("", message.replace(_AT_END, "")).strip())
    return DefinitionIssue(
        "QP001",
        Level.ERROR,
        f"syntaxe TOML invalide{where} : {detail}",
        file=source,
        line=line,
    )


# --- stage 2: each entry on its own -----------------------------------------------------------


def _entries(
    raw: dict[str, Any], lines: TomlLines, source: str | None, issues: list[DefinitionIssue]
) -> dict[str, Any]:
    fields = DefinitionsFile.model_fields
    parsed: dict[str, Any] = {
        "extends": "qualepref",
        "prefecture": None,
        "perimeter": None,
        "tracking": None,
        "targets": {},
        **{section: [] for section in _SECTIONS},
    }

    def report(
        code: str,
        message: str,
        path: tuple[str | int, ...],
        item: object = None,
        field: str | None = None,
    ) -> None:
        if field is None:
            field = next((str(part) for part in reversed(path) if isinstance(part, str)), None)
        issues.append(
            DefinitionIssue(
                code,
                Level.ERROR,
                message,
                file=source,
                line=lines.line(path),
                item=None if item is None else str(item),
                field=field,
            )
        )

    for key, value in raw.items():
        if key not in fields:
            report("QP101", f"clé inconnue : {key!r}{_close(key, fields)}", (key,))
        elif key in _SECTIONS:
            parsed[key] = _section(key, value, report)
        elif key == "targets":
            parsed[key] = _targets(value, report)
        else:
            adapter: TypeAdapter[Any] = TypeAdapter(fields[key].annotation)  # type: ignore[arg-type]  # every field is annotated
            try:
                parsed[key] = adapter.validate_python(value)
            except ValidationError as error:
                for detail in error.errors():
                    code, message = _translate(detail, _MODELS.get(key))
                    report(code, message, (key, *detail["loc"]))
    return parsed


_TARGET: TypeAdapter[float | dict[int, float]] = TypeAdapter(Target)


def _targets(value: object, report: Any) -> dict[str, float | dict[int, float]]:
    """The [targets] table: each cible a number, or a table of numbers by year."""
    if not isinstance(value, dict):
        report("QP102", "[targets] doit être une table : identifiant = cible", ("targets",))
        return {}
    found: dict[str, float | dict[int, float]] = {}
    for indicator_id, target in value.items():
        try:
            found[indicator_id] = _TARGET.validate_python(target)
        except ValidationError:
            report(
                "QP102",
                f"la cible de {indicator_id} doit être un nombre (0.9 pour un taux de 90 %) ou "
                f"une table par année ({{ 2023 = 0.9 }}, années 1950 à 2100), pas {target!r}",
                ("targets", indicator_id),
                indicator_id,
                "targets",
            )
    return found


_MODELS: dict[str, type[BaseModel]] = {
    "prefecture": Prefecture,
    "perimeter": Perimeter,
    "tracking": TrackingTable,
    "plan": PlanTable,
    "training": TrainingTable,
    "survey": SurveyTable,
    "mystery": MysteryTable,
    "obligations": ObligationsTable,
    "affiche": PosterTable,
}


def _section(key: str, value: object, report: Any) -> list[Entry[Any]]:
    model = _SECTIONS[key]
    if not isinstance(value, list):
        report(
            "QP102",
            f"« {key} » doit être une liste de tables : écrivez chaque entrée sous un titre "
            f"[[{key}]]",
            (key,),
        )
        return []
    entries: list[Entry[Any]] = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            report("QP102", f"chaque entrée de [[{key}]] doit être une table", (key, index))
            continue
        label = item.get("id", item.get("number"))
        try:
            entries.append(Entry(model.model_validate(item, context=_DEFERRED), index))
        except ValidationError as error:
            for detail in error.errors():
                code, message = _translate(detail, model)
                report(code, message, (key, index, *detail["loc"]), label)
    return entries


def _translate(detail: ErrorDetails, model: type[BaseModel] | None) -> tuple[str, str]:  # noqa: PLR0911 - one answer per pydantic error kind
    """A code and a French message for one pydantic error."""
    kind = detail["type"]
    given = detail.get("input")
    context: Mapping[str, Any] = detail.get("ctx") or {}
    loc = detail["loc"]
    names = [str(part) for part in loc if isinstance(part, str)]
    field = names[-1] if names else ""
    if loc and isinstance(loc[-1], int):  # an element of a list: say which, from 1
        field = f"{field} (élément {loc[-1] + 1})"
    if kind == "missing":
        return "QP103", f"clé obligatoire manquante : {field}"
    if kind == "extra_forbidden":
        known = model.model_fields if model is not None else {}
        return "QP101", f"clé inconnue : {field!r}{_close(field, known)}"
    if kind == "value_error":  # our own validators' messages are already in French
        return "QP102", str(context.get("error", detail["msg"]))
    if kind in {"enum", "literal_error"}:
        expected = str(context.get("expected", "")).replace(" or ", " ou ")
        labels = _french_values(model, field)
        hint = f" ; ou en français : {labels}" if labels else ""
        return "QP104", f"valeur inconnue {given!r} : valeurs permises {expected}{hint}"
    if kind == "string_pattern_mismatch":
        return "QP104", (
            f"identifiant invalide {given!r} : lettres minuscules sans accent, chiffres et « _ », "
            "en commençant par une lettre (par exemple courriels_recus)"
        )
    messages = {
        "int_type": "doit être un nombre entier",
        "int_parsing": "doit être un nombre entier",
        "int_from_float": "doit être un nombre entier",
        "float_type": "doit être un nombre",
        "float_parsing": "doit être un nombre",
        "finite_number": "doit être un nombre fini",
        "string_type": "doit être un texte entre guillemets",
        "bool_type": "doit valoir true ou false",
        "bool_parsing": "doit valoir true ou false",
        "tuple_type": "doit être une liste, par exemple [1, 2]",
        "list_type": "doit être une liste, par exemple [1, 2]",
        "dict_type": "doit être une table",
        "model_type": "doit être une table",
        "model_attributes_type": "doit être une table",
        "string_too_short": "ne doit pas être vide",
        "string_too_long": "est trop long",
        "time_type": "doit être une heure, par exemple 17:30:00",
        "time_parsing": "doit être une heure, par exemple 17:30:00",
        "date_type": _TOML_DATE,
        "date_parsing": _TOML_DATE,
        "date_from_datetime_inexact": "doit être une date sans heure, par exemple 2026-05-15",
        "date_from_datetime_parsing": _TOML_DATE,
        "datetime_type": "doit être une date et une heure, par exemple 2026-05-15T09:00:00",
        "datetime_parsing": "doit être une date et une heure, par exemple 2026-05-15T09:00:00",
        "too_short": "n'a pas assez d'éléments",
        "too_long": "a trop d'éléments",
        "union_tag_invalid": "n'a pas une forme permise",
    }
    if kind in messages:
        return "QP102", f"{field} {messages[kind]}, pas {given!r}"
    if kind in {"greater_than_equal", "greater_than"}:
        bound = context.get("ge", context.get("gt"))
        return "QP104", f"{field} doit valoir au moins {bound}, pas {given!r}"
    if kind in {"less_than_equal", "less_than"}:
        bound = context.get("le", context.get("lt"))
        return "QP104", f"{field} doit valoir au plus {bound}, pas {given!r}"
    return "QP102", f"{field} : valeur invalide {given!r} (voir docs/definitions.md pour sa forme)"


def _close(name: str, known: Mapping[str, object]) -> str:
    return did_you_mean(name, known) or f" ; clés permises : {', '.join(known)}"


# --- the result ----------------------------------------------------------------------------


def _build(
    context: Context,
    prefecture: Prefecture | None,
    warnings: tuple[DefinitionIssue, ...],
    tracking: TrackingSettings | None = None,
) -> Definitions:
    base = context.base
    modules = {m.number: m for m in base.modules} | {
        e.model.number: e.model for e in context.modules
    }
    engagements = {e.number: e for e in base.engagements} | {
        e.model.number: e.model for e in context.engagements
    }
    indicators = [*base.indicators, *(e.model for e in context.indicators)]
    placed = [_with_module(indicator, engagements) for indicator in indicators]
    order = {indicator.id: position for position, indicator in enumerate(placed)}
    placed.sort(key=lambda i: (_rank(i), i.engagement[:1] or (0,), order[i.id]))
    referentiel = Referentiel(
        modules=tuple(modules[n] for n in sorted(modules)),
        engagements=tuple(engagements[n] for n in sorted(engagements)),
        requirements=(*base.requirements, *(e.model for e in context.requirements)),
        counters=(*base.counters, *(e.model for e in context.counters)),
        indicators=tuple(placed),
    )
    perimeter = (
        context.perimeter.modules if context.perimeter is not None else tuple(sorted(modules))
    )
    plain = {key: value for key, value in context.targets.items() if not isinstance(value, dict)}
    by_year = {
        key: dict(value) for key, value in context.targets.items() if isinstance(value, dict)
    }
    in_scope = tuple(
        indicator.model_copy(update={"target": plain[indicator.id]})
        if indicator.id in plain
        else indicator
        for indicator in placed
        if indicator.requirement is not None
        or indicator.programme is not None
        or indicator.module in perimeter
    )
    return Definitions(
        referentiel=referentiel,
        perimeter=tuple(perimeter),
        indicators=in_scope,
        prefecture=prefecture,
        targets_by_year=by_year,
        warnings=warnings,
        source=context.source,
        tracking=tracking,
    )


def _with_module(
    indicator: IndicatorDefinition, engagements: Mapping[int, Engagement]
) -> IndicatorDefinition:
    if indicator.module is not None or not indicator.engagement:
        return indicator
    return indicator.model_copy(update={"module": engagements[indicator.engagement[0]].module})


def _rank(indicator: IndicatorDefinition) -> int:
    """Modules in order, then national programmes, pilotage last."""
    if indicator.programme is not None:
        return 99
    return 100 if indicator.module is None else indicator.module
