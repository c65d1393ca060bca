"""Search behaviour in Debian's Chromium, typing into the site's own search box, with the
bundle opened from file://. Whole colloquial questions come from tests/search_cases.yml
(written for these tests, not taken from the dev set or from the pages' search_questions)."""
import json
import os

import pytest
import yaml

from helpers import page_key, search

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "search_cases.yml"), encoding="utf-8") as fh:
    CASES = yaml.safe_load(fh)
ASSERTED = [c for c in CASES if not c.get("known_miss")]


@pytest.fixture(scope="module")
def zh_page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(site.as_uri() + "/index.html")
    pg.kb_errors = errors
    yield pg
    context.close()


@pytest.fixture(scope="module")
def en_page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.goto(site.as_uri() + "/en/index.html")
    yield pg
    context.close()


def keys_for(pg, query):
    """Distinct result pages, best first (a page's section links follow its own link)."""
    return list(dict.fromkeys(page_key(h) for h in search(pg, query)))


def test_cases_file_has_sentences_in_both_languages():
    assert len([c for c in ASSERTED if c["lang"] == "zh"]) >= 10
    assert len([c for c in ASSERTED if c["lang"] == "en"]) >= 3


@pytest.mark.parametrize("case", ASSERTED, ids=[c["query"][:24] for c in ASSERTED])
def test_whole_question_finds_its_page_in_top_3(case, zh_page, en_page):
    pg = en_page if case["lang"] == "en" else zh_page
    keys = keys_for(pg, case["query"])
    assert set(keys[:3]) & set(case["expect"]), (case["query"], keys[:5])


def test_chinese_results_stay_chinese_and_english_stay_english(zh_page, en_page):
    zh = keys_for(zh_page, "劳动合同 labour contract")
    assert zh and not [k for k in zh if k.startswith("en/")], zh
    en = keys_for(en_page, "labour contract 劳动合同")
    assert en and all(k.startswith("en/") for k in en), en


def test_word_inside_a_compound_is_found(zh_page):
    # 监察 appears in the site only inside compounds such as 劳动保障监察 and 纪检监察
    keys = keys_for(zh_page, "监察")
    assert "guides/channels/labour-inspection.html" in keys[:5], keys[:5]


@pytest.mark.parametrize("alias,pages", [
    ("居委会调解", {"guides/channels/people-mediation.html", "policies/people-mediation-law.html"}),   # -> 人民调解
    ("困难救助", {"guides/staff/situations/hardship.html", "guides/staff/safeguards.html"}),           # -> 社会救助
])
def test_colloquial_alias_finds_pages_that_use_the_official_term(alias, pages, zh_page, site):
    # the alias (from data/glossary.yml) appears on no page but the glossary itself
    for key in pages:
        assert alias not in (site / key).read_text(encoding="utf-8")
    keys = keys_for(zh_page, alias)
    assert set(keys[:3]) & pages, keys[:5]


def test_english_inflections_match(en_page):
    # "dismissed" finds pages that say "dismissal"/"dismiss" (stemming), a typo still finds arbitration
    assert "en/faq/dismissal.html" in keys_for(en_page, "dismissed unlawfully")[:3]
    keys = keys_for(en_page, "arbitraion time limit")
    assert set(keys[:5]) & {"en/faq/deadlines.html", "en/guides/channels/labour-arbitration.html"}, keys[:5]


def test_english_word_forms_and_everyday_words_reach_the_pages_words(en_page, site):
    """Words no English page uses find the pages' own words: an adjective in -y its noun
    ("noisy" -> "noise"), an everyday word the search thesaurus maps to the concept
    ("fractured" -> injury), a colloquial glossary alias matched by stem ("sacked" -> dismissal)."""
    from kb.searchindex import read_built_index
    raw = set(read_built_index(str(site / "en" / "search" / "kb_index.js"))["latin"])
    for query, word, pages in (
            ("noisy workshop", "noisy", {"en/faq/occupational-disease.html", "en/guides/channels/occupational-disease.html"}),
            ("fractured wrist", "fractured", {"en/faq/work-injury.html", "en/guides/channels/work-injury.html"}),
            ("they sacked me", "sacked", {"en/faq/dismissal.html"})):
        for key in pages:
            assert word not in (site / key).read_text(encoding="utf-8").lower(), (word, key)
        if word != "sacked":       # "sacked" is on the glossary page (an alias), the others nowhere
            assert word not in raw, word
        keys = keys_for(en_page, query)
        assert set(keys[:3]) & pages, (query, keys[:5])


def test_question_words_alone_find_nothing_or_no_error(zh_page):
    # A query of nothing but question words and particles must not throw in the worker
    search_box_keys = keys_for(zh_page, "怎么办呢")
    assert isinstance(search_box_keys, list)
    assert zh_page.kb_errors == []


def test_prebuilt_index_agrees_with_the_browsers_tokeniser(browser, site):
    """The index is tokenised at build time by Node running the shipped worker; the browser
    runs the same code: re-tokenising pages' titles in Chromium gives the built postings."""
    from kb.searchindex import read_built_index
    context = browser.new_context()
    pg = context.new_page()
    try:
        pg.goto(site.as_uri() + "/index.html")
        pg.add_script_tag(path=str(site / "assets" / "javascripts" / "kb-search.js"))
        for rel in ("search", "en/search"):
            with open(site / rel / "search_index.json", encoding="utf-8") as fh:
                assert json.load(fh)["docs"] == []          # Material's file: config only
            built = read_built_index(str(site / rel / "kb_index.js"))
            assert len(built["terms"]) == len(built["postings"]) and built["terms"] == sorted(built["terms"])
            where = {t: i for i, t in enumerate(built["terms"])}
            sample = list(range(0, len(built["docs"]), max(1, len(built["docs"]) // 40)))
            titles = [built["docs"][d]["title"] for d in sample]
            tokens = pg.evaluate("ts => ts.map(t => self.kbSearch.tokenizeIndex(t, null))", titles)
            assert any(tokens)
            for d, toks in zip(sample, tokens):
                assert built["lengths"][d * 3] == len(toks)
                for term in set(toks):
                    pairs = decode(built["postings"][where[term]])
                    assert pairs.get(d * 3) == toks.count(term), (rel, d, term)
    finally:
        context.close()


def decode(coded):
    """{doc * 3 + field: tf} from a term's postings as kb_index.js stores them: the gap from
    the previous key when tf is 1, else -(gap + 1) followed by tf."""
    out, key, i = {}, 0, 0
    while i < len(coded):
        v = coded[i]
        if v >= 0:
            key += v
            out[key] = 1
        else:
            key += -v - 1
            i += 1
            out[key] = coded[i]
        i += 1
    return out
