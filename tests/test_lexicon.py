"""Word-list parsing, folding and the shared phrase index."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.lexicon import LexiconError, read_lexicon
from review_pipeline.text.fold import fold
from review_pipeline.text.lines import LineIndex
from review_pipeline.text.phrases import PhraseIndex


def test_read_lexicon_skips_comments_and_keeps_line_numbers(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("\ufeff# 赌博类\n\n赌博\tgambling\terror\n\\#话题\n网络博彩\t\twarning\n", encoding="utf-8")
    rows = read_lexicon(path, max_cells=4)
    assert [(r.line, r.cells[0]) for r in rows] == [(3, "赌博"), (4, "#话题"), (5, "网络博彩")]
    assert rows[2].cell(1, "default") == "default" and rows[2].cell(2) == "warning"


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"ok\n\tno-term\n", 2, "term is empty"),
        (b"ok\na\tb\tc\td\te\n", 2, "at most 4"),
        ("好\n".encode() + b"\xff\xfe\n", 2, "not UTF-8"),
    ],
)
def test_malformed_lexicon_names_file_and_line(tmp_path, content, line, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(LexiconError) as err:
        read_lexicon(path, max_cells=4)
    assert err.value.line == line and message in str(err.value) and str(path) in str(err.value)


def test_fold_handles_width_case_and_traditional():
    assert fold("ＡＢＣ１２３ＶＸ") == "abc123vx"
    assert fold("賭博網站") == "赌博网站"
    assert fold("\u3000") == " "


@given(st.text(max_size=200))
def test_fold_preserves_length(text):
    assert len(fold(text)) == len(text)


def test_phrase_index_reports_overlaps_with_original_offsets():
    index = PhraseIndex([("第一书记", "gov"), ("第一", "abs"), ("加ＶＸ", "contact")])
    text = "驻村第一書記說：加vx"
    hits = sorted(index.find(fold(text)))
    assert hits == [(2, 4, "abs"), (2, 6, "gov"), (8, 11, "contact")]
    assert text[8:11] == "加vx"


def test_line_index_positions():
    index = LineIndex("第一行\n第二行\n\n末行")
    assert index.position(0) == (1, 1)
    assert index.position(5) == (2, 2)
    assert index.position(9) == (4, 1)
    assert index.line_count == 4


@settings(deadline=None, max_examples=150)
@given(st.text(alphabet="市民表示说明天气很好我们认为活该生活ab1 ，。！“”\n", max_size=80))
def test_lazy_word_boundaries_agree_with_segmenting_the_whole_text(text):
    from review_pipeline.text.segment import WordBoundaries, word_boundaries

    lazy, full = WordBoundaries(text), word_boundaries(text)
    assert [pos for pos in range(len(text) + 1) if pos in lazy] == sorted(full)
