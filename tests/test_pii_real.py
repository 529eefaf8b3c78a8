"""The real-text PII set (tests/data/pii_real/): the file is well formed, split by host, spans
sit inside their texts; and the dev figures stay at or above the floor reached (RUBRIC.md)."""

from __future__ import annotations

import json
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from benchmarks.evalkit import host_of, real_cases, split_for_url
from benchmarks.pii_real import NUMBER_ENTITIES, evaluate, figures, pii_pipeline

from review_pipeline.checkers.pii.recognizers import ENTITIES

CASES = Path(__file__).parent / "data" / "pii_real" / "cases.jsonl"
FIELDS = {"id", "url", "seen", "split", "text", "label", "note"}
CONTEXTS = {"private", "public", "none"}

# regression floors on dev, slightly below the figures reached (benchmarks/pii_real.py)
# (issue 19 round 3, with its 40 new dev passages: PERSON 0.955 / 0.940, numbers and addresses
# 1.000 / 1.000, 24 leaks, all of them names no finder reads)
# (issue 19 round 4, with its 37 new dev passages (pii-r4-*, fresh-7), the base code scored them
# PERSON 0.935 / 0.924, numbers 1.000 / 0.923, 39 leaks; reached: PERSON 0.969 / 0.944, numbers
# 1.000 / 1.000, 28 leaks, all of them names no finder reads)
# (issue 19 round 5, with its 45 new dev passages (probe-5 and fresh-8 from 45 new hosts), the base
# code scored dev PERSON 0.948 / 0.943 with 34 leaks; reached: PERSON 0.969 / 0.950, numbers
# 1.000 / 1.000, 30 leaks, all of them names no finder reads)
# (issue 19 round 6, with its 64 new dev passages (probe-6 and fresh-9 from 64 new hosts), the base
# code scored dev PERSON 0.923 / 0.946, numbers 0.941 / 1.000 (a taxi company's plate), ADDRESS
# 0.900 / 0.900, 37 leaks; reached: PERSON 0.964 / 0.949, ADDRESS 1.000 / 0.900, 35 leaks)
# (issue 19 round 7, with its 45 new dev passages (probe-7 and fresh-10 from new hosts), the base
# code scored dev PERSON 0.954 / 0.946, numbers 0.889 / 1.000 (taxi plates), ADDRESS 1.000 / 0.900,
# 40 leaks; reached: PERSON 0.963 / 0.964, numbers 1.000 / 1.000, ADDRESS 1.000 / 0.900, 27 leaks)
# (issue 19 round 8, with its 47 new dev passages (dev-13 and fresh-11 from new hosts), the base
# code scored dev PERSON 0.947 / 0.963 (an honour-roll page's 13 profiled names read as private),
# numbers 0.941 / 1.000 (a masked credit code after 身份证件号码), 31 leaks; reached: PERSON 0.946 /
# 0.968, numbers 1.000 / 1.000, ADDRESS 1.000 / 0.900, 27 leaks)
# (issue 19 round 9, with the 16 dev passages of the blind batch fresh-12 (new hosts, labelled
# before any run), the base code scored dev PERSON 0.946 / 0.959, 36 leaks (9 of them fresh-12's:
# veterans' names with 老/人 given-name characters, traditional pages); reached: PERSON 0.948 /
# 0.960, numbers 1.000 / 1.000, 35 leaks (court officers in role, a name before 老兵))
PERSON_PRECISION, PERSON_RECALL = 0.94, 0.955
NUMBER_PRECISION, NUMBER_RECALL = 0.95, 0.95
ADDRESS_PRECISION, ADDRESS_RECALL = 0.9, 0.85
MAX_DEV_LEAKS = 35
# PERSON findings on the dev posts of the other families' real sets (benchmarks/pii_probe.py):
# 328 before issue 19 round 2, 148 after on the sets of that day; 181 once the same round's new
# ads/tiers/tone/engagement dev cases (more posts, some naming real people) were merged. A ceiling
# slightly above, so false names cannot creep back; raise it only when those sets grow.
# 193 after issue 20 round 3 added tone/engagement dev rows (commentary naming public figures):
# tone 173->198 and engagement 184->214 dev posts; +14 after the tiers set grew by the probe
# dev-8 and fresh-6 (59 dev posts from county accounts: forecasters, crash victims, officials): 208.
# Round 3 of issue 19 took one off on the sets of its day (181 -> 180); with all three: 207.
# Issue 16 round 3 added 99 ads dev posts (news, consumer and clinic pages naming people): 240.
# The repost set's fresh batches added 48 dev posts (reporters' bylines and names): 255.
# Issue 20 round 7 (58 tone and engagement dev posts), repost round 4 (53 dev posts with reporters'
# bylines and credits), issue 18 round 4 (70 tiers dev posts: police notices naming drivers and
# suspects, officials in accountability circulars) and issue 16 round 4 (88 ads dev posts naming
# county heads, reporters, consumers) grew the sets; round 4 of issue 19 (given-name character
# statistics, pseudonyms, places the post names) cut the false names: 277 on merged main.
# Round 5 (place and facility endings, quoted terms, rosters, credit lines, ambiguous surnames
# with a verb): 263; the other families' dev sets grew this session with new hosts (tone 70,
# repost 74, engagement 60, tiers 63, ads 73 dev posts: bylines, credits and names in news): 307.
# Round 6 (layout credits and bulleted author lines, dashed photo credits, delegations and
# speeches of officials, one-character given names names seldom use): 287, all 20 dropped findings
# false (bylines, officials in role, words); of the 287, real private persons in news stories,
# bylines and officials the finder cannot tell, and some 60 surname-initial words. A word quoted
# alone with no person's role before the quote (“封城”, “索赞”, “杜苏芮”): 274. The same session's
# repost, ads and other rounds added dev posts from new hosts (people in the news, credits):
# 334 on main; tone round 10 added 85 dev posts from new hosts (the dev-12 probe and fresh-10:
# reports, blogs and fiction naming officials, netizens and characters): 348 merged.
# The repost round 7 added 59 dev posts from new hosts (reporters' and correspondents' bylines, people in the news):
# 352 counted with main's PII and engagement changes merged (main alone: 337, count 334 before the engagement merge).
# Issue 16 round 7 added 80 ads dev posts from new hosts (news naming consumers, shop owners, officials): 365.
# The sensitive round 7 (dev-12, fresh-10) added 5 right ones: a police officer, a foreign actress, three interview recorders.
# Round 7 of issue 19 (a bracket of names after a news dateline, of spaced newsroom credits): 354 merged.
# The tiers round 7 added 55 dev posts from new hosts (officials at visits and meetings, people in police
# notices): 10 more person findings, 362 with main merged (no PII code changed).
# All seven round-7 branches merged: 388 (each round added dev posts from new hosts that name people).
# The repost round 8 added 48 dev posts from new hosts (dev-13, fresh-11: reporters' bylines, officials, people in
# the news): 23 more person findings, 411 (no PII code changed).
# The tiers round 8 added 59 dev posts from new hosts (dev-13, fresh-11: officials, patients named in
# rescue stories): 2 more person findings, 393 (no PII code changed).
# Issue 16 round 8 added 39 ads dev posts from new hosts (a treatment page, terms of service): 6 more, 394.
# All round-8 branches merged (repost, tiers, ads, tone, engagement, sensitive dev posts added): 443.
# Round 9 of the tenth session: the tiers, repost, tone and sensitive sets grew by 109 dev posts from new hosts
# (reporters' and editors' credits, officials, players, villagers named 某某), 443 -> 479 on the merged code with
# only the PII lexicon changes of the round (court officers in role, a name before 老兵).
MAX_PROBE_PERSONS = 482


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_fields_urls_and_ids(rows: list[dict]) -> None:
    assert len(rows) >= 250
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert set(row) >= FIELDS, row["id"]
        assert row["url"].startswith(("http://", "https://")) and host_of(row["url"])
        assert row["seen"] in ("2026-11-30", "2026-12-01") and row["text"].strip()  # round 7 rows: 2026-12-01
        assert row["label"]["context"] in CONTEXTS


