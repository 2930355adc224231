"""``validate``'s reports, one per consumer: a person, a script, GitHub, GitLab, code scanning.

Each function turns the checked files into text; none reads or writes a file.

- ``text``: one line per problem, then a verdict per file, for a person;
- ``json``: the same, for a script;
- ``github``: GitHub Actions workflow commands, shown on the faulty line of a pull request;
- ``gitlab``: a GitLab Code Quality report (a JSON array), shown in merge requests;
- ``sarif``: SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, many IDEs).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from qualepref.referentiel.issues import DefinitionIssue, Level

__all__ = ["FORMATS", "CheckedFile", "render"]

FORMATS = ("text", "json", "github", "gitlab", "sarif")
"""The report formats, in the order ``--help`` lists them."""


@attrs.frozen
class CheckedFile:
    """One file ``validate`` looked at, and what it found."""

    path: str
    readable: bool
    issues: tuple[DefinitionIssue, ...]

    def failed(self, *, strict: bool) -> bool:
        """Whether it fails: an error, or with ``strict`` a warning too."""
        levels = {Level.ERROR, Level.WARNING} if strict else {Level.ERROR}
        return not self.readable or any(issue.level in levels for issue in self.issues)


def render(
    kind: str,
    files: Sequence[CheckedFile],
    *,
    strict: bool,
    version: str,
    documentation: str | None = None,
) -> str:
    """The report of ``files`` in format ``kind`` (one of :data:`FORMATS`).

    ``version`` and ``documentation`` (the docs' address, from the package's metadata)
    describe the tool in a SARIF log.

    Examples:
        >>> issue = DefinitionIssue("QP203", Level.ERROR, "module 9 inconnu", file="d.toml", line=2)
        >>> print(render("text", [CheckedFile("d.toml", True, (issue,))], strict=False,
        ...              version="1.0"), end="")
        d.toml:2: erreur QP203 module 9 inconnu
        d.toml : invalide (1 erreur)
    """
    if kind == "json":
        return _json(files, strict=strict)
    if kind == "github":
        return "".join(_annotation(issue) + "\n" for file in files for issue in file.issues)
    if kind == "gitlab":
        return _gitlab(files)
    if kind == "sarif":
        return _sarif(files, version, documentation)
    lines: list[str] = []
    for file in files:
        lines.extend(str(issue) for issue in file.issues)
        lines.append(_summary(file, strict=strict))
    return "".join(line + "\n" for line in lines)


def _json(files: Sequence[CheckedFile], *, strict: bool) -> str:
    document = {
        "valid": not any(file.failed(strict=strict) for file in files),
        "files": [
            {
                "file": file.path,
                "readable": file.readable,
                "valid": not file.failed(strict=strict),
                "issues": [issue.as_dict() for issue in file.issues],
            }
            for file in files
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _summary(file: CheckedFile, *, strict: bool) -> str:
    if not file.readable:
        return f"{file.path} : illisible"
    errors = sum(1 for issue in file.issues if issue.level is Level.ERROR)
    warnings = len(file.issues) - errors
    parts = [f"{errors} erreur{'s' * (errors > 1)}"] if errors else []
    if warnings:
        parts.append(f"{warnings} avertissement{'s' * (warnings > 1)}")
    verdict = "invalide" if file.failed(strict=strict) else "valide"
    if strict and warnings and not errors:
        verdict += " (--strict : les avertissements comptent)"
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"{Path(file.path)} : {verdict}{detail}"


def _escape(text: str, *, property_value: bool = False) -> str:
    """Escape for a GitHub workflow command (data, or a property value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _annotation(issue: DefinitionIssue) -> str:
    """``::error file=F,line=N,title=QP201::message`` for GitHub Actions.

    Examples:
        >>> _annotation(DefinitionIssue("QP201", Level.ERROR, "en double", file="a.toml", line=3))
        '::error file=a.toml,line=3,title=QP201::en double'
    """
    command = "error" if issue.level is Level.ERROR else "warning"
    properties = []
    if issue.file:
        properties.append(f"file={_escape(issue.file, property_value=True)}")
    if issue.line is not None:
        properties.append(f"line={issue.line}")
    title = issue.code + (f" {issue.item}" if issue.item else "")
    properties.append(f"title={_escape(title, property_value=True)}")
    return f"::{command} {','.join(properties)}::{_escape(issue.message)}"


def _fingerprint(issue: DefinitionIssue, file: CheckedFile) -> str:
    """A stable identity for GitLab: the same problem keeps it from one run to the next."""
    parts = (
        issue.file or file.path,
        issue.code,
        issue.item or "",
        issue.field or "",
        issue.message,
    )
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _gitlab(files: Sequence[CheckedFile]) -> str:
    """A GitLab Code Quality report: an array of problems, each with a fingerprint.

    Examples:
        >>> issue = DefinitionIssue("QP203", Level.ERROR, "module 9", file="d.toml", line=2)
        >>> report = json.loads(_gitlab([CheckedFile("d.toml", True, (issue,))]))
        >>> report[0]["check_name"], report[0]["severity"], report[0]["location"]
        ('QP203', 'major', {'path': 'd.toml', 'lines': {'begin': 2}})
    """
    entries = [
        {
            "description": f"{issue.code} : {issue.message}",
            "check_name": issue.code,
            "fingerprint": _fingerprint(issue, file),
            "severity": "major" if issue.level is Level.ERROR else "minor",
            "location": {"path": issue.file or file.path, "lines": {"begin": issue.line or 1}},
        }
        for file in files
        for issue in file.issues
    ]
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"


def _sarif(files: Sequence[CheckedFile], version: str, documentation: str | None = None) -> str:
    """A SARIF 2.1.0 log: one run of qualepref, its rules (the codes met) and results.

    Examples:
        >>> issue = DefinitionIssue("QP203", Level.WARNING, "module 9", file="d.toml", line=2)
        >>> log = json.loads(_sarif([CheckedFile("d.toml", True, (issue,))], "1.0"))
        >>> log["version"], log["runs"][0]["results"][0]["level"]
        ('2.1.0', 'warning')
        >>> log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
        {'startLine': 2}
    """
    issues = [(file, issue) for file in files for issue in file.issues]
    codes = sorted({issue.code for _file, issue in issues})
    results = []
    for file, issue in issues:
        location: dict[str, Any] = {"artifactLocation": {"uri": _uri(issue.file or file.path)}}
        if issue.line is not None:
            location["region"] = {"startLine": issue.line}
        results.append(
            {
                "ruleId": issue.code,
                "ruleIndex": codes.index(issue.code),
                "level": "error" if issue.level is Level.ERROR else "warning",
                "message": {"text": issue.message},
                "locations": [{"physicalLocation": location}],
                "partialFingerprints": {"qualepref/v1": _fingerprint(issue, file)},
            }
        )
    driver: dict[str, Any] = {"name": "qualepref", "version": version}
    if documentation:
        driver["informationUri"] = documentation
    driver["rules"] = [{"id": code} for code in codes]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _uri(path: str) -> str:
    """A relative path as SARIF wants it: forward slashes, no leading ``./``."""
    return Path(path).as_posix().removeprefix("./")
