"""Resource limits on what the library reads, and the bounded readers that enforce them.

A draft, a policy, a word list or a waiver file is read only if it is a regular file (never a
device, pipe or socket: `/dev/zero` reports size 0 and never ends), and never more than its byte
limit, whatever size the file system reports (`/proc` files report 0). YAML is composed first
and refused when its aliases would expand past `MAX_YAML_NODES` (a "billion laughs" policy is a
few hundred bytes that expand to gigabytes in whatever walks it).

This module imports nothing of ours, so readers (`io/`), policies and word lists all use it;
callers turn `LimitError` into their own error that names the file (and line).
"""

from __future__ import annotations

import errno
import os
import stat
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # YAML is imported when first parsed: `check --server` never parses any
    import yaml

MIB = 1024 * 1024
MAX_DRAFT_BYTES = 20 * MIB  # a post is kilobytes; anything this large is not a draft
MAX_POLICY_BYTES = 1 * MIB  # a policy is a page of YAML
MAX_LEXICON_BYTES = 64 * MIB  # the largest word list shipped is under 1 MiB
MAX_WAIVER_FILE_BYTES = 16 * MIB
MAX_YAML_NODES = 200_000  # nodes after alias expansion (the default policy has a few hundred)

_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "is a directory",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "too many levels of symbolic links (a symlink loop?)",
    errno.ENAMETOOLONG: "file name too long",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EIO: "input/output error while reading",
    errno.EINVAL: "cannot be read as a file",
}


class LimitError(ValueError):
    """A file refused before or while reading it; `str()` is the reason (no file name);
    `errno` is set when the operating system refused it."""

    def __init__(self, message: str, errno: int | None = None) -> None:
        super().__init__(message)
        self.errno = errno


def describe_os_error(exc: OSError) -> str:
    """A short reason for an OS error, without the file name (callers add it)."""
    return _REASONS.get(exc.errno or 0) or (exc.strerror or type(exc).__name__).lower()


def read_regular_file(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; else `LimitError` saying why."""
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise LimitError("is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise LimitError(f"not a regular file (a device, pipe or socket cannot be a {what})")
        if st.st_size > limit:
            raise LimitError(f"{what} is {st.st_size} bytes, over the {limit}-byte limit")
        with open(path, "rb") as fh:
            return read_stream(fh, limit, what)
    except OSError as exc:
        raise LimitError(describe_os_error(exc), exc.errno) from None


def read_stream(stream: IO[bytes], limit: int, what: str = "input") -> bytes:
    """At most `limit` bytes of a stream (standard input, a file); more is a `LimitError`."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise LimitError(f"{what} is over the {limit}-byte limit")
    return data


def expanded_size(node: yaml.Node | None, limit: int = MAX_YAML_NODES) -> int:
    """Number of nodes in `node` once every alias is expanded (counting stops past `limit`;
    a node that holds itself through an alias expands forever and counts as `limit + 1`).

    Aliases share node objects, so sizes are memoised by identity: the count costs one visit
    per distinct node even when the expansion is astronomically large."""
    if node is None:
        return 0
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[yaml.Node] = [node]
    while stack:
        current = stack[-1]
        key = id(current)
        children = _children(current)
        if key not in open_nodes:
            open_nodes.add(key)
            pending = [c for c in children if id(c) not in sizes]
            if any(id(c) in open_nodes for c in pending):
                return limit + 1  # recursive: infinite once expanded
            stack.extend(pending)
            continue
        stack.pop()
        if key not in sizes:
            sizes[key] = min(limit + 1, 1 + sum(sizes[id(c)] for c in children))
        open_nodes.discard(key)
    return sizes[id(node)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


@cache
def safe_loader() -> Any:
    """libyaml's safe loader when PyYAML has it: the pure-Python one costs ~0.1 s per start on
    the default policy and the rules files."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_yaml(text: str, limit: int = MAX_YAML_NODES, loader: Any = None) -> tuple[Any, yaml.Node | None]:
    """(data, node tree) of one YAML document, refused (`LimitError`) when aliases would expand
    it past `limit` nodes; YAML syntax errors propagate as `yaml.YAMLError`. `loader` must be a
    safe one (`yaml.SafeLoader` or libyaml's `yaml.CSafeLoader`, the default)."""
    import yaml

    loader = loader or safe_loader()
    node = yaml.compose(text, Loader=loader)
    if expanded_size(node, limit) > limit:
        raise LimitError(f"YAML expands to more than {limit} nodes through aliases (an alias bomb?)")
    return yaml.load(text, Loader=loader), node
