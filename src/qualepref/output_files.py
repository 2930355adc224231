"""Writing output files safely: never over an input, never half-written.

An output is written to a temporary file beside its target, then renamed over it in
one step: a reader, or a run interrupted midway, never sees a partial file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from qualepref.errors import QualeprefError

__all__ = ["OutputError", "atomic_path", "check_outputs", "partial_path", "same_file"]


class OutputError(QualeprefError):
    """An output that would destroy an input, or that cannot be written."""


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    r"""A temporary path beside ``target``; renamed to it when the block ends without error.

    Examples:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "sortie.csv"
        >>> with atomic_path(target) as partial:
        ...     _ = partial.write_text("a;b\\n", encoding="utf-8")
        ...     target.exists()
        False
        >>> target.read_text(encoding="utf-8")
        'a;b\\n'
    """
    target = Path(target)
    partial = partial_path(target)
    try:
        yield partial
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def partial_path(target: Path) -> Path:
    """A new, empty temporary file beside ``target``, with the mode a new file would get.

    Raises:
        OutputError: ``target``'s folder does not exist (named, not the temporary file).

    ``mkstemp`` makes it readable by its owner only; the output renamed from it is given
    the usual mode instead (that of the file it replaces, or 0666 less the umask).

    Examples:
        >>> import tempfile, pathlib
        >>> partial = partial_path(pathlib.Path(tempfile.mkdtemp()) / "delais.csv")
        >>> partial.name.startswith(".delais.csv."), partial.suffix
        (True, '.partiel')
    """
    folder = target.parent
    if not folder.is_dir():
        msg = f"{target} : le dossier {folder} n'existe pas ; créez-le ou écrivez ailleurs"
        raise OutputError(msg)
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partiel", dir=folder)
    os.close(descriptor)
    partial = Path(name)
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    partial.chmod(mode)
    return partial


def same_file(first: str | Path, second: str | Path) -> bool:
    """Whether two paths name the same file (the same path, a link, another spelling).

    Examples:
        >>> same_file("a/../b.csv", "b.csv"), same_file("b.csv", "c.csv")
        (True, False)
    """
    first, second = Path(first), Path(second)
    try:
        return first.samefile(second)
    except OSError:
        return first.resolve() == second.resolve()


def check_outputs(inputs: Iterable[str | Path], outputs: Iterable[str | Path | None]) -> None:
    """Refuse outputs that name an input, or one another.

    Raises:
        OutputError: the French message names both and the fix.

    Examples:
        >>> check_outputs(["suivi.csv"], ["suivi.csv"])
        Traceback (most recent call last):
        ...
        qualepref.output_files.OutputError: suivi.csv est un fichier lu : l'écrire le
        détruirait ; choisissez un autre nom de sortie
    """
    inputs = [Path(path) for path in inputs]
    seen: list[Path] = []
    for given in outputs:
        if given is None:
            continue
        output = Path(given)
        for path in inputs:
            if same_file(path, output):
                msg = (
                    f"{output} est un fichier lu : l'écrire le détruirait ; "
                    "choisissez un autre nom de sortie"
                )
                raise OutputError(msg)
        for other in seen:
            if same_file(other, output):
                msg = f"{output} est demandé pour deux sorties : donnez-leur des noms différents"
                raise OutputError(msg)
        seen.append(output)
