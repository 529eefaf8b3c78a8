"""Read platform exports (JSONL, CSV) into Documents through a column map.

`ColumnMap.parse("id=post_id,account=author,text=content")` says which column (CSV header) or
key (JSON object) holds each `Document` field; unmapped fields are looked up under their own
name. A bad row never stops the file: it is yielded as a `RowError` naming the row, never
quoting its content.
"""

from __future__ import annotations

import csv
import json
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from review_pipeline.io.archives import printable
from review_pipeline.io.readers import MAX_BYTES
from review_pipeline.models import Document

EXPORT_SUFFIXES = (".jsonl", ".ndjson", ".csv")
MAPPABLE = (
    "id",
    "account",
    "title",
    "text",
    "published_at",
    "kind",
    "source",
    "original_title",
    "disclosure",
)

# Exports label reposts and disclosures in Chinese as often as in English.
KIND_ALIASES = {
    "原创": "original",
    "转载": "repost",
    "转发": "repost",
    "original": "original",
    "repost": "repost",
}
DISCLOSURE_ALIASES = {"惩戒公示": "punishment", "强制性信息披露": "mandatory", "强制披露": "mandatory"}
_CN_DATE = re.compile(r"^(\d{4})[/.年](\d{1,2})[/.月](\d{1,2})日?")


class ColumnMapError(ValueError):
    """A `--map` that cannot be used."""


@dataclass(frozen=True)
class ColumnMap:
    """Document field -> export column. Fields not listed use their own name as the column."""

    columns: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, spec: str | None) -> ColumnMap:
        """`field=column,...`; unknown fields and empty columns are errors."""
        if not spec:
            return cls()
        pairs: dict[str, str] = {}
        for part in spec.split(","):
            field, sep, column = part.partition("=")
            field, column = field.strip(), column.strip()
            if not sep or not column:
                raise ColumnMapError(f"--map entry {part.strip()!r} is not field=column")
            if field not in MAPPABLE:
                raise ColumnMapError(f"--map field {field!r} is not one of {', '.join(MAPPABLE)}")
            pairs[field] = column
        return cls(tuple(pairs.items()))

    def column(self, field: str) -> str:
        return dict(self.columns).get(field, field)


@dataclass(frozen=True)
class RowError:
    """A row that could not become a Document: where, and why (no row content)."""

    row: int
    reason: str


def is_export(name: str) -> bool:
    """Whether `name` is an export file (by suffix)."""
    return name.lower().endswith(EXPORT_SUFFIXES)


def read_export(
    lines: Iterable[bytes], name: str, colmap: ColumnMap
) -> Iterator[tuple[int, Document | RowError]]:
    """(row number, Document or RowError) for every record of a JSONL or CSV export.

    `lines` are the file's raw lines (a binary file object works); rows are 1-based lines
    for JSONL and 1-based records after the header for CSV.
    """
    if name.lower().endswith(".csv"):
        yield from _read_csv(lines, colmap)
    else:
        yield from _read_jsonl(lines, colmap)


def _decode_line(raw: bytes, first: bool) -> str:
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _read_jsonl(lines: Iterable[bytes], colmap: ColumnMap) -> Iterator[tuple[int, Document | RowError]]:
    for number, raw in enumerate(lines, start=1):
        if len(raw) > MAX_BYTES:
            yield number, RowError(number, f"line is over the {MAX_BYTES}-byte limit")
            continue
        try:
            line = _decode_line(raw, number == 1).strip()
        except UnicodeDecodeError:
            yield number, RowError(number, "cannot decode as UTF-8 or GB18030")
            continue
        if not line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, RowError(number, f"invalid JSON at column {exc.colno}")
            continue
        if not isinstance(record, dict):
            yield number, RowError(number, "not a JSON object")
            continue
        yield number, to_document(record, colmap, number)


def _read_csv(lines: Iterable[bytes], colmap: ColumnMap) -> Iterator[tuple[int, Document | RowError]]:
    """Every CSV record, one result each: a bad record is an error and the next one is read.

    The parser's own field limit (131,072 characters by default) sits above the per-document
    limit, so an oversize row is refused by that limit with a row number, never by ending the
    loop; csv's reader starts each record afresh after an error.
    """
    text = (_decode_line(raw, number == 0) for number, raw in enumerate(lines))
    with _field_limit(MAX_BYTES + 1):
        reader = csv.DictReader(text)
        number = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                number += 1
                yield number, RowError(number, "cannot decode as UTF-8 or GB18030")
                continue
            except csv.Error as exc:
                number += 1
                too_big = "field larger than field limit" in str(exc)
                reason = (
                    f"row is over the {MAX_BYTES}-byte per-document limit"
                    if too_big
                    else "unreadable CSV row"
                )
                yield number, RowError(number, reason)
                continue
            number += 1
            if None in record:  # more cells than header columns: the row is misaligned
                yield number, RowError(number, "more cells than header columns")
                continue
            if sum(len(v) for v in record.values() if isinstance(v, str)) > MAX_BYTES:
                yield number, RowError(number, f"row is over the {MAX_BYTES}-byte per-document limit")
                continue
            yield (
                number,
                to_document({k: v for k, v in record.items() if v not in (None, "")}, colmap, number),
            )


_limit_lock = threading.Lock()


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """csv's field limit is process-wide: raise it while a file is read, then put it back."""
    with _limit_lock:
        previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        with _limit_lock:
            csv.field_size_limit(previous)


def to_document(record: dict[str, Any], colmap: ColumnMap, row: int) -> Document | RowError:
    """One export record -> Document, or a RowError naming the field that is wrong."""
    fields: dict[str, Any] = {}
    for field in MAPPABLE:
        value = _lookup(record, colmap.column(field))
        if value is not None and value != "":
            fields[field] = value
    if "text" not in fields:
        return RowError(row, f"no text (column {colmap.column('text')!r})")
    for key in ("id", "account", "title", "text", "source", "original_title"):
        if key in fields and not isinstance(fields[key], str):
            fields[key] = str(fields[key])
    for key in ("id", "account"):  # labels, not content: a lone surrogate must not stop the scan
        if key in fields:
            fields[key] = printable(fields[key])
    if "kind" in fields:
        fields["kind"] = KIND_ALIASES.get(str(fields["kind"]).strip().lower(), fields["kind"])
    if "disclosure" in fields:
        fields["disclosure"] = DISCLOSURE_ALIASES.get(str(fields["disclosure"]).strip(), fields["disclosure"])
    if isinstance(fields.get("published_at"), str):
        fields["published_at"] = _CN_DATE.sub(_iso_date, fields["published_at"].strip())
    try:
        return Document(**fields)
    except ValidationError as exc:
        err = exc.errors()[0]  # its message only: pydantic's `input` would quote the row
        where = ".".join(str(x) for x in err["loc"])
        return RowError(row, f"field {where}: {err['msg']}")


def _lookup(record: dict[str, Any], column: str) -> Any:
    """`column`, or a dotted path into nested JSON objects (`meta.author`)."""
    if column in record:
        return record[column]
    value: Any = record
    for part in column.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _iso_date(m: re.Match[str]) -> str:
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
