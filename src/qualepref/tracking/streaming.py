"""The out-of-core engine of ``qualepref track``: DuckDB reads, the columnar rules compute.

``--engine duckdb`` tracks files of any size in bounded memory. DuckDB reads each CSV
or Parquet file under a memory limit and hands its rows over in chunks, in the file's
order; each chunk goes through the columnar engine's rules
(:func:`~qualepref.tracking.columnar.track_frame`), or, where those do not apply (a
summary row, a délai to check…), through the row engine, row by row; the délais are
appended to the output as each chunk is done. Nothing holds more than one chunk, so
memory depends on the chunk, never on the file: ``--memory 2GB`` sizes both.

The output is the row engine's, byte for byte (the tests compare them): a CSV file is
taken only when its rows can be numbered as the row engine numbers them — UTF-8 as
the row engine detects it, its header on line 1, one record per line, every quote
opening, closing or doubled inside a cell (a cell quoted across lines, a quote left
open, a space beside a quoted cell send the file to the row engine: DuckDB reads those
otherwise) — and any other file is read by the row engine, streamed as well.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from qualepref.errors import QualeprefError
from qualepref.output_files import atomic_path
from qualepref.spreadsheet_text import encoding_of, header_cells
from qualepref.table_files import (
    PARQUET_SUFFIXES,
    arrow_batches,
    parquet_text_query,
    row_kind,
    sql_text,
)
from qualepref.tracking.columnar import importable, track_frame, write_delais_rows
from qualepref.tracking.tallies import Tally
from qualepref.tracking.tracker import RowStatus, RowTracker, TrackedRow, Tracker, TrackingError
from qualepref.tracking.writing import csv_cells

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "DEFAULT_MEMORY",
    "FILE_COLUMN",
    "StreamedFile",
    "chunk_rows",
    "delais_to_parquet",
    "duckdb_available",
    "duckdb_share",
    "parse_memory",
    "stream_file",
]

FILE_COLUMN = "fichier"
"""The column added to the délais (and rejects) when several files are tracked in one run."""
DEFAULT_MEMORY = 2 * 1024**3
"""What ``--engine duckdb`` may hold when ``--memory`` is not given: 2 GiB."""
_ROW_COST = 2048  # bytes a row costs while a chunk is computed (measured: benchmarks/)
_LEAST_CHUNK = 10_000
_LEAST_MEMORY = 256 * 1024**2
_DUCKDB_LEAST = 128 * 1024**2
_MOST_CHUNK = 1_000_000
_BLOCK = 1 << 24
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
_MEMORY = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([kmgt]?)(?:i?[bo])?\s*$", re.IGNORECASE)
_EMPTY_LINE = re.compile(rb"\n(?=\r?\n)")
Reject = Callable[[list[Any], TrackedRow, str, str | None], None]
"""Called with a rejected row's cells, its outcome, where it is (``suivi.csv:14``), its sheet."""


def duckdb_available() -> bool:
    """Whether DuckDB, polars and pyarrow can be imported (the ``duckdb`` extra).

    Examples:
        >>> isinstance(duckdb_available(), bool)
        True
    """
    return all(map(importable, ("duckdb", "polars", "pyarrow")))


def parse_memory(text: str) -> int:
    """A memory size as ``--memory`` takes it: ``2GB``, ``512 Mo``, ``1.5G``, ``800MiB``.

    Raises:
        QualeprefError: the text is not a size, or one below 64 MiB.

    Examples:
        >>> parse_memory("2GB"), parse_memory("512 Mo"), parse_memory("1,5g")
        (2147483648, 536870912, 1610612736)
        >>> parse_memory("beaucoup")
        Traceback (most recent call last):
        qualepref.errors.QualeprefError: --memory beaucoup : taille illisible (par exemple 2GB,
        512MB)
    """
    found = _MEMORY.match(text)
    if found is None:
        msg = f"--memory {text} : taille illisible (par exemple 2GB, 512MB)"
        raise QualeprefError(msg)
    size = int(float(found[1].replace(",", ".")) * _UNITS[found[2].lower()])
    if size < _LEAST_MEMORY:
        msg = f"--memory {text} : trop peu ; il faut au moins 256MB"
        raise QualeprefError(msg)
    return size


