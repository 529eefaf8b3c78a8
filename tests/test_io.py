"""Readers: txt, md (front matter), html (WeChat-like), docx; encodings; exact source positions."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.io.errors import InputError
from review_pipeline.io.readers import (
    MAX_BYTES,
    document_from_bytes,
    draft_from_bytes,
    read_document,
    read_draft,
)

DRAFTS = Path(__file__).parent / "data" / "drafts"

# A test-only checker pair (a word list and a mobile-number "PII" checker that masks and
# redacts), installed as a real plugin, so outputs are tested without depending on the
# built-in checkers' exact findings.
EDITOR_PLUGIN = '''
import re
from typing import ClassVar
from review_pipeline.checkers.base import CheckerOptions, RuleInfo
from review_pipeline.models import Finding


class WordOptions(CheckerOptions):
    words: list[str] = ["秒杀", "抢购"]
    severity: str = "error"


class WordChecker:
    name: ClassVar[str] = "rp_ed_word"
    Options = WordOptions
    RULES: ClassVar[list] = [RuleInfo(rule="rp_ed_word/hit", severity="error", description="test words")]

    def __init__(self, options):
        self.options = options

    def check(self, document, context):
        for field, text in context.fields():
            for word in self.options.words:
                start = text.find(word)
                while start != -1:
                    yield Finding(checker=self.name, rule="rp_ed_word/hit", category="ads",
                                  severity=self.options.severity, field=field, start=start,
                                  end=start + len(word), message=f"出现促销用语“{word}”",
                                  suggestion="删除促销用语", legal_basis="办法第十八条",
                                  source=f"test:{word}")
                    start = text.find(word, start + len(word))


MOBILE = re.compile(r"(?<!\\d)1[3-9]\\d{9}(?!\\d)")


class MobileChecker:
    name: ClassVar[str] = "rp_ed_pii"
    Options = CheckerOptions
    RULES: ClassVar[list] = [RuleInfo(rule="pii/CN_MOBILE", severity="warning", description="test mobile", personal_data=True)]

    def __init__(self, options):
        pass

    def check(self, document, context):
        for field, text in context.fields():
            for m in MOBILE.finditer(text):
                masked = m.group()[:3] + "****" + m.group()[-4:]
                context.redact(field, m.start(), m.end(), masked)
                yield Finding(checker=self.name, rule="pii/CN_MOBILE", category="pii", severity="warning",
                              field=field, start=m.start(), end=m.end(), excerpt=masked,
                              message="手机号码须去标识化", legal_basis="办法第十九条", source="test:mobile")
'''
EDITOR_ENTRY_POINTS = {"rp_ed_word": "rp_test_editor:WordChecker", "rp_ed_pii": "rp_test_editor:MobileChecker"}
MOBILE = "13800138000"


def make_editor_policy(install_plugin, tmp_path: Path) -> str:
    """Install the test checkers and write a policy running them; returns its path.

    Other test modules wrap this in their own `editor_policy` fixture.
    """
    install_plugin("rp_test_editor", EDITOR_PLUGIN, EDITOR_ENTRY_POINTS)
    path = tmp_path / "editor.yaml"
    path.write_text("id: editor-test\ncheckers:\n  rp_ed_word: {}\n  rp_ed_pii: {}\n", encoding="utf-8")
    return str(path)


def source_position(source: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of `needle` in `source`."""
    at = -1
    for _ in range(nth + 1):
        at = source.index(needle, at + 1)
    line = source.count("\n", 0, at) + 1
    return line, at - (source.rfind("\n", 0, at) + 1) + 1


def test_txt_is_identity_mapped():
    draft = read_draft(DRAFTS / "clean.txt")
    assert draft.format == "txt" and draft.document.id.endswith("clean.txt")
    i = draft.document.text.index("市民广场")
    assert draft.position("text", i) == (1, i + 1)


