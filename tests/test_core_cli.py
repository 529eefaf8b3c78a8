"""The `review-pipeline` command: exit codes, schema, rules, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from review_pipeline.cli import main
from review_pipeline.models import Verdict
from tests.test_pipeline import ENTRY_POINTS, PLUGIN


@pytest.fixture
def policy(install_plugin, tmp_path):
    install_plugin("rp_test_plugin", PLUGIN, ENTRY_POINTS)
    path = tmp_path / "p.yaml"
    path.write_text("id: t\ncheckers:\n  rp_word: {word: 秒杀}\n  rp_major: {}\n", encoding="utf-8")
    return str(path)


def test_exit_codes_follow_the_decision(policy, capsys):
    assert main(["check", "--policy", policy, "--string", "本周开展消防安全宣传活动"]) == 0
    assert main(["check", "--policy", policy, "--string", "限时秒杀"]) == 1
    out = capsys.readouterr().out
    assert "rp_word/hit" in out and "block" in out


def test_fail_on_review(policy, tmp_path, capsys):
    soft = tmp_path / "soft.yaml"
    soft.write_text(f"extends: {policy}\nrules:\n  rp_word/hit: {{severity: warning}}\n", encoding="utf-8")
    assert main(["check", "--policy", str(soft), "--string", "秒杀"]) == 0
    assert main(["check", "--policy", str(soft), "--fail-on", "review", "--string", "秒杀"]) == 1


def test_json_output_is_a_list_of_verdicts(policy, capsys):
    main(["check", "--policy", policy, "--format", "json", "--string", "台风正在登陆，限时秒杀"])
    payload = json.loads(capsys.readouterr().out)
    verdict = Verdict.model_validate(payload[0]["verdict"])
    assert verdict.sign_off.tier == "major" and verdict.decision == "block"


def test_policy_error_is_one_line_naming_the_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ncheckers: [oops\n", encoding="utf-8")
    assert main(["check", "--policy", str(bad), "--string", "正文"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(bad) in err and "Traceback" not in err


def test_missing_input_file_is_exit_2(policy, capsys):
    assert main(["check", "--policy", policy, "nowhere.txt"]) == 2
    assert "nowhere.txt" in capsys.readouterr().err


def test_schema_prints_the_verdict_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Verdict" and "findings" in schema["properties"]


def test_rules_lists_rule_ids(policy, capsys):
    assert main(["rules", "--format", "json", "--policy", policy]) == 0
    rules = {r["rule"] for r in json.loads(capsys.readouterr().out)}
    assert {"rp_word/hit", "pipeline/checker_error", "pipeline/checker_timeout"} <= rules


def test_console_script_is_installed_and_runs():
    proc = subprocess.run([sys.executable, "-m", "review_pipeline.cli", "schema"], capture_output=True, text=True)
    assert proc.returncode == 0 and '"Verdict"' in proc.stdout


def test_rules_explain_prints_the_rule_documentation(capsys):
    assert main(["rules", "explain", "ads/commercial_ad"]) == 0
    out = capsys.readouterr().out
    assert "ads/commercial_ad" in out and "办法第十八条" in out and "error" in out


def test_rules_explain_refuses_an_unknown_rule(capsys):
    assert main(["rules", "explain", "ads/no_such_rule"]) == 2
    assert "ads/no_such_rule" in capsys.readouterr().err


def test_the_rule_catalogue_in_docs_is_generated_from_the_rules_files(root, capsys):
    """docs/rules.md is `rules --format md` of the default policy: regenerate it when a rules file changes
    (`review-pipeline rules --format md > docs/rules.md`)."""
    assert main(["rules", "--format", "md", "--policy", "default"]) == 0
    assert (root / "docs" / "rules.md").read_text(encoding="utf-8") == capsys.readouterr().out


def test_rules_lists_what_a_scan_adds(capsys):
    assert main(["rules", "--format", "json", "--policy", "default"]) == 0
    rules = {r["rule"] for r in json.loads(capsys.readouterr().out)}
    assert {"cadence/weekly_update", "pipeline/worker_died", "waivers/missing_reason", "pii/PERSON"} <= rules
