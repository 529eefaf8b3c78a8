"""JSONL/CSV exports through a column map: every row becomes a Document or a RowError, in order."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.io.exports import ColumnMap, ColumnMapError, RowError, read_export
from review_pipeline.models import Document

# Any text but a lone "\r", which CSV readers rightly turn into a line break.
_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\r"),
    min_size=1,
    max_size=40,
)
_row = st.fixed_dictionaries(
    {"编号": st.text("0123456789abc", min_size=1, max_size=8), "账号": _text, "正文": _text}
)
MAP = ColumnMap.parse("id=编号,account=账号,text=正文")


@settings(max_examples=60, deadline=None)
@given(st.lists(_row, max_size=8))
def test_jsonl_and_csv_give_the_same_documents_in_row_order(rows: list[dict[str, str]]) -> None:
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=["编号", "账号", "正文"])
    writer.writeheader()
    writer.writerows(rows)
    expected = [Document(id=r["编号"], account=r["账号"], text=r["正文"]) for r in rows]
    from_jsonl = [doc for _, doc in read_export(io.BytesIO(jsonl), "x.jsonl", MAP)]
    from_csv = [doc for _, doc in read_export(io.BytesIO(buf.getvalue().encode("utf-8")), "x.csv", MAP)]
    assert from_jsonl == expected
    assert from_csv == expected


def test_bad_rows_are_errors_that_name_the_field_but_not_the_content() -> None:
    lines = [
        json.dumps(
            {"编号": "1", "正文": "市政府召开防汛工作会议。", "发布时间": "昨天下午"}, ensure_ascii=False
        ),
        json.dumps(["not", "an", "object"]),
        json.dumps({"编号": "3", "正文": "关于开展消防安全检查的通知", "kind": "广告"}, ensure_ascii=False),
        json.dumps({"编号": "4", "meta": {"body": "嵌套字段中的正文"}}, ensure_ascii=False),
    ]
    colmap = ColumnMap.parse("id=编号,text=正文,published_at=发布时间")
    out = dict(read_export(io.BytesIO("\n".join(lines).encode()), "a.jsonl", colmap))
    assert (
        isinstance(out[1], RowError)
        and out[1].reason.startswith("field published_at:")
        and "昨天" not in out[1].reason
    )
    assert out[2] == RowError(2, "not a JSON object")
    assert (
        isinstance(out[3], RowError)
        and out[3].reason.startswith("field kind:")
        and "广告" not in out[3].reason
    )
    nested = dict(
        read_export(io.BytesIO(lines[3].encode()), "b.jsonl", ColumnMap.parse("id=编号,text=meta.body"))
    )
    assert nested[1] == Document(id="4", text="嵌套字段中的正文")


@pytest.mark.parametrize("spec", ["text", "text=", "colour=x", "id=a,,text=b"])
def test_bad_column_maps_are_refused(spec: str) -> None:
    with pytest.raises(ColumnMapError):
        ColumnMap.parse(spec)
