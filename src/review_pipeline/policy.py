"""Policy files: YAML -> validated `Policy`, with `extends`, resolved paths and a content digest.

A policy says which checkers run, in which order, with which options and word lists. Errors
name the file and line. String options that look like data files (`.txt`, `.tsv`, ...) are
paths relative to the policy file that names them; the digest covers their content, so two
machines with the same digest give the same verdicts.
"""

from __future__ import annotations

import copy
import errno
import hashlib
import json
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from review_pipeline.limits import MAX_POLICY_BYTES, LimitError, read_regular_file, safe_yaml
from review_pipeline.models import PolicyRef

DATA_SUFFIXES = (".txt", ".tsv", ".csv", ".yaml", ".yml", ".json", ".jsonl", ".dic")
MAX_EXTENDS_DEPTH = 8

Loc = tuple[str | int, ...]


class PolicyError(ValueError):
    """A policy or lexicon that cannot be used; `str()` is `file:line: message`."""

    def __init__(self, message: str, file: str | Path | None = None, line: int | None = None) -> None:
        self.message, self.file, self.line = message, str(file) if file else None, line
        where = f"{self.file}:{line}: " if self.file and line else f"{self.file}: " if self.file else ""
        super().__init__(f"{where}{message}")


def builtin_dir(kind: str) -> Path:
    """`lexicons` or `policies`: inside the installed package, else at the checkout's root."""
    packaged = Path(str(resources.files("review_pipeline"))) / kind
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / kind


def builtin_lexicon(area: str, name: str) -> str:
    """Path of a word list shipped with the package, e.g. `builtin_lexicon("tone", "opinion.txt")`."""
    return str(builtin_dir("lexicons") / area / name)


class SignOffPolicy(BaseModel):
    """Roles that must sign each tier (article 15)."""

    model_config = ConfigDict(extra="forbid")

    ordinary: list[str] = Field(default_factory=lambda: ["审核人"])
    important: list[str] = Field(default_factory=lambda: ["审核人", "分管领导"])
    major: list[str] = Field(default_factory=lambda: ["审核人", "分管领导", "主要领导"])

    def roles(self, tier: str) -> list[str]:
        return list(getattr(self, tier))


class RuleOverride(BaseModel):
    """Per-rule adjustments a policy may make without touching a checker."""

    model_config = ConfigDict(extra="forbid")

    severity: str | None = Field(default=None, pattern="^(info|warning|error)$")
    enabled: bool = True


class Limits(BaseModel):
    """How much one review may take (`limits:` in a policy)."""

    model_config = ConfigDict(extra="forbid")

    timeout_s: float | None = Field(default=60.0, gt=0, description="seconds per document; past it the verdict blocks")
    batch_size: int = Field(default=32, ge=1, le=10_000, description="documents reviewed together by `Pipeline.pipe`")


