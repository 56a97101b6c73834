"""The site's data and the pages generated from it: references cited by key, the bilingual
glossary, interview questions and their bank, and "last verified" on every page. Unit tests on
small inputs first, then the same rules on the real knowledge base."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from kbsite.bibliography import Bibliography, DataError, citations_in_markdown, render_citations, source_problems
from kbsite.glossary import Glossary, jieba_dictionary, link_terms, terms_box
from kbsite.questions import PageQuestions, mark_questions, question_bank, question_id
from kbsite.verified import BuildVersion, verified_line

BLOCKED = ("wangxin123.com", "link.zhihu.com")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --- references ------------------------------------------------------------------------------

REFS = """\
glorot2010:
  authors: [X. Glorot, Y. Bengio]
  title: Understanding the Difficulty of Training Deep Feedforward Neural Networks
  venue: AISTATS 2010
  year: 2010
  url: https://proceedings.mlr.press/v9/glorot10a.html
he2015:
  authors: [K. He, X. Zhang, S. Ren, J. Sun]
  title: Delving Deep into Rectifiers
  venue: ICCV 2015
  year: 2015
  arxiv: "1502.01852"
"""


def bib(tmp_path: Path, text: str = REFS) -> Bibliography:
    return Bibliography.load(write(tmp_path, "refs.yml", text), "data/refs.yml", BLOCKED)


@pytest.mark.parametrize("field, value, message", [
    ("arxiv", '"1502.185"', "data/refs.yml:7: reference he2015: malformed arXiv id '1502.185'"),
    ("doi", "doi.org/10.1/x", "data/refs.yml:7: reference he2015: malformed DOI 'doi.org/10.1/x'"),
    ("url", "http://wangxin123.com/post", "data/refs.yml:7: reference he2015: the site does not link to wangxin123.com"),
    ("url", "https://link.zhihu.com/?target=x", "the site does not link to link.zhihu.com"),
    ("year", "twenty", "reference he2015: year 'twenty' is not a year"),
    ("pages", "1-2", "reference he2015: unknown field(s) pages"),
])
def test_a_malformed_reference_is_an_error_naming_the_file_line_and_key(tmp_path, field, value, message):
    with pytest.raises(DataError, match=re.escape(message)):
        bib(tmp_path, REFS + f"  {field}: {value}\n")


def test_a_key_that_is_not_surname_and_year_is_an_error(tmp_path):
    with pytest.raises(DataError, match=r"data/refs.yml:13: reference key 'Goodfellow' is not lower case"):
        bib(tmp_path, REFS + "Goodfellow:\n  title: Deep Learning\n")


def test_citations_are_found_by_line_outside_code():
    page = "正文 [@glorot2010]。\n\n```python\nx = '[@nokey]'\n```\n行内 `[@code]` 和 [@he2015, 第 2 节]\n"
    assert citations_in_markdown(page) == [("glorot2010", 1), ("he2015", 6)]


def test_a_listed_key_becomes_the_full_reference_and_an_inline_one_a_link_to_it(tmp_path):
    page = ('<p>见 [@he2015, 第 2 节]，代码 <code>[@he2015]</code>。</p>'
            '<h2 id="references">参考</h2><ul><li>[@glorot2010]，第 3 节。</li></ul>')
    out, cited = render_citations(page, bib(tmp_path))
    assert cited == ["he2015", "glorot2010"]
    assert '<a class="kb-cite" href="#ref-he2015"' in out and "[He et al. 2015，第 2 节]</a>" in out
    assert "<code>[@he2015]</code>" in out  # code is code
    assert ('<li id="ref-glorot2010">X. Glorot, Y. Bengio. <em>Understanding the Difficulty of Training Deep '
            'Feedforward Neural Networks</em>. AISTATS 2010. <a href="https://proceedings.mlr.press/v9/glorot10a.html">'
            'https://proceedings.mlr.press/v9/glorot10a.html</a> 第 3 节。</li>') in out  # the page's note follows
    # cited in the text but not listed: appended to the page's list, with its arXiv link
    assert re.search(r'<li id="ref-he2015">K\. He.*href="https://arxiv\.org/abs/1502\.01852"', out)


def test_a_page_citing_an_unknown_key_or_linking_a_blocked_host_is_named_by_line(tmp_path):
    page = "# T\r\n\n见 [@he2015] 与 [@nobody2020]。\n\n<http://wangxin123.com/x>\n"
    assert source_problems(page, "docs/t.md", bib(tmp_path), BLOCKED) == [
        "docs/t.md:3: unknown reference [@nobody2020] (not in data/refs.yml)",
        "docs/t.md:5: the site does not link to wangxin123.com (http://wangxin123.com/x); see blocked_hosts in mkdocs.yml"]


def test_an_unknown_key_is_left_visible(tmp_path):
    out, cited = render_citations("<p>[@nobody2020]</p>", bib(tmp_path))
    assert out == "<p>[@nobody2020]</p>" and cited == []


# --- glossary --------------------------------------------------------------------------------

TERMS = """\
- zh: 梯度消失
  en: vanishing gradient
  also: [梯度弥散]
  def: 梯度随层数指数式变小。
  page: g/v.md
  anchor: vanishing
