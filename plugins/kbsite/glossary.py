"""The bilingual glossary: one data file of terms (`data/glossary.yml`), each with its Chinese
and English names, abbreviation, a one-line definition and the page and anchor that define it.
Independent of MkDocs. From it come:

- the glossary page (`glossary_table`), sortable by pinyin or English in the browser;
- on every page, the first occurrence of each term linked to its definition, and every
  abbreviation with a tooltip (`link_terms`);
- on each defining page, a box of the terms it defines with their English names, which is
  also what lets search find the page by the English term or the abbreviation (`terms_box`);
- a search entry for each term, at its definition (`term_entries`), so that search ranks the
  defining page first for the term in Chinese, in English and as an abbreviation;
- jieba's user dictionary, so search segments the terms whole (`jieba_dictionary`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from html import escape
from pathlib import Path

from .appendix import relative_url
from .datafile import DataError, load_yaml, sub_outside

FIELDS = {"zh", "en", "abbr", "also", "def", "page", "anchor"}
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Term:
    zh: str
    en: str
    abbr: str
    also: tuple[str, ...]
    definition: str
    page: str  # relative to docs/, e.g. "gradients/vanishing-exploding.md"
    anchor: str
    line: int  # where the entry starts in the data file

    @property
    def forms(self) -> tuple[str, ...]:
        """How the pages write the term (longest first)."""
        return tuple(sorted({f for f in (self.zh, *self.also, self.abbr) if f}, key=len, reverse=True))

    @property
    def slug(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.en.lower()).strip("-")

    @property
    def tooltip(self) -> str:
        english = f"{self.en}（{self.abbr}）" if self.abbr else self.en
        return f"{self.zh} · {english}：{self.definition}"


@dataclass(frozen=True)
class Glossary:
    path: str  # as named in messages
    terms: tuple[Term, ...]

    @classmethod
    def load(cls, path: Path, label: str) -> Glossary:
        data, text = load_yaml(path, label, list, "a list of terms")
        starts = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("- ")]
        terms, owner = [], {}
        for index, value in enumerate(data):
            line = starts[index] if index < len(starts) else 1
            term = _term(value, f"{label}:{line}", line)
            for form, kind in [(term.zh, "zh"), *((a, "also") for a in term.also), (term.en.lower(), "en"),
                               (term.abbr, "abbr")]:
                if not form:
                    continue
                slot = ("en", form) if kind == "en" else ("name", form)
                if slot in owner:
                    raise DataError(f"{label}:{line}: {form!r} is defined twice: here and at line {owner[slot]}")
                owner[slot] = line
            terms.append(term)
        return cls(label, tuple(terms))

    def defined_on(self, page: str) -> list[Term]:
        return [t for t in self.terms if t.page == page]

    @cached_property
    def matcher(self) -> tuple[dict[str, Term], re.Pattern]:
        """Every name of every term, and one pattern that finds them (longest first)."""
        by_form: dict[str, Term] = {}
        for term in self.terms:
            for form in term.forms:
                by_form.setdefault(form, term)
        return by_form, re.compile(r"(<[^>]*>)|" + _trie(sorted(by_form)))


def _trie(words: list[str]) -> str:
    """A regular expression matching any of `words`, longest first, as a trie: at each position
    the engine tries one branch per next character instead of every word (a page is scanned
    once for 300-odd names)."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return pattern(root)


def _term(value, where: str, line: int) -> Term:
    if not isinstance(value, dict):
        raise DataError(f"{where}: a term must be a mapping (zh, en, def, page, anchor …)")
    unknown = set(value) - FIELDS
    if unknown:
        raise DataError(f"{where}: unknown field(s) {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(FIELDS))})")
    for field in ("zh", "en", "def", "page", "anchor"):
        if not str(value.get(field) or "").strip():
            raise DataError(f"{where}: term {value.get('zh') or value.get('en')!r} has no {field}")
    anchor = str(value["anchor"])
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", anchor):
        raise DataError(f"{where}: anchor {anchor!r} is not a stable ASCII id (lower case, digits, hyphens)")
    also = value.get("also") or []
    if isinstance(also, str):
        also = [also]
    for form in (value["zh"], value.get("abbr") or "", *also):
        if re.search(r'[<>&"]', str(form)):  # matched in HTML text, where these are escaped
            raise DataError(f"{where}: {form!r}: a term may not contain < > & or \"")
    return Term(str(value["zh"]).strip(), str(value["en"]).strip(), str(value.get("abbr") or "").strip(),
                tuple(str(a).strip() for a in also), str(value["def"]).strip(), str(value["page"]).strip(),
                anchor, line)


def jieba_dictionary(glossary: Glossary) -> str:
    """jieba's user dictionary: every Chinese form of every term, kept whole."""
    words = sorted({f for t in glossary.terms for f in (t.zh, *t.also) if _HAN.search(f) and " " not in f})
    return "".join(f"{w} 20 n\n" for w in words)


# Elements whose text is never linked: links, code, headings, math, question titles, buttons.
# At on_page_content time math is still TeX in arithmatex's element (no nested spans).
_SKIPPED = re.compile(r'<(pre|code|kbd|h[1-6]|summary|script|style|svg|math|abbr|button|textarea|sup|a)\b[^>]*>.*?</\1\s*>'
                      r'|<(span|div) class="arithmatex"[^>]*>.*?</\2>', re.S)
_WORD = re.compile(r"[A-Za-z0-9]")