def test_markdown_front_matter_and_markup():
    draft = read_draft(DRAFTS / "bad.md")
    doc = draft.document
    source = (DRAFTS / "bad.md").read_text(encoding="utf-8")
    assert doc.title == "关于本周消防安全宣传活动的通知"
    assert doc.account == "某市应急管理局" and doc.kind == "original"
    assert doc.meta == {"tags": ["消防", "宣传"]}
    assert "**" not in doc.text and "# " not in doc.text and "---" not in doc.text
    assert "限时秒杀" in doc.text and "https://shop.example.com/promo" in doc.text
    assert "review-pipeline" not in doc.text and "理由" not in doc.text  # waiver comments are not text
    for needle in ("秒杀", MOBILE, "https://shop", "都在抢购", "消防安全宣传周"):
        assert draft.position("text", doc.text.index(needle)) == source_position(source, needle)
    assert draft.position("title", 2) == source_position(source, "本周消防")
    assert [d.line for d in draft.directives] == [13]


def test_markdown_bad_front_matter_is_an_input_error(tmp_path: Path):
    path = tmp_path / "x.md"
    path.write_text("---\nkind: 转载\n---\n正文\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.md: front matter kind"):
        read_draft(path)
    path.write_text("---\ntitle: [unclosed\n---\n正文\n", encoding="utf-8")
    with pytest.raises(InputError, match="invalid YAML front matter"):
        read_draft(path)


def test_html_wechat_article():
    draft = read_draft(DRAFTS / "wechat.html")
    doc = draft.document
    source = (DRAFTS / "wechat.html").read_text(encoding="utf-8")
    assert doc.title == "防汛防台风&安全提示"
    assert "不应被读取" not in doc.text and "font-size" not in doc.text and "<" not in doc.text
    assert not doc.text.startswith("防汛防台风")  # the h1 is the title, not body text
    assert "\xa0应急包" in doc.text
    for needle in ("限时秒杀", MOBILE, "受今年", "赶紧抢购"):
        assert draft.position("text", doc.text.index(needle)) == source_position(source, needle)
    assert draft.text_map.source_span(doc.text.index("\xa0"), doc.text.index("\xa0") + 1)[1] - \
        draft.text_map.source_span(doc.text.index("\xa0"), doc.text.index("\xa0") + 1)[0] == len("&nbsp;")
    assert "\n\n" in doc.text  # paragraphs stay paragraphs
    assert [d.line for d in draft.directives] == [source_position(source, "<!-- review")[0]]


def test_html_title_falls_back_to_h1_then_title():
    d = draft_from_bytes("<h1>通知标题</h1><p>正文内容</p>".encode(), "a.html")
    assert d.document.title == "通知标题" and d.document.text == "正文内容"
    d = draft_from_bytes("<html><head><title>页面标题</title></head><body><p>正文</p></body></html>".encode(), "b.htm")
    assert d.document.title == "页面标题" and d.document.text == "正文"


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("关于开展防汛演练的通知", style="Title")
    p = document.add_paragraph("各单位：本周开展防汛演练，")
    p.add_run("限时秒杀").bold = True
    p.add_run(f"活动取消。联系电话{MOBILE}。")
    document.add_paragraph("")
    document.add_paragraph("<!-- review-pipeline: allow rp_ed_word/hit 理由：引用原文 -->")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "联系人"
    table.cell(0, 1).text = f"李先生 {MOBILE}"
    document.save(path)
    return path


def test_docx_paragraphs_tables_and_positions(tmp_path: Path):
    draft = read_draft(make_docx(tmp_path / "notice.docx"))
    doc = draft.document
    assert doc.title == "关于开展防汛演练的通知"
    assert "限时秒杀" in doc.text and "李先生" in doc.text and "review-pipeline" not in doc.text
    # paragraph 2, character 14 (1-based): "各单位：本周开展防汛演练，" is 13 characters
    assert draft.position("text", doc.text.index("秒杀")) == (2, 16)
    assert draft.position("text", doc.text.index("李先生")) == (6, 1)  # the table cell paragraph
    assert draft.position("title", 0) == (1, 1)
    assert [d.line for d in draft.directives] == [4]


