"""Issue 15.12: no quadratic time. Each hostile shape is run at a size where the old quadratic
code took a minute or more; the bound (size x time) leaves room for a loaded machine.

Old timings on the same inputs: the ads URL regex 82 s on 100,000 characters of [a-z0-9];
the landline cue search 91 s on 200,000 characters of phone numbers; html.parser 184 s on
80,000 characters of "<a b"; Markdown inline syntax 12 s on 20,000 "[".
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from review_pipeline.checkers.ads.links import URL
from review_pipeline.checkers.pii import PiiChecker
from review_pipeline.checkers.pii.checker import PiiOptions
from review_pipeline.io.draft import comments
from review_pipeline.io.html import parse_html
from review_pipeline.io.markdown import parse_markdown
from review_pipeline.io.plaintext import parse_text

MIN_CHARS_PER_SECOND = 25_000  # linear code does millions; the old code managed hundreds


def assert_linear(run: Callable[[str], object], text: str) -> None:
    start = time.perf_counter()
    run(text)
    elapsed = time.perf_counter() - start
    assert elapsed <= len(text) / MIN_CHARS_PER_SECOND, f"{len(text)} characters took {elapsed:.2f} s"


def repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit))


@pytest.mark.parametrize("unit", ["a1", "a.", "a-", "a--", "a.-", "ab-c.", "http://a"])
def test_ads_url_pattern_is_linear(unit: str) -> None:
    assert_linear(lambda s: list(URL.finditer(s)), repeat(unit, 100_000))


def test_ads_url_pattern_still_finds_hosts() -> None:
    text = "访问https://item.taobao.com/x?id=1 或 --shop.taobao.com，详见...m.jd.com，xhttps://a.b.cn，Ab-1.COM"
    hosts = [m.group(1) for m in URL.finditer(text.lower())]
    assert hosts == ["item.taobao.com", "shop.taobao.com", "m.jd.com", "a.b.cn", "ab-1.com"]
    # a label over 63 characters makes no host name (RFC 1035): no browser opens it, no link
    assert [m.group(1) for m in URL.finditer("a" * 63 + ".example.com")] == ["a" * 63 + ".example.com"]
    assert list(URL.finditer("a" * 64 + ".example.com")) == []


@pytest.fixture(scope="module")
def landlines() -> PiiChecker:
    return PiiChecker(PiiOptions())


@pytest.mark.parametrize("unit", ["0770-2812345，", "电话0770-2812345", "市民政局0770-2812345 ", "0770-2812345"])
def test_landline_cue_search_is_linear(landlines: PiiChecker, unit: str) -> None:
    text = repeat(unit, 200_000)
    numbers = [i for i in range(len(text)) if text.startswith("0770", i)]

    def classify_all(s: str) -> None:
        for i in numbers:
            landlines.landlines.classify(s, i, i + 12)

    assert_linear(classify_all, text)


def test_landline_unit_cue_still_seen_after_the_number_window(landlines: PiiChecker) -> None:
    finder = landlines.landlines
    assert finder.classify("请联系市民政局0770-2812345。", 7, 19).owner == "office"
    assert finder.classify("村民家庭电话0770-2812345。", 6, 18).owner == "personal"
    # the office word after a unit suffix is read even where the search window ends
    text = "请拨打市民政局电话0770-2812345" + "。" * 10
    assert finder.classify(text, 9, 21).owner == "office"


READERS: dict[str, Callable[[str], object]] = {
    "txt": parse_text,
    "md": lambda s: parse_markdown(s, "x.md"),
    "html": parse_html,
}


@pytest.mark.parametrize(
    ("fmt", "unit", "size"),
    [
        ("txt", "<!--", 200_000),
        ("md", "<!--", 200_000),
        ("md", "[", 200_000),
        ("md", "[a](", 200_000),
        ("md", "[a](x", 200_000),
        ("md", "<a", 200_000),
        ("md", "<http:", 200_000),
        ("md", '[a](x "', 200_000),
        ("html", "<a b", 80_000),
        ("html", "<a b='", 80_000),
        ("html", "<a b=x ", 80_000),
        ("html", "<!--", 80_000),
        ("html", "<br/", 80_000),
        ("html", "<a", 80_000),
    ],
)
def test_readers_are_linear_on_unclosed_syntax(fmt: str, unit: str, size: int) -> None:
    assert_linear(READERS[fmt], repeat(unit, size))


def test_comment_finder_agrees_with_the_regex() -> None:
    from review_pipeline.io.draft import COMMENT

    for text in ["a<!--b-->c<!--d", "<!-->-->", "<!--<!--x-->y-->", "<!---->", "x<!--\n-->\n<!--y-->"]:
        assert list(comments(text)) == [(m.start(), m.end(), m.group(1)) for m in COMMENT.finditer(text)]


def test_html_text_after_the_last_tag_keeps_its_characters() -> None:
    text, smap, *_ = parse_html("<p>正文</p>比较：a<b 且 c<d")
    assert text.endswith("比较：a<b 且 c<d")
    i = text.index("a<b")
    assert smap.source_span(i, i + 3) == (len("<p>正文</p>比较："), len("<p>正文</p>比较：a<b"))
