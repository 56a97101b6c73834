"""Interview questions: each page marks its key questions once, where the answer is, as a
collapsible block (`??? question "…？"`, i.e. `<details class="question">`); the question bank
collects them all by section. Independent of MkDocs.

A question gets a stable id from its text (`q-` and 8 hex digits), so links to it survive
edits elsewhere on the page. The bank shows each question collapsed, with a copy of its answer
(links rewritten for the bank's page) and a link back to it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import escape, unescape

from .appendix import move_links, relative_url

_QUESTION = re.compile(r'<details class="question"( open)?>\s*<summary>(.*?)</summary>(.*?)</details>', re.S)
_HEADING = re.compile(r'<h2[^>]*\bid="([^"]*)"[^>]*>(.*?)</h2>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_ID = re.compile(r'\s(?:id|for|name)="[^"]*"')


@dataclass(frozen=True)
class Question:
    id: str  # its id on the page
    title: str  # the question (HTML of the summary)
    answer: str  # HTML of the answer, as rendered on the page
    section_id: str  # the h2 above it ("" when none)
    section_title: str  # its HTML

    @property
    def text(self) -> str:
        return " ".join(unescape(_TAGS.sub("", self.title)).split())


def question_id(text: str) -> str:
    return "q-" + hashlib.sha1(" ".join(text.split()).encode()).hexdigest()[:8]


def mark_questions(html: str) -> tuple[str, list[Question]]:
    """The page's HTML with an id on every question block, and its questions in page order.
    A question asked twice on one page is one question (the second block keeps no id)."""
    found: list[Question] = []
    headings = [(m.start(), m.group(1), _heading_html(m.group(2))) for m in _HEADING.finditer(html)]
    seen: set[str] = set()

    def mark(match: re.Match) -> str:
        is_open, title, answer = match.groups()
        text = " ".join(unescape(_TAGS.sub("", title)).split())
        qid = question_id(text)
        if qid in seen:
            return match.group(0)
        seen.add(qid)
        above = [h for h in headings if h[0] < match.start()]
        section = above[-1][1:] if above else ("", "")
        found.append(Question(qid, title.strip(), answer.strip(), *section))
        return f'<details class="question" id="{qid}"{is_open or ""}><summary>{title}</summary>{answer}</details>'

    return _QUESTION.sub(mark, html), found


def _heading_html(inner: str) -> str:
    """A heading's content without its permalink (math stays marked, for kbmath to render)."""
    inner = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", inner, flags=re.S)
    return re.sub(r"</?a\b[^>]*>", "", inner).strip()  # it goes inside a link


@dataclass(frozen=True)
class PageQuestions:
    section: str  # the navigation section ("" at the top level)
    title: str
    url: str  # site path, e.g. "activations/sigmoid.html"
    questions: tuple[Question, ...]


BANK_SCRIPT = """<script>
document.querySelectorAll(".kb-bank-toggle").forEach(function (button) {
  button.addEventListener("click", function () {
    var open = button.dataset.open === "true";
    document.querySelectorAll(".kb-bank details.question").forEach(function (d) { d.open = open; });
  });
});
</script>"""


def question_bank(pages: list[PageQuestions], page_url: str) -> tuple[str, list[tuple[str, str, int]]]:
    """HTML of the question bank for the page at `page_url`, and its sections as
    (id, title, count) for the table of contents."""
    sections: dict[str, list[PageQuestions]] = {}
    for page in pages:
        if page.questions:
            sections.setdefault(page.section or "首页", []).append(page)
    total = sum(len(p.questions) for p in pages)
    parts = [f'<p class="kb-bank-total">全站共 {total} 道题，来自 {sum(len(g) for g in sections.values())} 个页面。'
             '答案默认折叠：先自己回答，再点开核对。</p>',
             '<p class="kb-bank-controls"><button class="md-button kb-bank-toggle" data-open="false">隐藏全部答案</button> '
             '<button class="md-button kb-bank-toggle" data-open="true">显示全部答案</button></p>',
             '<div class="kb-bank" data-search-exclude="copy">']
    toc = []
    for n, (title, group) in enumerate(sections.items(), 1):
        count = sum(len(p.questions) for p in group)
        sid = f"bank-{n}"
        toc.append((sid, title, count))
        parts.append(f'<h2 id="{sid}">{escape(title)}（{count} 题）'
                     f'<a class="headerlink" href="#{sid}" title="Permanent link">¶</a></h2>')
        for page in group:
            link = relative_url(page.url, page_url)
            parts.append(f'<h3><a href="{link}">{escape(page.title)}</a>（{len(page.questions)} 题）</h3>')
            for q in page.questions:
                answer = _ID.sub("", move_links(q.answer, page.url, page_url))
                back = (f'<p class="kb-bank-source"><a href="{link}#{q.id}">在原页查看'
                        f'{"（" + q.section_title + "）" if q.section_title else ""}</a></p>')
                parts.append(f'<details class="question"><summary>{q.title}</summary>{answer}{back}</details>')
    parts.append("</div>")
    parts.append(BANK_SCRIPT)
    return "\n".join(parts), toc
