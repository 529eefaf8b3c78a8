"""Policy files: extends, path resolution, digests, errors naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_pipeline import PolicyError, load_policy
from review_pipeline.policy import builtin_dir


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_default_policy_loads_by_name_and_by_path():
    by_name = load_policy("default")
    by_path = load_policy(builtin_dir("policies") / "default.yaml")
    assert by_name.id == "default"
    assert by_name.digest == by_path.digest
    assert by_name.digest.startswith("sha256:")
    assert by_name.sign_off.roles("major")[-1] == "主要领导"


def test_extends_merges_mappings_and_replaces_lists(tmp_path):
    write(tmp_path / "base.yaml", "id: base\nsign_off:\n  important: [审核人, 分管领导]\n"
          "checkers:\n  acme:\n    threshold: 0.6\n    words: [a, b]\n")
    child = write(tmp_path / "city.yaml", "extends: base.yaml\nid: city\n"
                  "checkers:\n  acme:\n    words: [c]\n")
    policy = load_policy(child)
    assert policy.id == "city"
    assert policy.checkers["acme"] == {"threshold": 0.6, "words": ["c"]}
    assert policy.sign_off.important == ["审核人", "分管领导"]


def test_extends_default_by_name(tmp_path):
    child = write(tmp_path / "fcg.yaml", "extends: default\nid: fangchenggang\nsign_off:\n  major: [主要领导]\n")
    policy = load_policy(child)
    assert policy.id == "fangchenggang"
    assert policy.sign_off.major == ["主要领导"]
    assert policy.sign_off.ordinary == load_policy("default").sign_off.ordinary
    assert policy.digest != load_policy("default").digest


def test_relative_paths_resolve_against_the_file_that_names_them(tmp_path):
    write(tmp_path / "city" / "words" / "deny.txt", "赌博\n")
    child = write(tmp_path / "city" / "policy.yaml", "id: c\ncheckers:\n  acme:\n    lexicons: [words/deny.txt]\n")
    policy = load_policy(child)
    assert policy.checkers["acme"]["lexicons"] == [str((tmp_path / "city" / "words" / "deny.txt").resolve())]


def test_digest_covers_lexicon_content_not_location(tmp_path):
    for folder in ("a", "b"):
        write(tmp_path / folder / "deny.txt", "赌博\n")
        write(tmp_path / folder / "p.yaml", "id: p\ncheckers:\n  acme:\n    lexicons: [deny.txt]\n")
    first, second = load_policy(tmp_path / "a" / "p.yaml"), load_policy(tmp_path / "b" / "p.yaml")
    assert first.digest == second.digest
    write(tmp_path / "b" / "deny.txt", "赌博\n博彩\n")
    assert load_policy(tmp_path / "b" / "p.yaml").digest != first.digest


def test_missing_lexicon_names_file_and_line(tmp_path):
    path = write(tmp_path / "p.yaml", "id: p\ncheckers:\n  acme:\n    lexicons:\n      - nowhere.txt\n")
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert str(err.value).startswith(f"{path}:5:")
    assert "nowhere.txt" in str(err.value)


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path / "p.yaml", "id: p\ncheckers:\n  acme: [unclosed\n  other: 1\n")
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert f"{path}:" in str(err.value)
    assert err.value.line is not None and err.value.line >= 3


def test_unknown_top_level_key_names_its_line(tmp_path):
    path = write(tmp_path / "p.yaml", "id: p\n\nchekers:\n  acme: {}\n")
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert err.value.line == 3 and "chekers" in str(err.value)


def test_bad_value_names_the_file_of_the_child_policy(tmp_path):
    path = write(tmp_path / "p.yaml", "extends: default\nrules:\n  ads/*:\n    severity: fatal\n")
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert err.value.file == str(path.resolve()) and err.value.line == 4


def test_unknown_builtin_policy_and_self_extension(tmp_path):
    with pytest.raises(PolicyError, match="no built-in policy"):
        load_policy("no-such-policy")
    path = write(tmp_path / "loop.yaml", "extends: loop.yaml\n")
    with pytest.raises(PolicyError, match="itself"):
        load_policy(path)


def test_non_utf8_policy_is_a_clear_error(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("id: 政务\n".encode("gb18030"))
    with pytest.raises(PolicyError, match="UTF-8"):
        load_policy(path)
