"""Rules as data: every rule a checker (or the pipeline) can report, read from a `rules.yaml`.

Each checker package ships a `rules.yaml` beside its code (Vale-style: one short entry a rule,
edited by people who do not program):

    rules:
      ads/commercial_ad:
        severity: error                 # info | warning | error (the default; policies may override)
        label: 商业广告                   # short Chinese name, shown in reports
        legal_basis: 办法第十八条
        message: 含商业广告内容……          # template of the finding's message: {placeholders}
        suggestion: 删除广告内容……
        description: 多项广告信号……         # what it catches, for `review-pipeline rules explain`
        personal_data: false            # true: its matches are personal data, masked everywhere

An id may be a pattern (`sensitive/*`, `tiers/major_*`) standing for ids made from data (a word
list's categories). The pipeline refuses, at build time, a rules file that names another
checker's ids, and fails closed on a finding whose rule its checker did not declare.
"""

from __future__ import annotations

import fnmatch
import string
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from review_pipeline.limits import safe_loader
from review_pipeline.models import Finding, Severity

RULES_FILE = "rules.yaml"


class RuleError(ValueError):
    """A rules file that cannot be used: names the file and the rule."""


class RuleInfo(BaseModel):
    """One rule: its id, default severity, legal basis, and the texts an editor reads."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    severity: Severity
    legal_basis: str | None = None
    label: str = ""
    description: str = ""
    message: str = ""
    suggestion: str | None = None
    personal_data: bool = False
    overridable: bool = True  # False: a policy can neither switch it off nor lower it

    @property
    def is_pattern(self) -> bool:
        return any(ch in self.rule for ch in "*?[")

    def matches(self, rule_id: str) -> bool:
        """Whether `rule_id` is this rule (or, for a pattern, one of the ids it stands for)."""
        return rule_id == self.rule or (self.is_pattern and fnmatch.fnmatchcase(rule_id, self.rule))

    def render_message(self, **params: Any) -> str:
        """The message template filled with `params` (missing names are an error in the rules file)."""
        return _render(self.message, self.rule, params)

    def render_suggestion(self, **params: Any) -> str | None:
        return _render(self.suggestion, self.rule, params) if self.suggestion else None

    def explain(self) -> str:
        """The documentation `review-pipeline rules explain` prints."""
        lines = [f"{self.rule}  {self.label}".rstrip(), ""]
        lines.append(f"默认级别 severity: {self.severity}")
        if self.legal_basis:
            lines.append(f"依据 legal basis: {self.legal_basis}")
        if self.personal_data:
            lines.append("个人信息 personal data: 是（所有输出中遮蔽）")
        if not self.overridable:
            lines.append("不可由政策关闭或降级 (not overridable)")
        if self.description:
            lines += ["", self.description.strip()]
        if self.message:
            lines += ["", f"提示 message: {self.message.strip()}"]
        if self.suggestion:
            lines.append(f"建议 suggestion: {self.suggestion.strip()}")
        return "\n".join(lines) + "\n"


def _render(template: str | None, rule: str, params: Mapping[str, Any]) -> str:
    if not template:
        return ""
    try:
        return template.format_map(params)
    except (KeyError, IndexError, ValueError) as exc:
        raise RuleError(f"rule {rule}: message template needs {exc}") from None


def _fields_of(template: str | None) -> set[str]:
    if not template:
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class RuleBook:
    """The rules of one owner (a checker name, or `pipeline`), looked up by id."""

    def __init__(self, owner: str, rules: Iterable[RuleInfo]) -> None:
        self.owner = owner
        self.rules = list(rules)
        self._exact: dict[str, RuleInfo | None] = {r.rule: r for r in self.rules if not r.is_pattern}
        self._patterns = [r for r in self.rules if r.is_pattern]

    def __iter__(self) -> Iterator[RuleInfo]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> RuleInfo | None:
        """The rule `rule_id` is (an exact entry first, else the first pattern that covers it)."""
        try:
            return self._exact[rule_id]
        except KeyError:  # first time: resolve the pattern once, remember the answer
            found = self._exact[rule_id] = next((r for r in self._patterns if r.matches(rule_id)), None)
            return found

    def __getitem__(self, rule_id: str) -> RuleInfo:
        found = self.get(rule_id)
        if found is None:
            raise KeyError(f"{self.owner} declares no rule {rule_id!r}")
        return found

    def finding(
        self,
        rule_id: str,
        *,
        start: int,
        end: int,
        field: str = "text",
        category: str | None = None,
        params: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> Finding:
        """A finding of `rule_id` with severity, legal basis, message and suggestion from the
        rules file (templates filled from `params`); `fields` override any of them."""
        rule = self[rule_id]
        values = dict(params or {})
        data: dict[str, Any] = {
            "checker": self.owner,
            "rule": rule_id,
            "category": category or rule_id.split("/", 1)[-1],
            "severity": rule.severity,
            "field": field,
            "start": start,
            "end": end,
            "message": rule.render_message(**values),
            "suggestion": rule.render_suggestion(**values),
            "legal_basis": rule.legal_basis,
        }
        data.update(fields)
        return Finding(**data)


def parse_rules(data: Any, where: str) -> list[RuleInfo]:
    """Rules from the parsed YAML of a rules file; errors name `where` and the rule."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), dict):
        raise RuleError(f"{where}: expected a mapping `rules:` of rule id -> fields")
    out = []
    for rule_id, fields in data["rules"].items():
        if not isinstance(fields, dict):
            raise RuleError(f"{where}: rule {rule_id}: expected a mapping of fields")
        try:
            out.append(RuleInfo(rule=str(rule_id), **fields))
        except ValidationError as exc:
            err = exc.errors()[0]
            raise RuleError(f"{where}: rule {rule_id}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
    return out


@cache
def load_rules(package: str) -> tuple[RuleInfo, ...]:
    """The rules of a package's `rules.yaml` (read once per process)."""
    source = resources.files(package).joinpath(RULES_FILE)
    where = f"{package.replace('.', '/')}/{RULES_FILE}"
    try:
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=safe_loader())
    except FileNotFoundError:
        raise RuleError(f"{where}: missing") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"{where}: not valid YAML ({exc})") from None
    return tuple(parse_rules(data, where))