class Policy(BaseModel):
    """A validated, fully merged policy. Build with `load_policy`."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: str = "1"
    description: str | None = None
    checkers: dict[str, dict[str, Any]] = Field(default_factory=dict)
    rules: dict[str, RuleOverride] = Field(default_factory=dict)
    sign_off: SignOffPolicy = Field(default_factory=SignOffPolicy)
    waivers: dict[str, Any] = Field(default_factory=dict)
    limits: Limits = Field(default_factory=Limits)
    report: dict[str, Any] = Field(default_factory=dict)  # e.g. {templates: folder}: a city's own report templates

    _path: Path | None = PrivateAttr(default=None)
    _lines: dict[Loc, tuple[str, int]] = PrivateAttr(default_factory=dict)
    _digest: str = PrivateAttr(default="")
    _files: tuple[str, ...] = PrivateAttr(default=())

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def digest(self) -> str:
        return self._digest

    def source_files(self) -> tuple[str, ...]:
        """Every file the digest covers: the policy files read (`extends` included) and the data
        files they name."""
        return self._files

    @property
    def ref(self) -> PolicyRef:
        return PolicyRef(id=self.id, version=self.version, digest=self._digest)

    def enabled_checkers(self) -> list[tuple[str, dict[str, Any]]]:
        """(name, options) in policy order, without the switched-off ones and `enabled`."""
        out = []
        for name, options in self.checkers.items():
            if options.get("enabled", True) is False:
                continue
            out.append((name, {k: v for k, v in options.items() if k != "enabled"}))
        return out

    def locate(self, *loc: str | int) -> tuple[str | None, int | None]:
        """The (file, line) that set `loc`, or its nearest parent that has one."""
        for n in range(len(loc), -1, -1):
            hit = self._lines.get(tuple(loc[:n]))
            if hit:
                return hit
        return (str(self._path) if self._path else None, None)

    def error(self, message: str, *loc: str | int) -> PolicyError:
        """A `PolicyError` pointing at the file and line that set `loc`."""
        file, line = self.locate(*loc)
        return PolicyError(message, file, line)


# --- YAML with line numbers ---------------------------------------------------------------


def _node_lines(node: yaml.Node, file: str, loc: Loc, out: dict[Loc, tuple[str, int]]) -> None:
    out[loc] = (file, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _node_lines(value, file, (*loc, str(key.value)), out)
            out[(*loc, str(key.value))] = (file, key.start_mark.line + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, file, (*loc, i), out)


def _read_yaml(path: Path) -> tuple[dict[str, Any], dict[Loc, tuple[str, int]]]:
    try:
        text = read_regular_file(path, MAX_POLICY_BYTES, "policy").decode("utf-8-sig")
    except LimitError as exc:
        raise PolicyError("policy file not found" if exc.errno == errno.ENOENT else str(exc), path) from None
    except UnicodeDecodeError as exc:
        raise PolicyError(f"policy is not UTF-8 text ({exc.reason})", path) from None
    try:
        data, node = safe_yaml(text)
    except LimitError as exc:
        raise PolicyError(str(exc), path) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise PolicyError(f"invalid YAML: {exc.problem}", path, line) from None
    except yaml.YAMLError as exc:  # e.g. several documents in one file
        raise PolicyError(f"invalid YAML: {exc}".splitlines()[0], path) from None
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        raise PolicyError("a policy must be a YAML mapping", path, 1)
    lines: dict[Loc, tuple[str, int]] = {}
    if node is not None:
        _node_lines(node, str(path), (), lines)
    return data, lines


# --- merge, paths, digest -------------------------------------------------------------------


def _merge(parent: Any, child: Any) -> Any:
    """Mappings merge key by key; lists and scalars replace."""
    if isinstance(parent, dict) and isinstance(child, dict):
        merged = dict(parent)
        for key, value in child.items():
            merged[key] = _merge(parent[key], value) if key in parent else copy.deepcopy(value)
        return merged
    return copy.deepcopy(child)


def _looks_like_path(value: str) -> bool:
    return value.lower().endswith(DATA_SUFFIXES) and "\n" not in value


def _resolve_paths(value: Any, base: Path, loc: Loc, lines: dict[Loc, tuple[str, int]]) -> Any:
    if isinstance(value, dict):
        return {k: _resolve_paths(v, base, (*loc, k), lines) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve_paths(v, base, (*loc, i), lines) for i, v in enumerate(value)]
    if isinstance(value, str) and _looks_like_path(value):
        path = Path(value) if Path(value).is_absolute() else (base / value)
        if not path.is_file():
            file, line = lines.get(loc, (None, None))
            raise PolicyError(f"file not found: {value} (looked for {path})", file, line)
        return str(path.resolve())
    return value


def _content_digests(value: Any) -> Any:
    """The policy with every path replaced by the hash of the file's content."""
    if isinstance(value, dict):
        return {k: _content_digests(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_content_digests(v) for v in value]
    if isinstance(value, str) and _looks_like_path(value) and Path(value).is_file():
        return "sha256:" + file_digest(value)
    return value


@lru_cache(maxsize=256)
def _file_digest_cached(path: str, mtime_ns: int, size: int) -> str:
    with open(path, "rb") as fh:  # streamed: a large data file is hashed in constant memory
        return hashlib.file_digest(fh, "sha256").hexdigest()


def file_digest(path: str | Path) -> str:
    """sha256 of a file's bytes (cached per path, mtime and size)."""
    st = Path(path).stat()
    return _file_digest_cached(str(path), st.st_mtime_ns, st.st_size)


def _digest(data: dict[str, Any]) -> str:
    canonical = json.dumps(_content_digests(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def policy_paths(value: Any) -> Iterator[str]:
    """Every data file a policy (or a part of one) refers to."""
    if isinstance(value, dict):
        for v in value.values():
            yield from policy_paths(v)
    elif isinstance(value, list):
        for v in value:
            yield from policy_paths(v)
    elif isinstance(value, str) and _looks_like_path(value):
        yield value


# --- loading ----------------------------------------------------------------------------------


def _find(name_or_path: str | Path) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists() or len(candidate.parts) > 1:
        return candidate
    builtin = builtin_dir("policies") / f"{name_or_path}.yaml"
    if not builtin.is_file():
        known = sorted(p.stem for p in builtin_dir("policies").glob("*.yaml"))
        raise PolicyError(f"no built-in policy named {name_or_path!r}; known: {', '.join(known)}")
    return builtin


def _load_raw(path: Path, depth: int = 0, read: list[str] | None = None) -> tuple[dict[str, Any], dict[Loc, tuple[str, int]]]:
    if depth > MAX_EXTENDS_DEPTH:
        raise PolicyError("`extends` nests too deeply (a cycle?)", path)
    data, lines = _read_yaml(path)
    if read is not None:
        read.append(str(path))
    data = _resolve_paths(data, path.parent, (), lines)
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data, lines
    if not isinstance(parent_name, str):
        raise PolicyError("`extends` must name one policy", path, lines.get(("extends",), (None, None))[1])
    parent_path = _find(parent_name) if not Path(parent_name).suffix else path.parent / parent_name
    if parent_path.resolve() == path.resolve():
        raise PolicyError("a policy cannot extend itself", path, lines.get(("extends",), (None, None))[1])
    parent, parent_lines = _load_raw(parent_path, depth + 1, read)
    merged_lines = {**parent_lines, **lines}
    return _merge(parent, data), merged_lines


def load_policy(name_or_path: str | Path = "default") -> Policy:
    """Load a built-in policy by name (`"default"`) or a policy file by path."""
    if isinstance(name_or_path, Policy):
        return name_or_path
    path = _find(name_or_path).resolve()
    read: list[str] = []
    data, lines = _load_raw(path, read=read)
    data.setdefault("id", path.stem)
    if data.get("checkers") is None:  # a section holding only comments
        data["checkers"] = {}
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        file, line = lines.get(loc) or lines.get(loc[:-1]) or (str(path), None)
        raise PolicyError(f"{'.'.join(map(str, loc))}: {err['msg']}", file, line) from None
    for name, options in policy.checkers.items():
        if not isinstance(options, dict):
            file, line = lines.get(("checkers", name), (str(path), None))
            raise PolicyError(f"checkers.{name} must be a mapping of options", file, line)
    policy._path = path
    policy._lines = lines
    policy._files = (*read, *sorted(set(policy_paths(policy.model_dump(mode="json")))))
    policy._digest = _digest(policy.model_dump(mode="json"))
    return policy
