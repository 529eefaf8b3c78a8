"""Fuzzing the readers (issue 15): invisible characters, odd digits, separators, surrogates and
byte soup never crash a reader, and every character of the text maps into the source."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.io.errors import InputError
from review_pipeline.io.readers import draft_from_bytes

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u202e", "\U000e0041", "\ufe0f"]
SEPARATORS = ["\u2028", "\u2029", "\u0085", "\u000b", "\u000c", "\r", "\r\n", "\u3000", "\u00a0", "\uffff", "\ufffe"]
ODD_DIGITS = ["١٣٨", "۱۲۳", "१२३", "১৩৮", "𝟏𝟑𝟖", "１３８", "①②", "¹²³"]
WORDS = ["审核", "发布", "电话", "13812345678", "限时秒杀", "https://item.taobao.com/x", "👨\u200d👩\u200d👧", "🇨🇳"]
MARKUP = {
    "txt": ["<!-- c -->", "<!-- review-pipeline: allow ads/* 理由：活动名称 -->", "<!--", "-->", "\n"],
    "md": ["# ", "> ", "- ", "**", "`", "[a](http://x.cn)", "<b>", "---\n", "\n\n", "<!-- c -->", "[", "]("],
    "html": ["<p>", "</p>", "<br>", "&amp;", "&#x200b;", "<img alt=\"图\">", "<meta name=description content=\"摘要\">",
             "<!--", "-->", "<", ">", "<a title='t'>", "</a>"],
}  # fmt: skip


def parts(fmt: str) -> st.SearchStrategy[str]:
    pieces = INVISIBLE + SEPARATORS + ODD_DIGITS + WORDS + MARKUP[fmt]
    return st.lists(st.sampled_from(pieces), max_size=40).map("".join)


def check_maps_into_source(source: str, name: str) -> None:
    try:
        draft = draft_from_bytes(source.encode("utf-8", "surrogatepass"), name)
    except InputError:
        return  # refused with one line: allowed; any other exception fails the test
    text = draft.document.text
    for i, ch in enumerate(text):
        s, e = draft.text_map.source_span(i, i + 1)
        assert 0 <= s <= e <= len(draft.source)
        if e - s == 1 and ch != "\n":  # copied characters map to themselves
            assert draft.source[s] == ch or draft.format == "html"


@settings(max_examples=150, deadline=None)
@given(parts("txt"))
def test_txt_reader(source: str) -> None:
    check_maps_into_source(source, "a.txt")


@settings(max_examples=150, deadline=None)
@given(parts("md"))
def test_markdown_reader(source: str) -> None:
    check_maps_into_source(source, "a.md")


@settings(max_examples=150, deadline=None)
@given(parts("html"))
def test_html_reader(source: str) -> None:
    check_maps_into_source(source, "a.html")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, *INVISIBLE, "\ud800", "\udfff", "\udcb0"]), max_size=20).map("".join),
       st.sampled_from(["a.txt", "a.md", "a.html"]))  # fmt: skip
def test_encoded_surrogates_are_refused_or_read(source: str, name: str) -> None:
    """Lone surrogates written as bytes (ED A0 80...) are not UTF-8: a one-line refusal, never a crash."""
    check_maps_into_source(source, name)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["a.txt", "a.md", "a.html", "a.docx"]))
def test_byte_soup_is_read_or_refused(data: bytes, name: str) -> None:
    with contextlib.suppress(InputError):
        draft_from_bytes(data, name)
