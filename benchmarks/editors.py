"""Editors' workflow benchmark: read drafts (md, html, docx) and render every output format.

Posts come from `benchmarks.corpus.posts` (People's Daily prose); each is written as Markdown
with front matter and emphasis, as a WeChat-like HTML article and as a .docx, then read back
with exact source maps. Writers render verdicts with synthetic findings (one every ~80 chars).

Usage: .venv/bin/python benchmarks/editors.py [--posts 300]
"""

from __future__ import annotations

import argparse
import html
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import posts
from review_pipeline.io.readers import draft_from_bytes
from review_pipeline.io.writers import RENDERERS, Reviewed
from review_pipeline.models import Finding, PolicyRef, Verdict, decide


def as_markdown(post: dict[str, str]) -> bytes:
    paras = post["text"].split("\n")
    body = "\n\n".join(f"**{p[:6]}**{p[6:]}" if i % 2 else p for i, p in enumerate(paras))
    return f"---\ntitle: {post['title']}\naccount: {post['account']}\n---\n# {post['title']}\n\n{body}\n".encode()


def as_html(post: dict[str, str]) -> bytes:
    paras = "".join(f'<p><span style="font-size:15px">{html.escape(p)}</span></p>\n' for p in post["text"].split("\n"))
    head = f'<meta property="og:title" content="{html.escape(post["title"])}"><script>var x=1;</script>'
    return f"<html><head>{head}</head><body><div id=\"js_content\">{paras}</div></body></html>".encode()


def as_docx(post: dict[str, str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(post["title"], style="Title")
    for p in post["text"].split("\n"):
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def findings_for(text: str) -> list[Finding]:
    return [
        Finding(checker="bench", rule="bench/hit", category="bench", severity="warning", start=i, end=i + 2,
                excerpt=text[i : i + 2], message="基准测试", fingerprint=f"{i:020d}")
        for i in range(0, max(len(text) - 2, 0), 80)
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=300)
    args = parser.parse_args()
    sample = list(posts(args.posts, seed=8))
    chars = sum(len(p["text"]) for p in sample)
    print(f"{len(sample)} posts, {chars} characters")
    drafts = {}
    for fmt, make in (("md", as_markdown), ("html", as_html), ("docx", as_docx)):
        files = [make(p) for p in sample]
        started = time.perf_counter()
        drafts[fmt] = [draft_from_bytes(data, f"post.{fmt}") for data in files]
        ms = (time.perf_counter() - started) * 1000
        print(f"read {fmt:<5} {ms / len(files):7.2f} ms/post  {chars / ms * 1000 / 1e6:6.2f} M chars/s")
    policy = PolicyRef(id="bench", version="1", digest="sha256:0")
    reviewed = []
    for d in drafts["md"]:
        found = findings_for(d.document.text)
        verdict = Verdict(decision=decide(found), findings=found, policy=policy)
        reviewed.append(Reviewed("post.md", d.locate(verdict), d.document, d.end_position))
    n = sum(len(r.verdict.findings) for r in reviewed)
    for fmt, render in RENDERERS.items():
        started = time.perf_counter()
        render(reviewed, io.StringIO())
        ms = (time.perf_counter() - started) * 1000
        print(f"write {fmt:<6} {ms / n * 1000:7.1f} µs/finding ({n} findings)")


if __name__ == "__main__":
    main()
