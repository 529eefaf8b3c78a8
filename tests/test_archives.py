"""Safe walking of folders, zip, tar and tar.gz: hostile members are refused, recorded, and skipped."""

from __future__ import annotations

import io
import os
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.io.archives import Budget, Limits, Member, Refusal, unsafe_member_name, walk

POST = "防城港市应急管理局：本周六上午在港口区开展防灾减灾应急演练，请市民积极参与。".encode()


def _zip(path: Path, members: dict[str, bytes], deflate: bool = True) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _tar(path: Path, members: list[tarfile.TarInfo | tuple[str, bytes]], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as tf:
        for m in members:
            if isinstance(m, tarfile.TarInfo):
                tf.addfile(m)
            else:
                info = tarfile.TarInfo(m[0])
                info.size = len(m[1])
                tf.addfile(info, io.BytesIO(m[1]))
    return path


def _split(entries: list) -> tuple[dict[str, bytes], dict[str, str]]:
    members = {e.name: e.data for e in entries if isinstance(e, Member)}
    refusals = {e.name: e.reason for e in entries if isinstance(e, Refusal)}
    return members, refusals


def test_zip_members_are_read_and_traversal_is_refused(tmp_path: Path) -> None:
    z = _zip(
        tmp_path / "posts.zip",
        {"住建局/a.txt": POST, "../../etc/cron.d/x": b"x", "/abs.txt": b"x", "b.txt": POST},
    )
    members, refusals = _split(list(walk(z)))
    assert members == {f"{z}!住建局/a.txt": POST, f"{z}!b.txt": POST}
    assert "'..'" in refusals[f"{z}!../../etc/cron.d/x"]
    assert "absolute" in refusals[f"{z}!/abs.txt"]
    assert not any(p.name != "posts.zip" for p in tmp_path.iterdir())  # nothing was extracted


def test_zip_symlink_entry_is_refused(tmp_path: Path) -> None:
    z = tmp_path / "links.zip"
    with zipfile.ZipFile(z, "w") as zf:
        link = zipfile.ZipInfo("passwd.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("ok.txt", POST)
    members, refusals = _split(list(walk(z)))
    assert refusals == {f"{z}!passwd.txt": "symlink not followed"}
    assert list(members) == [f"{z}!ok.txt"]


def test_zip_bomb_is_refused_by_ratio_and_walk_goes_on(tmp_path: Path) -> None:
    z = _zip(tmp_path / "bomb.zip", {"zeros.txt": b"0" * 5_000_000, "after.txt": POST})
    members, refusals = _split(list(walk(z)))
    assert "ratio" in refusals[f"{z}!zeros.txt"]
    assert list(members) == [f"{z}!after.txt"]


def test_per_file_total_and_count_limits(tmp_path: Path) -> None:
    big = os.urandom(4000)  # incompressible, so only the size limits apply
    z = _zip(tmp_path / "many.zip", {f"p{i}.txt": big for i in range(5)} | {"huge.txt": os.urandom(9000)})
    _, refusals = _split(list(walk(z, Budget(Limits(max_file_bytes=8000)))))
    assert "per-file" in refusals[f"{z}!huge.txt"]
    members, refusals = _split(list(walk(z, Budget(Limits(max_files=3)))))
    assert len(members) == 3 and sum("file limit" in r for r in refusals.values()) == 3
    members, refusals = _split(list(walk(z, Budget(Limits(max_total_bytes=10_000)))))
    assert len(members) == 2 and all("total" in r for r in refusals.values())


def test_nested_archives_walk_until_the_depth_limit(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.txt", POST)
    middle = io.BytesIO()
    with tarfile.open(fileobj=middle, mode="w:gz") as tf:
        info = tarfile.TarInfo("inner.zip")
        info.size = len(inner.getvalue())
        tf.addfile(info, io.BytesIO(inner.getvalue()))
    outer = _zip(tmp_path / "outer.zip", {"middle.tar.gz": middle.getvalue()})
    members, _ = _split(list(walk(outer)))
    assert members == {f"{outer}!middle.tar.gz!inner.zip!deep.txt": POST}
    members, refusals = _split(list(walk(outer, Budget(Limits(max_depth=2)))))
    assert members == {} and "nested deeper" in refusals[f"{outer}!middle.tar.gz!inner.zip"]


def test_tar_links_devices_and_escapes_are_refused(tmp_path: Path) -> None:
    sym = tarfile.TarInfo("link.txt")
    sym.type, sym.linkname = tarfile.SYMTYPE, "/etc/shadow"
    hard = tarfile.TarInfo("hard.txt")
    hard.type, hard.linkname = tarfile.LNKTYPE, "ok.txt"
    fifo = tarfile.TarInfo("pipe")
    fifo.type = tarfile.FIFOTYPE
    t = _tar(
        tmp_path / "posts.tar.gz",
        [("ok.txt", POST), sym, hard, fifo, ("../up.txt", b"x"), ("/root/x.txt", b"x")],
    )
    members, refusals = _split(list(walk(t)))
    assert members == {f"{t}!ok.txt": POST}
    assert refusals == {
        f"{t}!link.txt": "symlink not followed",
        f"{t}!hard.txt": "hard link not followed",
        f"{t}!pipe": "not a regular file",
        f"{t}!../up.txt": "member path contains '..'",
        f"{t}!/root/x.txt": "absolute member path",
    }


def test_tar_gz_bomb_stops_at_the_ratio_limit(tmp_path: Path) -> None:
    t = _tar(tmp_path / "bomb.tgz", [("a.txt", POST), ("zeros.txt", b"\0" * 20_000_000), ("b.txt", POST)])
    members, refusals = _split(list(walk(t)))
    assert list(members) == [f"{t}!a.txt"]
    assert "ratio" in refusals[f"{t}!zeros.txt"] and str(t) in refusals


def test_plain_tar_and_corrupt_archives(tmp_path: Path) -> None:
    t = _tar(tmp_path / "plain.tar", [("a.txt", POST)], mode="w")
    assert _split(list(walk(t)))[0] == {f"{t}!a.txt": POST}
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert _split(list(walk(broken)))[1] == {str(broken): "corrupt or unreadable archive (BadZipFile)"}


def test_folders_skip_symlinks_and_walk_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_bytes(POST)
    (tmp_path / "a.txt").write_bytes(POST)
    (tmp_path / "c").symlink_to("/etc")
    (tmp_path / "d.txt").symlink_to("/etc/passwd")
    entries = list(walk(tmp_path))
    assert [e.name for e in entries] == [str(tmp_path / n) for n in ("a.txt", "b/2.txt", "c", "d.txt")]
    assert [type(e) for e in entries] == [Member, Member, Refusal, Refusal]


@pytest.mark.parametrize(
    ("name", "unsafe"),
    [
        ("a/b.txt", False),
        ("a/../../b", True),
        ("..", True),
        ("/etc/passwd", True),
        ("C:\\x.txt", True),
        ("a\\..\\b", True),
        ("..a/b", False),
    ],
)
def test_unsafe_member_names(name: str, unsafe: bool) -> None:
    assert (unsafe_member_name(name) is not None) is unsafe


_segment = st.text(alphabet="abc学校公告1._-", min_size=1, max_size=6).filter(lambda s: s not in {".", ".."})


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(_segment, min_size=1, max_size=3), st.binary(max_size=200)),
        min_size=1,
        max_size=6,
        unique_by=lambda t: "/".join(t[0]),
    )
)
def test_zip_roundtrip_yields_every_safe_member_exactly(
    tmp_path_factory: pytest.TempPathFactory, files: list
) -> None:
    """Whatever safe names and bytes go in, the walk yields exactly them, once, in stored order."""
    members = {"/".join(parts): data for parts, data in files}
    # a name that is also a folder of another name cannot exist on disk, but can in a zip: fine
    z = _zip(tmp_path_factory.mktemp("rt") / "x.zip", members)
    entries = list(walk(z))
    assert [(e.name, e.data) for e in entries if isinstance(e, Member)] == [
        (f"{z}!{n}", d) for n, d in members.items()
    ]
