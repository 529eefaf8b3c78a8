"""Issue 15.13 (unbounded memory) and 15.15 (tracebacks instead of one line and exit 2),
replayed against the command line and the library.

The memory attacks run in a child process whose address space is capped, so a regression
fails the test instead of swapping the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from review_pipeline import review
from review_pipeline.cli import main
from review_pipeline.io.errors import InputError
from review_pipeline.io.readers import read_bytes, read_draft
from review_pipeline.lexicon import LexiconError, read_lexicon
from review_pipeline.limits import MAX_YAML_NODES, LimitError, expanded_size, safe_yaml
from review_pipeline.policy import PolicyError, load_policy
from review_pipeline.waivers import WaiverFileError, load_waiver_file
from tests.test_io import DRAFTS, make_editor_policy

ROOT = Path(__file__).resolve().parents[1]


def billion_laughs(levels: int = 9, prefix: str = "") -> str:
    """A few hundred bytes of YAML that expand to 10**levels nodes."""
    lines = [prefix, 'lol0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"lol{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def run_capped(*argv: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """`review-pipeline ARGV` in a child limited to 3 GiB of address space and 120 s."""
    code = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
        from review_pipeline.cli import main
        sys.exit(main({list(argv)!r}))
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, input=stdin, capture_output=True,
                          timeout=120, check=False)  # fmt: skip


def one_line_error(proc: subprocess.CompletedProcess[str] | subprocess.CompletedProcess[bytes], *words: str) -> None:
    err = proc.stderr if isinstance(proc.stderr, str) else proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    for word in words:
        assert word in err, err


@pytest.fixture
def light_policy(tmp_path: Path) -> Path:
    """The sensitive checker alone: quick to start in a child process."""
    path = tmp_path / "light.yaml"
    path.write_text("id: light\ncheckers:\n  sensitive: {disk_cache: false}\n", encoding="utf-8")
    return path


# --- 15.13: unbounded memory -----------------------------------------------------------------


def test_billion_laughs_policy_is_refused(tmp_path: Path, light_policy: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs(prefix=f"extends: {light_policy}\ndescription: x"), encoding="utf-8")
    assert bomb.stat().st_size < 1000
    with pytest.raises(PolicyError, match="alias"):
        load_policy(bomb)
    (tmp_path / "d.txt").write_text("正文", encoding="utf-8")
    one_line_error(run_capped("check", "--policy", str(bomb), "d.txt", cwd=tmp_path), "bomb.yaml", "alias")


def test_policy_extending_dev_zero_is_refused(tmp_path: Path) -> None:
    zero = tmp_path / "zero.yaml"
    zero.write_text("extends: /dev/zero\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="not a regular file"):
        load_policy(zero)
    (tmp_path / "d.txt").write_text("正文", encoding="utf-8")
    one_line_error(run_capped("check", "--policy", str(zero), "d.txt", cwd=tmp_path), "/dev/zero")


def test_check_dev_zero_is_refused_and_other_files_still_reviewed(tmp_path: Path, light_policy: Path) -> None:
    (tmp_path / "d.txt").write_text("正文", encoding="utf-8")
    proc = run_capped("check", "--policy", str(light_policy), "/dev/zero", "d.txt", cwd=tmp_path)
    one_line_error(proc, "/dev/zero", "not a regular file")
    assert "d.txt" in proc.stdout.decode()


def test_check_stdin_is_read_with_a_byte_cap(tmp_path: Path, light_policy: Path) -> None:
    proc = run_capped("check", "--policy", str(light_policy), "-", cwd=tmp_path, stdin=b"a" * (21 << 20))
    one_line_error(proc, "<stdin>", "limit")


def test_lexicon_lint_dev_zero_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="not a regular file"):
        read_lexicon("/dev/zero")
    one_line_error(run_capped("lexicon", "lint", "/dev/zero", cwd=tmp_path), "/dev/zero")


def test_reported_size_is_not_trusted() -> None:
    """/proc files report size 0: the cap is counted while reading."""
    status = Path("/proc/self/status")
    if not status.is_file():
        pytest.skip("no /proc")
    assert len(read_bytes(status)) > 0
    with pytest.raises(InputError, match="limit"):
        read_bytes(status, limit=10)


def test_waiver_file_and_front_matter_alias_bombs_are_refused(tmp_path: Path) -> None:
    waivers = tmp_path / ".review-waivers.yaml"
    waivers.write_text(billion_laughs(prefix="waivers: []"), encoding="utf-8")
    with pytest.raises(WaiverFileError, match="alias"):
        load_waiver_file(waivers)
    draft = tmp_path / "a.md"
    draft.write_text("---\n" + billion_laughs() + "---\n正文\n", encoding="utf-8")
    with pytest.raises(InputError, match="alias"):
        read_draft(draft)


def test_alias_expansion_is_counted_not_performed() -> None:
    assert expanded_size(yaml.compose("a: [1, 2, {b: c}]")) == 8
    assert expanded_size(yaml.compose(billion_laughs(30))) == MAX_YAML_NODES + 1  # 10**30, counted in ms
    with pytest.raises(LimitError):
        safe_yaml("a: &a [*a]")  # a node inside itself expands forever
    assert safe_yaml("x: &r {k: 1}\ny: *r\n")[0] == {"x": {"k": 1}, "y": {"k": 1}}  # plain aliases are fine


# --- 15.15: one line and exit 2, never a traceback ---------------------------------------------


@pytest.fixture
def editor_policy(install_plugin, tmp_path: Path) -> str:
    return make_editor_policy(install_plugin, tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_one_line(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    for word in words:
        assert word in err, err


@pytest.mark.parametrize("option", ["--string", "--title"])
def test_surrogates_in_text_options(editor_policy: str, capsys: pytest.CaptureFixture[str], option: str) -> None:
    argv = ["check", "--policy", editor_policy, "--string", "正文"]
    argv += [option, "标题\udcb0"] if option == "--title" else []
    if option == "--string":
        argv[-1] = "正文\udcb0"
    assert_one_line(*run(capsys, *argv)[::2], option)


def test_unreadable_files_fail_alone(editor_policy: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(loop)
    bad = [str(loop), "/proc/self/mem", "/dev/zero"]
    code, out, err = run(capsys, "check", "--policy", editor_policy, *bad, str(DRAFTS / "clean.md"))
    assert code == 2 and "Traceback" not in err
    assert err.count("\n") == len(bad), err
    assert "symlink loop" in err and "clean.md" in out  # the readable draft was still reviewed


def test_file_name_with_undecodable_bytes_is_shown_escaped(
    editor_policy: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    name = os.fsdecode(b"\xb0\xa1.txt")  # a GBK file name on a UTF-8 system
    try:
        (tmp_path / name).write_text("正文", encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("the file system refuses undecodable names")
    for fmt in ("json", "sarif"):
        code, out, err = run(capsys, "check", "--policy", editor_policy, "--format", fmt, str(tmp_path / name))
        assert code == 0 and "\\udcb0\\udca1.txt" in out, err


def test_redact_into_a_missing_folder(editor_policy: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "missing_dir" / "x.md"
    code, _, err = run(capsys, "redact", "--policy", editor_policy, str(DRAFTS / "clean.md"), "-o", str(target))
    assert_one_line(code, err, "missing_dir", "no such file")


def test_bad_jobs_value(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "scan", str(tmp_path), "--out", str(tmp_path / "out"), "--jobs", "abc")
    assert_one_line(code, err, "abc")


def test_folder_1200_deep(editor_policy: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = str(tmp_path)
    try:
        try:
            for _ in range(1200):  # one level at a time: pathlib's mkdir(parents=True) recurses
                folder += "/d"
                os.mkdir(folder)
            Path(folder, "x.txt").write_text("正文", encoding="utf-8")
        except OSError:
            pytest.skip("the file system refuses a path this long")
        code, _, err = run(capsys, "check", "--policy", editor_policy, str(Path(folder, "x.txt")))
        assert code == 0 and "Traceback" not in err
        code, _, err = run(capsys, "scan", str(tmp_path / "d"), "--out", str(tmp_path / "out"), "--quiet",
                           "--policy", editor_policy)  # fmt: skip
        assert code in (0, 2) and "Traceback" not in err and err.count("\n") <= 1, err
    finally:  # pytest removes old temporary folders recursively: it would overflow on this one
        Path(folder, "x.txt").unlink(missing_ok=True)
        while folder != str(tmp_path):
            if os.path.isdir(folder):
                os.rmdir(folder)
            folder = folder[: -len("/d")]


def test_lone_surrogate_in_the_api_gives_a_verdict() -> None:
    verdict = review("网赌平台\ud800联系13812345678", title="标题\udc00")
    assert verdict.decision == "block"
    assert verdict.review_digest and verdict.review_digest != review("网赌平台联系13812345678", title="标题").review_digest
    assert all(f.fingerprint for f in verdict.findings)


# --- 15.6: decoding --------------------------------------------------------------------------

BODY = "本周开展消防安全宣传活动，请市民关注官方发布的信息，不信谣、不传谣。"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BODY.encode("utf-8") + "市".encode("gbk"), "mixed encodings"),  # the attack: one GBK character at the end
        (BODY.encode("utf-8")[:30] + "市政".encode("gbk") + BODY.encode("utf-8")[30:], "mixed encodings"),
        (BODY.encode("gbk") + "市".encode(), "cannot decode cleanly"),
        ("café naïve résumé".encode("latin-1"), "cannot decode cleanly"),
    ],
)
def test_mixed_or_foreign_encodings_are_refused(data: bytes, message: str) -> None:
    from review_pipeline.io.readers import document_from_bytes

    with pytest.raises(InputError, match=message):
        document_from_bytes(data, "a.txt")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (BODY.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + BODY.encode("utf-8"), "utf-8-sig"),
        (BODY.encode("gb18030"), "gb18030"),
        ("正文".encode("gbk"), "gb18030"),  # too short to tell GB18030 from Big5: the likelier one
        ("防城港市政務新媒體管理辦法規定不得發布商業廣告".encode("big5"), "big5"),
        (b"plain ASCII", "utf-8"),
    ],
)
def test_clean_encodings_are_detected(data: bytes, encoding: str) -> None:
    from review_pipeline.io.readers import detect_encoding

    assert detect_encoding(data, "a.txt") == encoding


def test_mixed_encoding_check_catches_the_attack_through_the_cli(
    editor_policy: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("联系电话 13812345678，限时秒杀".encode() + "市".encode("gbk"))
    code, _, err = run(capsys, "check", "--policy", editor_policy, str(path))
    assert_one_line(code, err, "mixed.txt", "mixed encodings")