def link_terms(html: str, glossary: Glossary, page: str, page_url: str) -> str:
    """`html` with the first occurrence of every term linked to where it is defined (not on
    the defining page itself) and every abbreviation in an `<abbr>` with its tooltip.
    One pass of one pattern over the text outside the skipped elements (tags pass unchanged)."""
    by_form, pattern = glossary.matcher
    if not by_form:
        return html
    linked: set[str] = set()

    def replace(match: re.Match) -> str:
        form = match.group(0)
        if match.group(1):  # a tag
            return form
        term = by_form[form]
        start, end = match.span()
        if not _HAN.search(form) and ((start and _WORD.match(match.string, start - 1)) or _WORD.match(match.string, end)):
            return form  # part of a longer word (ReLUs)
        text = escape(form, quote=False)
        if term.abbr and form == term.abbr:
            text = f'<abbr title="{escape(term.en)}（{escape(term.zh)}）">{text}</abbr>'
        if term.page == page or term.zh in linked:
            return text
        linked.add(term.zh)
        href = relative_url(term.page.removesuffix(".md") + ".html", page_url) if page_url else ""
        return f'<a class="kb-term" href="{escape(href)}#{term.anchor}" title="{escape(term.tooltip)}">{text}</a>'

    return sub_outside(_SKIPPED, pattern, replace, html)


def terms_box(terms: list[Term]) -> str:
    """The box of the terms a page defines, with their English names (what search finds)."""
    if not terms:
        return ""
    items = "、".join(
        f'<a href="#{t.anchor}">{escape(t.zh)}</a>（{escape(t.en)}{"，" + escape(t.abbr) if t.abbr else ""}）'
        for t in terms)
    return (f'<div class="admonition info kb-terms"><p class="admonition-title">本页定义的术语</p>'
            f"<p>{items}</p></div>")


def term_entries(terms: list[Term], page_url: str) -> list[dict]:
    """Search entries (Material's format) for the terms a page defines, one per term, at its
    anchor. Its tags (the field search weighs most) are its names with the spaces taken out
    (learningrate, l2正则化): the search worker also searches a query of several words joined
    that way (`search_index.fix_search_worker`), so only the term named exactly by the query
    matches it whole, and a single word (正则化) matches only the term that begins with it."""
    entries = []
    for term in terms:
        names = [f for f in (term.zh, term.en, term.abbr) if f]
        english = f"{term.en}，{term.abbr}" if term.abbr else term.en
        entries.append({"location": f"{page_url}#{term.anchor}", "title": f"{term.zh}（{english}）",
                        "text": escape(term.definition), "tags": ["".join(n.split()) for n in names]})
    return entries


def add_term_entries(entries: list[dict], terms: list[dict]) -> None:
    """Add term entries to the search entries of a build. A term defined at a heading gives its
    tags to that section's entry (one location, one entry: search keys documents by location);
    entries are replaced, not changed, since kept entries may be shared."""
    if not terms:
        return
    at = {e.get("location"): i for i, e in enumerate(entries)}
    for term in terms:
        i = at.get(term["location"])
        if i is None:
            at[term["location"]] = len(entries)
            entries.append(term)
        else:
            entries[i] = {**entries[i], "tags": [*entries[i].get("tags", []), *term["tags"]]}


GLOSSARY_SCRIPT = """<script>
(function () {
  var table = document.querySelector(".kb-glossary table");
  if (!table) return;
  var zh = new Intl.Collator("zh-Hans-CN-u-co-pinyin"), en = new Intl.Collator("en", {sensitivity: "base"});
  document.querySelectorAll(".kb-glossary-sort").forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.dataset.sort, body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        return key === "zh" ? zh.compare(a.dataset.zh, b.dataset.zh) : en.compare(a.dataset.en, b.dataset.en);
      });
      rows.forEach(function (row) { body.appendChild(row); });
      document.querySelectorAll(".kb-glossary-sort").forEach(function (b) { b.classList.toggle("md-button--primary", b === button); });
    });
  });
})();
</script>"""


def glossary_table(glossary: Glossary, page_url: str) -> str:
    """The glossary page's table (sorted by English; the buttons re-sort it in the browser)."""
    rows = []
    for term in sorted(glossary.terms, key=lambda t: t.en.lower()):
        href = relative_url(term.page.removesuffix(".md") + ".html", page_url) + f"#{term.anchor}"
        also = f"<br><small>也作：{escape('、'.join(term.also))}</small>" if term.also else ""
        rows.append(f'<tr id="{term.slug}" data-zh="{escape(term.zh)}" data-en="{escape(term.en.lower())}">'
                    f"<td>{escape(term.zh)}{also}</td><td lang=\"en\">{escape(term.en)}</td>"
                    f"<td>{escape(term.abbr)}</td><td>{escape(term.definition)}</td>"
                    f'<td><a href="{escape(href)}">查看</a></td></tr>')
    return (f'<p class="kb-glossary-controls">共 {len(glossary.terms)} 个术语。排序：'
            '<button class="md-button kb-glossary-sort" data-sort="zh">按拼音</button> '
            '<button class="md-button md-button--primary kb-glossary-sort" data-sort="en">按英文</button></p>'
            '<div class="kb-glossary" data-search-exclude="copy"><table><thead><tr><th>中文</th><th>English</th><th>缩写</th>'
            "<th>定义</th><th>定义所在</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
            + GLOSSARY_SCRIPT)