@attrs.define
class StreamedFile:
    """What :func:`stream_file` did with one file, for the command's report."""

    header: tuple[str, ...]
    """The file's column names."""
    blank_lines: int = 0
    """Empty lines and rows skipped."""
    summary_rows: list[str] = attrs.field(factory=list)
    """Where each summary row (« Total »…) is: read, not records."""
    chunks: int = 0
    """Chunks read from DuckDB."""
    by_rows: int = 0
    """Chunks that went through the row engine (a summary row, a délai to check…)."""

    def notes(self) -> list[str]:
        """The notes the row engine's reader gives for the same file."""
        if not self.summary_rows:
            return []
        return [
            f"ligne(s) de synthèse ignorée(s) ({len(self.summary_rows)}) : "
            + ", ".join(self.summary_rows)
        ]


@attrs.frozen
class _CsvShape:
    """What a first pass over a CSV file found: how to read it, how to number its rows."""

    separator: str
    names: list[str]
    empty_lines: list[int]
    """The line numbers of empty lines, which DuckDB skips and the row engine counts."""
    quoted: bool
    """Whether a quote appears (each one then checked to open, close or double)."""
    lines: int


def _csv_shape(path: Path) -> _CsvShape | None:  # noqa: PLR0911 - every way a file is not
    """Read a CSV file once, without holding it; ``None`` when the row engine must read it."""
    with path.open("rb") as file:
        if encoding_of(file.read(1 << 20)) not in {"utf-8", "utf-8-sig"}:
            return None
        file.seek(0)
        first = file.readline()  # UTF-8 or not: the pass below reads the whole file
        first_line = first.decode("utf-8-sig", errors="replace")
        first_line = first_line.removesuffix("\n").removesuffix("\r")
        if not first_line.strip() or "\r" in first_line or not first.endswith(b"\n"):
            return None  # empty, header only, or lines ended by a lone CR: the row engine
        separator, names = header_cells(first_line)
        if len(set(names)) != len(names):
            return None  # the row engine reads the first of two columns named alike
        decoder = codecs.getincrementaldecoder("utf-8")()
        empty: list[int] = []
        quoted = False
        newlines = 1  # the header's
        previous = b"\n"  # the bytes before the block: the end of the last one
        while block := file.read(_BLOCK):
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                return None
            data = previous + block
            returns = data.count(b"\r") if b"\r" in data else 0  # memchr first: fast
            if returns and returns != data.count(b"\r\n") + data.endswith(b"\r"):
                return None  # a lone CR: the row engine reads such lines
            quoted = quoted or b'"' in block
            # newlines before data[0]; an empty line follows a newline, and was found
            # with the last block when it fitted in its last bytes
            before, start = newlines - previous.count(b"\n"), 0
            for found in _EMPTY_LINE.finditer(data):
                at = found.start()
                before += data.count(b"\n", start, at + 1)
                start = at + 1
                if at + (1 if data[at + 1 : at + 2] == b"\n" else 2) >= len(previous):
                    empty.append(before + 1)
            newlines += block.count(b"\n")
            previous = data[-2:]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
        if previous.endswith(b"\r"):
            return None
        lines = newlines if previous.endswith(b"\n") else newlines + 1
    if quoted and not _quotes_as_duckdb_reads_them(path, separator):
        return None
    return _CsvShape(separator, names, empty, quoted, lines)


def _quotes_as_duckdb_reads_them(path: Path, separator: str) -> bool:
    """Whether every quote of the file opens or closes a cell, or is doubled inside one.

    Python's csv module and DuckDB read such quoting alike; they differ elsewhere (a
    quote left open, a space before or after a quoted cell, text after the closing
    quote), and a cell quoted across lines would shift the line numbers: those files
    go to the row engine. Only the lines holding a quote are checked.
    """
    sep = re.escape(separator.encode())
    cell = rb'(?:[^"' + sep + rb'\r\n]*|"(?:[^"\n]|"")*")'
    line = re.compile(cell + rb"(?:" + sep + cell + rb")*\r?\n?")
    with path.open("rb") as file:
        return all(line.fullmatch(text) for text in file if b'"' in text)