def load_rules_file(path: str | Path) -> list[RuleInfo]:
    """Rules from a file path (a city's own checker, or a test)."""
    p = Path(path)
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=safe_loader())
    except yaml.YAMLError as exc:
        raise RuleError(f"{p}: not valid YAML ({exc})") from None
    return parse_rules(data, str(p))


def validate_rulebook(book: RuleBook, taken: dict[str, str] | None = None) -> None:
    """Refuse a rule list that cannot be trusted: an id declared twice (here, or by another
    checker of the same pipeline: `taken` maps ids to owners), a placeholder that is not a name."""
    seen: set[str] = set()
    for rule in book.rules:
        if "/" not in rule.rule:
            raise RuleError(f"checker {book.owner!r} declares rule {rule.rule!r}: ids are family/name")
        if rule.rule in seen:
            raise RuleError(f"checker {book.owner!r} declares rule {rule.rule!r} twice")
        seen.add(rule.rule)
        if taken is not None:
            other = taken.setdefault(rule.rule, book.owner)
            if other != book.owner:
                raise RuleError(f"checkers {other!r} and {book.owner!r} both declare rule {rule.rule!r}")
        for name in _fields_of(rule.message) | _fields_of(rule.suggestion):
            if not name.isidentifier():
                raise RuleError(f"rule {rule.rule}: placeholder {{{name}}} is not a plain name")


PIPELINE_RULES = "review_pipeline"  # the package whose rules.yaml holds pipeline/* and waivers/*


def pipeline_rules() -> RuleBook:
    """The rules the core itself reports (fail-closed findings, waiver problems)."""
    return RuleBook("pipeline", load_rules(PIPELINE_RULES))
