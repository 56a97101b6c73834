"""Claims: an assert with a message (its statement) or a doctest example; each linked from the
claims index, with its status in the build; bare asserts and inline values are not counted."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT
from kbexec.claims import ClaimKind, claims_of, statuses
from kbexec.model import BlockResult, Failure, Status
from kbexec.parser import parse_page
from kbexec.project import Project

PAGE = '''\
```python exec
x = 1
assert x == 1, "x 是 1"
assert x > 0
assert x < 2, f"x 小于 {2 * 1}"
```

```python exec
>>> x + 1  # doctest: +NUMBER
2
>>> x * 3  # 三倍仍是 3
3
```

正文里的值 `=x:.2f`。
'''


def blocks():
    return parse_page(PAGE, "docs/p.md", Path("/tmp")).blocks


def test_asserts_with_a_message_and_doctest_examples_are_claims_with_their_statements():
    code, doctest, value = blocks()
    assert [(c.line, c.kind, c.statement) for c in claims_of(code)] == [
        (3, ClaimKind.ASSERT, "x 是 1"), (5, ClaimKind.ASSERT, "x 小于 {2 * 1}")]  # `assert x > 0` guards
    assert [(c.line, c.statement) for c in claims_of(doctest)] == [(9, "x + 1 → 2"), (11, "三倍仍是 3")]
    assert [(c.kind, c.statement, c.counted) for c in claims_of(value)] == [(ClaimKind.VALUE, "x:.2f", False)]
    assert [b.claims for b in blocks()] == [2, 2, 0]


def test_a_claim_failed_at_its_line_the_ones_before_passed_and_the_ones_after_did_not_run():
    code = blocks()[0]
    failed = BlockResult(code, Status.FAILED, failure=Failure("docs/p.md", 5, "AssertionError: x 小于 2"))
    assert [s for _, s in statuses(failed)] == [Status.PASSED, Status.FAILED]
    early = BlockResult(code, Status.FAILED, failure=Failure("docs/p.md", 2, "NameError: …"))
    assert [s for _, s in statuses(early)] == [Status.NOT_RUN, Status.NOT_RUN]
    assert [s for _, s in statuses(BlockResult(code, Status.NOT_RUN))] == [Status.NOT_RUN] * 2


def site_claims():
    project = Project.from_mkdocs_yml(ROOT / "mkdocs.yml")
    documents = [project.parse(p) for p in sorted(project.docs_dir.rglob("*")) if project.is_page(p)]
    return [c for d in documents for b in d.blocks for c in claims_of(b) if c.counted]


def test_every_claim_of_the_site_has_a_statement():
    empty = [f"{c.block.code_path}:{c.line}" for c in site_claims() if not c.statement.strip()]
    assert empty == [], "write what the check claims: assert cond, \"说明\" (or a comment on the >>> line)"


def test_the_index_lists_exactly_the_claims_of_the_site_with_the_builds_counts(real_site):
    import json

    report = json.loads((real_site.directory / "assets" / "kbexec-report.json").read_text(encoding="utf-8"))
    index = (real_site.directory / "appendix" / "claims.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="kb-claim-(\w+)"><td>(.*?)</td>', index)
    assert len(rows) == report["claims"] == len(site_claims())
    assert {status for status, _ in rows} == {"passed"}  # the site builds: every claim holds
    total = re.search(r"本次构建共检查 ([\d,]+) 条结论：([\d,]+) 条通过", index)
    assert total and total.group(1) == total.group(2) == f"{report['claims']:,}"
    sections = [int(n) for n in re.findall(r'<h2 id="claims-\d+">[^<]*（(\d+) 条）', index)]
    assert sum(sections) == report["claims"]
    home = (real_site.directory / "index.html").read_text(encoding="utf-8")
    assert f"{report['claims']:,} 条结论" in home and 'href="appendix/claims.html"' in home
