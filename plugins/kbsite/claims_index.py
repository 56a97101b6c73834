"""The claims index: every claim of the site, from the build's own results — its statement, kind,
status and a link to the block that checks it — grouped by section, with counts. Independent
of MkDocs. What a claim is, and its statement, is the engine's (`kbexec.claims`).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from kbexec.claims import Claim, ClaimKind
from kbexec.model import Status

from .appendix import relative_url

KIND = {ClaimKind.ASSERT: "断言", ClaimKind.DOCTEST: "doctest 示例"}
STATUS = {Status.PASSED: "✓ 通过", Status.FAILED: "✗ 失败", Status.NOT_RUN: "– 未运行"}


@dataclass(frozen=True)
class PageClaims:
    """One page's claims and computed values, with their status in this build."""
    section: str  # the navigation section ("" at the top level)
    title: str
    url: str  # site path of the page, e.g. "activations/sigmoid.html"
    claims: tuple[tuple[Claim, Status], ...]  # in page order; values included
    outputs: dict[str, str]  # block name of a value -> its text
    anchors: dict[str, str]  # block name -> the id it has in the page (blocks that show something)

    @property
    def counted(self) -> list[tuple[Claim, Status]]:
        return [(c, s) for c, s in self.claims if c.counted]

    @property
    def values(self) -> list[Claim]:
        return [c for c, _ in self.claims if not c.counted]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    pages: tuple[PageClaims, ...]

    @property
    def total(self) -> int:
        return sum(len(p.counted) for p in self.pages)


def sections_of(pages: list[PageClaims]) -> list[Section]:
    """Pages with claims, grouped by section in navigation order."""
    order: dict[str, list[PageClaims]] = {}
    for page in pages:
        if page.claims:
            order.setdefault(page.section, []).append(page)
    return [Section(f"claims-{n}", title or "首页", tuple(group)) for n, (title, group) in enumerate(order.items(), 1)]


def claims_index(pages: list[PageClaims], page_url: str) -> str:
    """HTML of the index for the page at `page_url`."""
    sections = sections_of(pages)
    every = [s for p in pages for _, s in p.counted]
    values = sum(len(p.values) for p in pages)
    parts = [f'<p class="kb-claims-total">本次构建共检查 {len(every):,} 条结论：'
             f"{every.count(Status.PASSED):,} 条通过，{every.count(Status.FAILED):,} 条失败，"
             f"{every.count(Status.NOT_RUN):,} 条未运行；另有 {values:,} 个正文里的数值由代码算出（不计入结论）。</p>"]
    for section in sections:
        parts.append(f'<h2 id="{section.id}">{escape(section.title)}（{section.total:,} 条）'
                     f'<a class="headerlink" href="#{section.id}" title="Permanent link">¶</a></h2>')
        rows = []
        for page in section.pages:
            link = relative_url(page.url, page_url)
            for claim, status in page.counted:
                where = f"{escape(page.title)} · 第 {claim.line} 行"
                target = page.anchors.get(claim.block.name)
                rows.append(f'<tr class="kb-claim-{status.name.lower()}"><td>{escape(claim.statement)}</td>'
                            f"<td>{KIND[claim.kind]}</td><td>{STATUS[status]}</td>"
                            f'<td><a href="{link}{"#" + target if target else ""}">{where}</a></td></tr>')
        # a class-less table gets the theme's table style; the wrapper is ours (and not searched:
        # every statement stands next to its check, on its page)
        parts.append('<div class="kb-claims" data-search-exclude="copy"><table><thead><tr><th>结论</th>'
                     "<th>类型</th><th>状态</th><th>位置</th></tr></thead><tbody>" + "".join(rows)
                     + "</tbody></table></div>")
        listed = [(page, c) for page in section.pages for c in page.values]
        if listed:
            items = "".join(f'<li><a href="{relative_url(page.url, page_url)}#{page.anchors.get(c.block.name, "")}">'
                            f"{escape(page.title)}</a>：<code>{escape(c.statement)}</code> = "
                            f"{escape(page.outputs.get(c.block.name, ''))}</li>" for page, c in listed)
            parts.append(f'<details class="note" data-search-exclude="copy"><summary>本节正文中由代码算出的数值'
                         f"（{len(listed):,} 个）</summary><ul>{items}</ul></details>")
    return "\n".join(parts)