def test_docx_broken_file_is_an_input_error(tmp_path: Path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"broken\.docx: not a readable \.docx"):
        read_draft(path)


def test_encodings():
    gb = read_document(DRAFTS / "gb18030.txt")
    bom = read_draft(DRAFTS / "bom.txt")
    assert gb.text.startswith("市政府召开防汛工作会议")
    assert bom.document.text.startswith("市政府召开抗旱工作会议") and bom.encoding == "utf-8-sig"
    assert bom.position("text", 0) == (1, 1)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("image.txt", (DRAFTS / "image.txt").read_bytes(), "binary file"),
        ("ctrl.txt", b"\x01\x02\x03\x04\x05\x06 abc \x07\x08\x0e\x0f", "binary file"),
        ("big.txt", b"a" * (MAX_BYTES + 1), "over the"),
        ("sheet.xlsx", "正文".encode(), "unknown file type"),
        ("bad.txt", b"\xff\xfe\xfd\xfc\x80\x81" * 3, "cannot decode"),
    ],
)
def test_unreadable_inputs_are_one_line_input_errors(name: str, data: bytes, message: str):
    with pytest.raises(InputError) as err:
        document_from_bytes(data, name)
    assert message in str(err.value) and str(err.value).startswith(name) and "\n" not in str(err.value)


def test_document_from_bytes_dispatches_by_suffix(tmp_path: Path):
    md = (DRAFTS / "bad.md").read_bytes()
    assert document_from_bytes(md, "archive.zip!posts/bad.md").title == "关于本周消防安全宣传活动的通知"
    html = (DRAFTS / "wechat.html").read_bytes()
    assert document_from_bytes(html, "x.html").title == "防汛防台风&安全提示"
    docx_bytes = make_docx(tmp_path / "a.docx").read_bytes()
    assert "限时秒杀" in document_from_bytes(docx_bytes, "a.docx").text
    assert document_from_bytes("正文".encode("gb18030"), "a.txt").text == "正文"


_chars = st.sampled_from([*"政务新媒体发布审核消防安全，。*#[]()`>-_ \n", "**", "[链接](http://a.cn)", "<!-- c -->"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_chars, max_size=60))
def test_markdown_copied_characters_map_to_themselves(parts: list[str]):
    """Every plain-text character copied from the source maps to that same source character."""
    source = "".join(parts)
    draft = draft_from_bytes(source.encode(), "p.md")
    text = draft.document.text
    for i, ch in enumerate(text):
        s, e = draft.text_map.source_span(i, i + 1)
        if e - s == 1:
            assert source[s] == ch
        line, col = draft.position("text", i)
        assert 1 <= line <= source.count("\n") + 1 and col >= 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([*"审核发布<>&;apbr/ \n\"=", "<p>", "</p>", "&amp;", "<br>", "&nbsp;"]), max_size=80))
def test_html_never_crashes_and_spans_stay_in_source(parts: list[str]):
    source = "".join(parts)
    draft = draft_from_bytes(source.encode(), "p.html")
    text = draft.document.text
    for i in range(len(text)):
        s, e = draft.text_map.source_span(i, i + 1)
        assert 0 <= s <= e <= len(source)


def test_reader_output_is_bytes_in_bytes_out(tmp_path: Path):
    """read_draft keeps the raw bytes so a redacted copy can be written in the same encoding."""
    draft = read_draft(DRAFTS / "gb18030.txt")
    assert draft.raw == (DRAFTS / "gb18030.txt").read_bytes() and draft.encoding == "gb18030"
    assert io.BytesIO(draft.raw).read(2) == "市".encode("gb18030")