def _csv_query(path: Path, shape: _CsvShape) -> str:
    columns = ", ".join(f"'c{index}': 'VARCHAR'" for index in range(len(shape.names)))
    return (
        f"SELECT * FROM read_csv({sql_text(str(path))}, header = true, "  # noqa: S608 - quoted
        f"delim = {sql_text(shape.separator)}, quote = '\"', escape = '\"', "
        "auto_detect = false, strict_mode = true, null_padding = true, "
        # quoted cells stay on their line (checked): DuckDB's parallel reader may read it
        f"parallel = true, columns = {{{columns}}})"
    )


@contextlib.contextmanager
def _duckdb(memory: int) -> Iterator[Any]:
    """A DuckDB connection holding at most its share of ``memory``, spilling to a folder."""
    import duckdb  # noqa: PLC0415 - optional dependency (the duckdb extra)

    with tempfile.TemporaryDirectory(prefix="qualepref-duckdb-") as spill:
        connection = duckdb.connect(
            config={
                "memory_limit": f"{duckdb_share(memory) // 1024**2}MB",
                "temp_directory": spill,
                "preserve_insertion_order": True,
                "threads": 2,
            }
        )
        try:
            yield connection
        finally:
            connection.close()


def duckdb_share(memory: int) -> int:
    """What DuckDB may hold of ``memory``: a quarter, and never less than its buffers need.

    DuckDB reads a CSV file in buffers of about 32 MiB, one a thread: below 128 MiB,
    DuckDB 1.2 runs out of memory on the first one.

    Examples:
        >>> duckdb_share(2 * 1024**3) // 1024**2, duckdb_share(256 * 1024**2) // 1024**2
        (512, 128)
    """
    return max(memory // 4, _DUCKDB_LEAST)


def chunk_rows(memory: int) -> int:
    """How many rows a chunk holds under ``memory``, beside DuckDB's share.

    Examples:
        >>> chunk_rows(2 * 1024**3), chunk_rows(256 * 1024**2), chunk_rows(128 * 1024**2)
        (786432, 65536, 10000)
    """
    return max(_LEAST_CHUNK, min(_MOST_CHUNK, (memory - duckdb_share(memory)) // _ROW_COST))


def stream_file(  # noqa: PLR0913 - a file, where its results go, and the memory to use
    tracker: Tracker,
    path: Path,
    output: BinaryIO | None,
    tally: Tally,
    *,
    reject: Reject,
    memory: int = DEFAULT_MEMORY,
    rows_per_chunk: int | None = None,
    file_column: str | None = None,
) -> StreamedFile | None:
    """Track one CSV or Parquet file chunk by chunk; ``None`` if the row engine must read it.

    The délais are appended to ``output`` (CSV rows, without the header: several files
    go to one output); every row is counted in ``tally``; each rejected row is handed
    to ``reject`` as it is found. ``file_column``, when several files go to one output,
    is written in a last column :data:`FILE_COLUMN` of each row.

    Raises:
        QualeprefError: DuckDB cannot read a row (more cells than the header…): the
            message names the file and the line, and ``--engine python``, which reads it.
    """
    import duckdb  # noqa: PLC0415 - optional dependency (the duckdb extra)

    size = rows_per_chunk or chunk_rows(memory)
    with _duckdb(memory) as connection:
        try:
            return _stream(tracker, path, output, tally, reject, connection, size, file_column)
        except duckdb.Error as error:
            first = str(error).splitlines()[0]
            msg = (
                f"{path} : DuckDB ne lit pas ce fichier ({first}) ; --engine python le lit "
                "ligne à ligne et dit ce qui ne va pas"
            )
            raise QualeprefError(msg) from None


def _stream(  # noqa: PLR0913, PLR0917 - stream_file's parts, once DuckDB is connected
    tracker: Tracker,
    path: Path,
    output: BinaryIO | None,
    tally: Tally,
    reject: Reject,
    connection: Any,
    size: int,
    file_column: str | None,
) -> StreamedFile | None:
    import polars as pl  # noqa: PLC0415 - optional dependency

    if path.suffix.lower() in PARQUET_SUFFIXES:
        header, query = parquet_text_query(connection, path, TrackingError)
        empty: list[int] = []
    else:
        shape = _csv_shape(path)
        if shape is None:
            return None
        header, query = shape.names, _csv_query(path, shape)
        empty = shape.empty_lines
    if file_column is not None:
        header = [*header, FILE_COLUMN]
    try:  # a title above the header, a column missing: the row engine's reader says
        rows = tracker.for_header(header)
    except QualeprefError:
        return None
    streamed = StreamedFile(tuple(header))
    numbers = _RowNumbers(empty)
    for batches in _chunks(arrow_batches(connection.sql(query), size), size):
        frame = pl.from_arrow(batches)
        assert isinstance(frame, pl.DataFrame)  # noqa: S101 - batches give a frame
        if file_column is not None:
            frame = frame.with_columns(pl.lit(file_column, dtype=pl.String))
        frame.columns = list(header)
        lines = numbers.take(frame.height)
        _chunk(tracker, rows, frame, lines, output, tally, streamed, path, reject)
    streamed.blank_lines += len(empty)
    return streamed


def _chunks(batches: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """DuckDB's record batches gathered ``size`` rows at a time (its own are smaller).

    Each chunk costs the columnar rules a fixed share (their look-ups of each value seen,
    their plans): ten chunks of 88,000 rows took a fifth longer than one of 881,000.
    """
    gathered: list[Any] = []
    rows = 0
    for batch in batches:
        gathered.append(batch)
        rows += batch.num_rows
        if rows >= size:
            yield gathered
            gathered, rows = [], 0
    if gathered:
        yield gathered


class _RowNumbers:
    """Each record's line, the empty lines (skipped by DuckDB) taken into account."""

    def __init__(self, empty_lines: Sequence[int]) -> None:
        self.empty = list(reversed(empty_lines))
        self.next = 2  # the first line after the header

    def take(self, count: int) -> Sequence[int]:
        if not self.empty:
            start = self.next
            self.next += count
            return range(start, self.next)
        found: list[int] = []
        while len(found) < count:
            while self.empty and self.empty[-1] == self.next:
                self.empty.pop()
                self.next += 1
            found.append(self.next)
            self.next += 1
        return found


def _chunk(  # noqa: PLR0913, PLR0917 - one chunk and where its results go
    tracker: Tracker,
    rows: RowTracker,
    frame: pl.DataFrame,
    lines: Sequence[int],
    output: BinaryIO | None,
    tally: Tally,
    streamed: StreamedFile,
    path: Path,
    reject: Reject,
) -> None:
    """One chunk in columns, or, where the columnar rules do not apply, row by row."""
    streamed.chunks += 1
    sink = None if output is None else (lambda table: write_delais_rows(table, output))
    run = track_frame(tracker, frame, None, tally, least_share=0.0, row_numbers=lines, sink=sink)
    if run is not None:
        streamed.blank_lines += run.blank_lines
        for cells, row in run.slow:
            if row.status is RowStatus.REJECTED:
                reject(cells, row, f"{path}:{row.line}", None)
        return
    streamed.by_rows += 1
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    for line, values in zip(lines, frame.iter_rows(), strict=True):
        own = list(values)
        kind = row_kind(own, rows._received)  # as the row engine's reader sorts rows
        if kind == "blank":
            streamed.blank_lines += 1
            continue
        if kind == "summary":
            streamed.summary_rows.append(f"{path}:{line}")
            tally.summary.count_summary_rows(1)
            continue
        row = rows.track(own, line)
        tally.add(row)
        if row.status is RowStatus.REJECTED:
            reject(own, row, f"{path}:{line}", None)
        writer.writerow(csv_cells(own, row))
    if output is not None:
        output.write(text.getvalue().encode("utf-8"))


def delais_to_parquet(source: Path, output: Path, names: Sequence[str]) -> None:
    """Write a délais CSV file as ``output`` in Parquet (text columns), then remove it.

    The same table as the CSV file: the columns ``names``, every cell as text, an
    empty cell ``NULL``.
    """
    columns = ", ".join(f"{sql_text(name)}: 'VARCHAR'" for name in names)
    query = (
        f"SELECT * FROM read_csv({sql_text(str(source))}, header = true, delim = ';', "  # noqa: S608
        "quote = '\"', escape = '\"', auto_detect = false, strict_mode = true, "
        f"parallel = false, columns = {{{columns}}})"
    )
    try:
        with _duckdb(DEFAULT_MEMORY) as connection, atomic_path(output) as partial:
            connection.execute(f"COPY ({query}) TO {sql_text(str(partial))} (FORMAT parquet)")
    finally:
        source.unlink(missing_ok=True)