- zh: 线性整流函数
  en: rectified linear unit
  abbr: ReLU
  def: max(0, z)。
  page: a/relu.md
  anchor: relu
"""


def gloss(tmp_path: Path, text: str = TERMS) -> Glossary:
    return Glossary.load(write(tmp_path, "glossary.yml", text), "data/glossary.yml")


@pytest.mark.parametrize("extra, message", [
    ("- zh: 梯度弥散\n  en: gradient diffusion\n  def: x\n  page: a.md\n  anchor: a\n",
     "data/glossary.yml:13: '梯度弥散' is defined twice: here and at line 1"),
    ("- zh: 消失\n  en: Vanishing Gradient\n  def: x\n  page: a.md\n  anchor: a\n",
     "data/glossary.yml:13: 'vanishing gradient' is defined twice: here and at line 1"),
    ("- zh: 修正线性\n  en: relu unit\n  abbr: ReLU\n  def: x\n  page: a.md\n  anchor: a\n",
     "data/glossary.yml:13: 'ReLU' is defined twice: here and at line 7"),
    ("- zh: 动量\n  en: momentum\n  def: x\n  page: a.md\n  anchor: 动量\n",
     "data/glossary.yml:13: anchor '动量' is not a stable ASCII id"),
    ("- zh: 动量\n  en: momentum\n  page: a.md\n  anchor: m\n", "data/glossary.yml:13: term '动量' has no def"),
])
def test_a_term_defined_twice_or_incomplete_is_an_error_naming_the_line(tmp_path, extra, message):
    with pytest.raises(DataError, match=re.escape(message)):
        gloss(tmp_path, TERMS + extra)


def test_the_first_occurrence_of_a_term_links_to_its_definition_and_abbreviations_get_a_tooltip(tmp_path):
    page = ('<h2 id="x">梯度消失</h2><p>深层网络的梯度消失很常见，<code>梯度消失</code>。</p>'
            '<p>再说一次梯度弥散；ReLU 缓解它，ReLUs 不是缩写。<a href="#y">ReLU</a></p>'
            '<p><span class="arithmatex">\\(梯度消失\\)</span> ReLU</p>')
    out = link_terms(page, gloss(tmp_path), "cnn/p.md", "cnn/p.html")
    assert out.count('class="kb-term"') == 2  # one link per term, not in headings, code, links or math
    assert '<h2 id="x">梯度消失</h2>' in out and "<code>梯度消失</code>" in out
    assert re.search(r'的<a class="kb-term" href="\.\./g/v\.html#vanishing" title="梯度消失 · vanishing gradient：'
                     r'梯度随层数指数式变小。">梯度消失</a>很常见', out)
    assert "再说一次梯度弥散" in out  # already linked by its other spelling
    relu = '<abbr title="rectified linear unit（线性整流函数）">ReLU</abbr>'
    assert f'<a class="kb-term" href="../a/relu.html#relu" title="线性整流函数 · rectified linear unit（ReLU）：max(0, z)。">{relu}</a> 缓解它' in out
    assert out.endswith(f'\\)</span> {relu}</p>')  # every abbreviation has its tooltip
    assert "ReLUs 不是缩写" in out and '<a href="#y">ReLU</a>' in out


def test_a_page_does_not_link_the_terms_it_defines_and_shows_them_with_their_english_names(tmp_path):
    glossary = gloss(tmp_path)
    assert 'class="kb-term"' not in link_terms("<p>梯度消失</p>", glossary, "g/v.md", "g/v.html")
    box = terms_box(glossary.defined_on("g/v.md"))
    assert '<a href="#vanishing">梯度消失</a>（vanishing gradient）' in box


def test_jiebas_dictionary_is_every_chinese_form_of_every_term(tmp_path):
    assert jieba_dictionary(gloss(tmp_path)) == "梯度弥散 20 n\n梯度消失 20 n\n线性整流函数 20 n\n"


# --- questions -------------------------------------------------------------------------------

def test_questions_get_stable_ids_and_remember_their_section():
    page = ('<h2 id="a">A</h2><details class="question">\n<summary>为什么？</summary>\n<p>因为 <a href="#a">A</a>。</p>\n</details>'
            '<h2 id="b">B <a class="headerlink">¶</a></h2><details class="question"><summary>怎样？</summary><p id="x">这样</p></details>')
    out, questions = mark_questions(page)
    assert [(q.text, q.section_id, q.section_title) for q in questions] == [("为什么？", "a", "A"), ("怎样？", "b", "B")]
    assert questions[0].id == question_id("为什么？") == question_id(" 为什么？\n")
    assert f'<details class="question" id="{questions[0].id}">' in out
    bank, toc = question_bank([PageQuestions("激活函数", "Sigmoid", "act/s.html", tuple(questions))], "appendix/q.html")
    assert toc == [("bank-1", "激活函数", 2)]
    assert f'<a href="../act/s.html#{questions[0].id}">在原页查看（A）</a>' in bank
    assert '<a href="../act/s.html#a">A</a>' in bank  # the answer's links work from the bank
    assert 'id="x"' not in bank  # a copy: no duplicate ids
    assert bank.count('<details class="question">') == 2  # collapsed: the reader answers first


# --- last verified ---------------------------------------------------------------------------

def test_last_verified_says_the_date_the_version_and_the_pages_claims():
    version = BuildVersion("2026-12-07", "v1.0-3-gabc")
    assert "最后验证：2026-12-07 · 版本 <code>v1.0-3-gabc</code> · 本页 5 条结论全部通过" in verified_line(version, (5, 0, 0))
    assert "本页 5 条结论中 3 条通过、1 条失败、1 条未运行" in verified_line(version, (3, 1, 1))
    assert "本页没有可计算的结论" in verified_line(version, (0, 0, 0))
    assert "没有运行代码块" in verified_line(BuildVersion("2026-12-07", ""), None)


# --- the real knowledge base ---------------------------------------------------------------

def content_pages() -> list[Path]:
    docs = ROOT / "docs"
    return sorted(p for p in docs.rglob("*.md") if p.parent.name != "appendix" and p.name != "index.md")


def page_texts() -> dict[str, str]:
    return {p.relative_to(ROOT / "docs").as_posix(): p.read_text(encoding="utf-8") for p in content_pages()}


class _MkDocsYml(yaml.SafeLoader):
    """mkdocs.yml as data (its `!ENV` values do not matter here)."""


_MkDocsYml.add_constructor("!ENV", lambda loader, node: None)


def site_config() -> dict:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsYml)  # noqa: S506
    return next(p["kbsite"] for p in config["plugins"] if isinstance(p, dict) and "kbsite" in p)


def real_bibliography() -> Bibliography:
    config = site_config()
    return Bibliography.load(ROOT / config["bibliography"], config["bibliography"], tuple(config["blocked_hosts"]))


def real_glossary() -> Glossary:
    return Glossary.load(ROOT / site_config()["glossary"], site_config()["glossary"])


def test_every_citation_is_in_the_bibliography_and_every_entry_is_cited():
    entries = real_bibliography().entries
    docs = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md")}
    cited = {(key, f"{path}:{line}") for path, text in docs.items() for key, line in citations_in_markdown(text)}
    assert sorted(where + " " + key for key, where in cited if key not in entries) == []
    assert sorted(set(entries) - {key for key, _ in cited}) == [], "entries no page cites"


def test_no_page_links_to_a_host_the_site_decided_not_to_link_to(real_site):
    hosts = site_config()["blocked_hosts"]
    pattern = re.compile(r"https?://(?:[\w-]+\.)*(?:" + "|".join(re.escape(h) for h in hosts) + r")\b")
    found = [f"{p.relative_to(ROOT)}" for p in (ROOT / "docs").rglob("*") if p.is_file() and p.suffix in (".md", ".ipynb")
             and pattern.search(p.read_text(encoding="utf-8"))]
    found += [f"site:{p.relative_to(real_site.directory)}" for p in real_site.directory.rglob("*.html")
              if pattern.search(p.read_text(encoding="utf-8"))]
    assert found == []


def test_every_term_is_defined_once_at_an_anchor_that_exists(real_site):
    missing = []
    for term in real_glossary().terms:
        built = real_site.directory / (term.page.removesuffix(".md") + ".html")
        if not built.is_file() or f'id="{term.anchor}"' not in built.read_text(encoding="utf-8"):
            missing.append(f"line {term.line}: {term.zh} → {term.page}#{term.anchor}")
    assert missing == []


def test_every_term_occurs_on_some_page():
    texts = "\n".join(page_texts().values())
    unused = [f"{t.zh} (line {t.line})" for t in real_glossary().terms if not any(f in texts for f in t.forms)]
    assert unused == []


_PAIR = re.compile(r"([\u4e00-\u9fff]{2,12})\s*[（(]\s*([A-Za-z][A-Za-z0-9 \-]{2,40}?)\s*[)）]")


def test_a_term_written_with_its_english_name_on_three_or_more_pages_is_in_the_glossary():
    known = {f for t in real_glossary().terms for f in (t.zh, *t.also)}
    english = {t.en.lower() for t in real_glossary().terms}
    pages: dict[str, set[str]] = {}
    for path, text in page_texts().items():
        for zh, en in _PAIR.findall(text):
            if en.lower() in english:
                continue
            # the longest known term ending the Chinese run ("用 Xavier 初始化" → 初始化), else the run
            term = next((zh[i:] for i in range(len(zh)) if zh[i:] in known), zh)
            if term not in known:
                pages.setdefault(f"{term}（{en}）", set()).add(path)
    assert sorted(k for k, v in pages.items() if len(v) >= 3) == []


def test_the_search_dictionary_is_generated_from_the_glossary_alone():
    assert not (ROOT / "jieba_userdict.txt").exists()
    assert "jieba_dict_user" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def built_questions(directory: Path) -> dict[str, list[tuple[str, str]]]:
    """Page → [(id, question)] as built."""
    out = {}
    for path in content_pages():
        page = directory / path.relative_to(ROOT / "docs").with_suffix(".html")
        html = page.read_text(encoding="utf-8")
        out[path.relative_to(ROOT / "docs").as_posix()] = re.findall(
            r'<details class="question" id="(q-[0-9a-f]{8})"[^>]*>\s*<summary>(.*?)</summary>', html, re.S)
    return out


def test_every_content_page_asks_at_least_three_questions(real_site):
    few = {page: len(q) for page, q in built_questions(real_site.directory).items() if len(q) < 3}
    assert few == {}


def test_the_bank_holds_exactly_the_sites_questions_each_linking_to_its_answer(real_site):
    questions = built_questions(real_site.directory)
    bank = (real_site.directory / "appendix" / "questions.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="\.\./([^"#]+)\.html#(q-[0-9a-f]{8})">在原页查看', bank)
    assert sorted(links) == sorted((page.removesuffix(".md"), qid) for page, qs in questions.items() for qid, _ in qs)
    counts = [int(n) for n in re.findall(r'<h2 id="bank-\d+">[^<]*（(\d+) 题）', bank)]
    total = sum(len(q) for q in questions.values())
    assert sum(counts) == total and f"全站共 {total} 道题" in bank


def test_every_question_the_notes_ask_is_on_the_page_that_answers_it(real_site):
    mapping = yaml.safe_load((ROOT / "data" / "note-questions.yml").read_text(encoding="utf-8"))
    notes = ROOT.parent / "shared" / "notes"
    texts = ({p.name[:3]: p.read_text(encoding="utf-8") for p in notes.glob("*.txt")} if notes.is_dir() else {})
    questions = {page: {re.sub(r"<[^>]+>", "", q).strip() for _, q in qs}
                 for page, qs in built_questions(real_site.directory).items()}
    wrong = []
    for item in mapping:
        if texts and item["note"] not in texts[f"{int(str(item['source'])):03d}"]:
            wrong.append(f"not in note {item['source']}: {item['note']}")
        if item["question"].replace("`", "") not in questions.get(item["page"], set()):
            wrong.append(f"no question {item['question']!r} on {item['page']}")
    assert wrong == []


def test_every_page_says_when_it_was_last_verified_and_how_many_of_its_claims_passed(real_site):
    report = json.loads((real_site.directory / "assets" / "kbexec-report.json").read_text(encoding="utf-8"))
    shown = 0
    for page in sorted(real_site.directory.rglob("*.html")):
        if page.name == "404.html" or page.name.startswith("print_page") or "assets" in page.parts:
            continue
        line = re.search(r'<p class="kb-verified kb-verified-ok" data-claims="(\d+)">最后验证：\d{4}-\d\d-\d\d', page.read_text(encoding="utf-8"))
        assert line, f"{page.relative_to(real_site.directory)} has no 'last verified' line"
        shown += int(line.group(1))
    assert shown == report["claims"]


def test_the_build_fails_naming_the_page_and_line_of_an_unknown_key_and_the_uncited_entry(site, caplog):
    (site.root / "refs.yml").write_text(REFS, encoding="utf-8")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "plugins:\n", "plugins:\n  - kbsite:\n      bibliography: refs.yml\n      blocked_hosts: [wangxin123.com]\n"))
    site.page("x.md", "# X\n\n见 [@glorot2010] 与 [@nobody2020]。\n\n## 参考 {#references}\n\n- [@glorot2010]\n")
    build = site.build(caplog)
    assert not build.ok
    assert "docs/x.md:3: unknown reference [@nobody2020] (not in refs.yml)" in build.error
    assert "refs.yml: reference he2015 is cited by no page" in build.error