def test_split_follows_the_host(rows: list[dict]) -> None:
    for row in rows:
        assert row["split"] == split_for_url(row["url"]), row["id"]
    hosts_by_split: dict[str, set[str]] = {"dev": set(), "test": set()}
    for row in rows:
        hosts_by_split[row["split"]].add(host_of(row["url"]))
    assert not hosts_by_split["dev"] & hosts_by_split["test"]
    assert real_cases("pii", "dev") and real_cases("pii", "test")


def test_no_host_dominates(rows: list[dict]) -> None:
    most = Counter(host_of(r["url"]) for r in rows).most_common(1)[0][1]
    assert most <= max(10, len(rows) * 5 // 100)


def test_spans_are_inside_their_text_and_do_not_overlap(rows: list[dict]) -> None:
    for row in rows:
        spans = sorted((s["start"], s["end"], s["entity"]) for s in row["label"]["spans"])
        for start, end, entity in spans:
            assert entity in ENTITIES, row["id"]
            assert 0 <= start < end <= len(row["text"]), row["id"]
            assert row["text"][start:end].strip() == row["text"][start:end], row["id"]
        for (_, end, _), (start, _, _) in pairwise(spans):
            assert end <= start, row["id"]
        if row["label"]["context"] == "none":
            assert not any(s["entity"] == "PERSON" for s in row["label"]["spans"]), row["id"]


def test_dev_figures_stay_above_the_floor() -> None:
    counts = evaluate(pii_pipeline(), real_cases("pii", "dev"))
    person = figures(counts, {"PERSON"})
    numbers = figures(counts, NUMBER_ENTITIES)
    address = figures(counts, {"ADDRESS"})
    assert person["precision"] >= PERSON_PRECISION and person["recall"] >= PERSON_RECALL, person
    assert numbers["precision"] >= NUMBER_PRECISION and numbers["recall"] >= NUMBER_RECALL, numbers
    assert address["precision"] >= ADDRESS_PRECISION and address["recall"] >= ADDRESS_RECALL, address
    assert counts["leaks"] <= MAX_DEV_LEAKS


def test_person_findings_on_other_families_posts_stay_below_the_ceiling() -> None:
    from benchmarks.pii_probe import probe

    assert sum(probe(quiet=True).values()) <= MAX_PROBE_PERSONS


def test_round_three_and_fresh_six_come_from_new_hosts(rows: list[dict]) -> None:
    """Issue 19 round 3 (pii-r3-*) and its blind batch fresh-6 (pii-f6-*): one passage per host,
    hosts of no earlier round; the blind batch is marked as such."""
    this_round = [r for r in rows if r["id"].startswith(("pii-r3-", "pii-f6-"))]
    earlier = {host_of(r["url"]) for r in rows if not r["id"].startswith(("pii-r3-", "pii-f6-"))}
    hosts = [host_of(r["url"]) for r in this_round]
    assert len(this_round) >= 45 and len(hosts) == len(set(hosts)) and not set(hosts) & earlier
    assert all((r.get("batch") == "fresh-6") == r["id"].startswith("pii-f6-") for r in this_round)


def test_leak_report_classes_every_leak() -> None:
    """benchmarks/pii_real.py --leaks: each labelled value left in Verdict.redacted gets a class."""
    from benchmarks.pii_real import LEAK_CLASSES, leak_report

    rows = [r for r in real_cases("pii", "dev") if r["id"].startswith("pii-r3-")]
    classes = leak_report(pii_pipeline(), rows)
    assert all(entity in ENTITIES and why in LEAK_CLASSES for entity, why in classes)


def test_round_four_and_fresh_seven_come_from_new_hosts(rows: list[dict]) -> None:
    """Issue 19 round 4 (pii-r4-*) and its blind batch fresh-7 (pii-f7-*): one passage per host,
    hosts of no earlier round; the blind batch is marked as such (RUBRIC §11)."""
    this_round = [r for r in rows if r["id"].startswith(("pii-r4-", "pii-f7-"))]
    earlier = {host_of(r["url"]) for r in rows if not r["id"].startswith(("pii-r4-", "pii-f7-"))}
    hosts = [host_of(r["url"]) for r in this_round]
    assert len(this_round) >= 55 and len(hosts) == len(set(hosts)) and not set(hosts) & earlier
    assert all((r.get("batch") == "fresh-7") == r["id"].startswith("pii-f7-") for r in this_round)
    assert sum(r.get("batch") == "fresh-7" for r in this_round) >= 20


def test_round_five_and_fresh_eight_come_from_new_hosts(rows: list[dict]) -> None:
    """Issue 19 round 5: the new-host probe (pii-r5-*, batch probe-5) and the blind batch fresh-8
    (pii-f8-*): one passage per host, hosts of no earlier round, labelled before the checker ran
    on them (RUBRIC §12)."""
    this_round = [r for r in rows if r["id"].startswith(("pii-r5-", "pii-f8-"))]
    earlier = {host_of(r["url"]) for r in rows if not r["id"].startswith(("pii-r5-", "pii-f8-"))}
    hosts = [host_of(r["url"]) for r in this_round]
    assert len(this_round) >= 60 and len(hosts) == len(set(hosts)) and not set(hosts) & earlier
    assert all(r.get("batch") == ("fresh-8" if r["id"].startswith("pii-f8-") else "probe-5") for r in this_round)
    assert sum(r.get("batch") == "fresh-8" for r in this_round) >= 19


def test_round_six_probe_and_fresh_nine_come_from_new_hosts(rows: list[dict]) -> None:
    """Issue 19 round 6: the new-host probe (pii-r6-*, batch probe-6, each with its kind of page)
    and the blind batch fresh-9 (pii-f9-*): one passage per host, hosts of no earlier round,
    labelled before the checker ran on them (RUBRIC §13)."""
    this_round = [r for r in rows if r["id"].startswith(("pii-r6-", "pii-f9-"))]
    earlier = {host_of(r["url"]) for r in rows if not r["id"].startswith(("pii-r6-", "pii-f9-"))}
    hosts = [host_of(r["url"]) for r in this_round]
    assert len(this_round) >= 80 and len(hosts) == len(set(hosts)) and not set(hosts) & earlier
    assert all(r.get("batch") == ("fresh-9" if r["id"].startswith("pii-f9-") else "probe-6") for r in this_round)
    assert sum(r.get("batch") == "fresh-9" for r in this_round) >= 25
    assert all(r.get("page_kind") for r in this_round if r["batch"] == "probe-6")


def test_figures_per_kind_of_page_cover_the_probe() -> None:
    """benchmarks/pii_real.py --kinds: every passage with a kind of page is counted once."""
    from benchmarks.pii_real import report_kinds

    rows = [r for r in real_cases("pii", "dev") if r.get("page_kind")]
    kinds = report_kinds(pii_pipeline(), rows)
    assert sum(n for n, _ in kinds.values()) == len(rows) and "commendation" in kinds


def test_round_seven_probe_and_fresh_ten_come_from_new_hosts(rows: list[dict]) -> None:
    """Issue 19 round 7: the new-host probe (pii-r7-*, batch probe-7, each with its kind of page:
    court, credit lists, petitions, mailboxes, hotlines, relief tables, epidemic and community
    notices) and the blind batch fresh-10 (pii-f10-*): hosts of no earlier round, at most two
    passages a host, labelled before the checker ran on them (RUBRIC §14)."""
    this_round = [r for r in rows if r["id"].startswith(("pii-r7-", "pii-f10-"))]
    earlier = {host_of(r["url"]) for r in rows if not r["id"].startswith(("pii-r7-", "pii-f10-"))}
    hosts = [host_of(r["url"]) for r in this_round]
    assert len(this_round) >= 60 and max(hosts.count(h) for h in hosts) <= 2 and not set(hosts) & earlier
    assert all(r.get("batch") == ("fresh-10" if r["id"].startswith("pii-f10-") else "probe-7") for r in this_round)
    assert sum(r.get("batch") == "fresh-10" for r in this_round) >= 25
    assert all(r.get("page_kind") for r in this_round if r["batch"] == "probe-7")


def test_round_eight_probe_and_fresh_eleven_come_from_new_hosts(rows: list[dict]) -> None:
    """Issue 19 round 8: the new-host probe (pii-r8-*, batch dev-13, each with its kind of page:
    enforcement, court and penalty headers, relief stations and visits, lost property, missing
    people, good deeds, rescues, veterans, an honour roll) and the blind batch fresh-11
    (pii-f11-*): one passage per host, hosts of no earlier round, labelled before the checker ran
    on them (RUBRIC §15)."""
    this_round = [r for r in rows if r["id"].startswith(("pii-r8-", "pii-f11-"))]
    earlier = {host_of(r["url"]) for r in rows if not r["id"].startswith(("pii-r8-", "pii-f11-"))}
    hosts = [host_of(r["url"]) for r in this_round]
    assert len(this_round) >= 60 and len(hosts) == len(set(hosts)) and not set(hosts) & earlier
    assert all(r.get("batch") == ("fresh-11" if r["id"].startswith("pii-f11-") else "dev-13") for r in this_round)
    assert sum(r.get("batch") == "fresh-11" for r in this_round) >= 20
    assert all(r.get("page_kind") for r in this_round)


def test_round_nine_fresh_twelve_comes_from_new_hosts(rows: list[dict]) -> None:
    """Issue 19 round 9: the blind batch fresh-12 (pii-f12-*, each with its kind of page: a
    missing disabled girl, mailbox replies, wage arrears, masked judgments, poor students' help
    line with mobiles in hyphen groups, veterans visited at home): one passage per host, hosts of
    no earlier round, labelled before the checker ran on them (RUBRIC §16)."""
    this_round = [r for r in rows if r["id"].startswith("pii-f12-")]
    earlier = {host_of(r["url"]) for r in rows if not r["id"].startswith("pii-f12-")}
    hosts = [host_of(r["url"]) for r in this_round]
    assert len(this_round) >= 20 and len(hosts) == len(set(hosts)) and not set(hosts) & earlier
    assert all(r.get("batch") == "fresh-12" and r.get("page_kind") for r in this_round)
