"""Search lands on the passage: typed into the search box of the served
miniature edition in Chromium, a query lists each page's best passages
(its lines, paragraphs, notes), each linking there with the words found
marked, and excerpts of whole words; the register's other names find a
source only where its own text names the entry, and lead to that passage;
results can be kept to one kind of page; the page reached highlights the
words found.  Screenshots of the results go to tests/artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.register import read_register
from edition.search import TOP, Aliases, for_index, kind

from . import miniature
from .test_search import searched

ARTICLE = miniature.ARTICLE
BOOK = miniature.BOOK
ARTIFACTS = Path(__file__).parent / "artifacts"


def shown(page) -> list[dict]:
    """The pages listed, best first: each with its links (address without
    the highlight, the words to highlight, heading, excerpt, marked words)."""
    found = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(li => ({
        links: [...li.querySelectorAll('a.md-search-result__link')].map(a => {
            const url = new URL(a.href);
            return {path: url.pathname.replace(/^\\//, ''), hash: decodeURIComponent(url.hash.slice(1)),
                    highlight: url.searchParams.get('highlight') || '',
                    heading: a.querySelector('h1, h2').innerText, text: a.querySelector('p') ?
                    a.querySelector('p').innerText : '', marks: [...a.querySelectorAll('mark')].map(m => m.innerText)};
        })}))""")
    for item in found:
        item["path"] = item["links"][0]["path"]
    return found


def query(tab, base: str, text: str) -> list[dict]:
    return shown(searched(tab, base, text))


def source(found: list[dict], path: str) -> dict:
    return next(item for item in found if item["path"] == path)


@pytest.mark.parametrize("spelling", ["Blyukher", "Bliukher", "Блюхер", "BLYUKHER"])
def test_another_spelling_leads_to_the_first_passage_naming_him_and_shows_it(tab, served_mini: str,
                                                                             spelling: str) -> None:
    found = query(tab, served_mini, spelling)
    best = source(found, ARTICLE)["links"][0]
    assert best["hash"] == "para6"  # his first mention, not the top of the page
    assert "Found under another spelling of a name the text uses" in best["text"]
    assert "Blukher" in best["marks"]  # the text's own spelling, marked
    assert "·" not in best["text"] and "Блюхер" not in best["text"]  # the passage, not the hidden list
    assert "blukher" in best["highlight"].split()


def test_a_spelling_the_text_uses_leads_to_where_it_uses_it(tab, served_mini: str) -> None:
    """'Blucher' (no diacritics) finds 'Blücher' in ¶ 7, before the passages found by other spellings."""
    article = source(query(tab, served_mini, "Blucher"), ARTICLE)
    assert article["links"][0]["hash"] == "para7"
    assert "Blücher" in article["links"][0]["marks"]
    assert "Found under" not in article["links"][0]["text"]


def test_cyrillic_finds_the_lake_under_the_texts_spelling(tab, served_mini: str) -> None:
    found = query(tab, served_mini, "Хасан")
    article = source(found, ARTICLE)
    assert article["links"][0]["hash"] == "para1"
    assert "Hassan" in article["links"][0]["marks"]


def test_a_phrase_finds_its_line(tab, served_mini: str) -> None:
    found = query(tab, served_mini, '"secret police"')
    book = source(found, BOOK)
    assert book["links"][0]["hash"] == "p131.l3"
    assert book["links"][0]["text"].startswith("p. 131, l. 3")
    assert book["links"][0]["marks"][:2] == ["secret", "police"]


def test_a_work_cited_in_a_note_shows_the_note_first(tab, served_mini: str) -> None:
    """The introduction, the apparatus and the editors' note name it too; the source's note comes first."""
    book = source(query(tab, served_mini, "Trotsky Papers"), BOOK)
    hashes = [link["hash"] for link in book["links"]]
    assert hashes[0] == "n19", hashes
    assert book["links"][0]["text"].startswith("n. 19")
    assert any(link["heading"] == "Editorial note b" for link in book["links"])  # the cite box's name
    assert "introduction" in hashes  # the editors' mention is still listed, after it
    assert 2 <= len(hashes) <= 5


def test_a_name_only_the_editors_introduction_uses_is_not_the_sources(tab, served_mini: str) -> None:
    """The article's 'See also' names the Mukden Incident and Shanghai; its text does not."""
    assert ARTICLE not in [item["path"] for item in query(tab, served_mini, "Manchurian Incident")]
    found = query(tab, served_mini, "Shanghai")
    places = [item["path"] for item in found]
    assert places.index(BOOK) < places.index(ARTICLE), places  # the book's text names it
    article = source(found, ARTICLE)
    assert article["links"][0]["hash"] == "see-also"
    assert not any("Found under" in link["text"] for link in article["links"])
    assert source(found, BOOK)["links"][0]["hash"] == "p131.l32"


def test_excerpts_are_whole_words_of_their_page(tab, served_mini: str) -> None:
    """No excerpt begins or ends inside a word ('Mikhail Tuk…'): each is a run
    of whole words of its page's text, '…' where it is cut."""
    page = searched(tab, served_mini, "Vladivostok")
    texts = page.evaluate("""async () => {
        const pf = await import(new URL('pagefind/pagefind.js', location.href).href);
        const out = {};
        for (const r of (await pf.search('Vladivostok')).results) { const d = await r.data(); out[d.url] = d.content; }
        return out; }""")
    links = [link for item in shown(page) for link in item["links"]]
    assert links
    for link in links:
        excerpt = link["text"].removeprefix(link["heading"]).strip()
        excerpt = re.sub(r"^(Found under [^:]*: )?", "", excerpt)
        body = excerpt.removeprefix("… ").removesuffix(" …")
        content = " " + " ".join(texts["/" + link["path"]].split()) + " "
        # The passage's name leads the page's own line ('p. 131, l. 2 …').
        assert any(f" {body[i:]} " in content for i in [0] + [m.end() for m in re.finditer(r"\s", body)][:6]), \
            (link, excerpt)


def test_the_registers_snippets_are_no_match(tab, served_mini: str) -> None:
    """The entry of Blyukher quotes '… Stalin called Vasily Blukher …': that
    is the article's passage, found there, not in his entry."""
    places = [item["path"] for item in query(tab, served_mini, "Stalin")]
    assert "register/blyukher/" not in places
    assert places[0] in (ARTICLE, "register/stalin/")


def test_results_can_be_kept_to_one_kind_of_page(tab, served_mini: str) -> None:
    page = searched(tab, served_mini, "Trotsky")
    everything = {item["path"] for item in shown(page)}
    assert any(p.startswith("texts/") for p in everything) and any(p.startswith("register/") for p in everything)
    kinds = {"source": lambda p: p.startswith("texts/"),
             "register": lambda p: p.startswith(("register/", "chronology/")),
             "editorial": lambda p: not p.startswith(("texts/", "register/", "chronology/"))}
    for kind_, of_kind in kinds.items():
        page.click(f".search-kinds [data-kind='{kind_}']")
        page.wait_for_function("k => document.querySelector('.md-search-result__list').dataset.kind === k", arg=kind_)
        paths = [item["path"] for item in shown(page)]
        assert paths and all(of_kind(p) for p in paths), (kind_, paths)
        assert paths == [p for p in [item["path"] for item in shown(page)] if of_kind(p)]
        assert page.get_attribute(f".search-kinds [data-kind='{kind_}']", "aria-pressed") == "true"
    page.click(".search-kinds [data-kind='']")
    page.wait_for_function("() => document.querySelector('.md-search-result__list').dataset.kind === ''")
    assert {item["path"] for item in shown(page)} == everything


def highlighted(page) -> list[str]:
    return page.evaluate("""() => { const h = CSS.highlights.get('edition-search');
        return h ? [...h].map(r => r.toString()) : []; }""")


def test_a_result_lands_on_its_passage_with_the_words_highlighted(tab, served_mini: str) -> None:
    page = searched(tab, served_mini, "Блюхер")
    page.click(f".md-search-result__link[href*='{ARTICLE}']")
    page.wait_for_function("() => location.hash === '#para6'")
    page.wait_for_function("() => CSS.highlights.get('edition-search')")
    words = highlighted(page)
    assert "Blukher" in words and "Vasily" in words
    assert "highlight" not in page.url  # the address is the passage's own, to cite
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-landed-para6-1280.png"))
    # The passage is in view.
    assert page.evaluate("""() => { const r = document.getElementById('para6').getBoundingClientRect();
        return r.top >= 0 && r.top < innerHeight; }""")


def test_a_note_found_lands_on_the_note(tab, served_mini: str) -> None:
    page = searched(tab, served_mini, "Trotsky Papers")
    page.click(f".md-search-result__link[href*='{BOOK}']")
    page.wait_for_function("() => location.hash === '#n19'")
    page.wait_for_function("() => CSS.highlights.get('edition-search')")
    words = highlighted(page)
    assert "Trotsky" in words and "Papers" in words
    page.screenshot(path=str(ARTIFACTS / "search-landed-n19-1280.png"))


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
@pytest.mark.parametrize("text", ["Blyukher", "Trotsky Papers"])
def test_screenshots_of_the_results(browser, served_mini: str, text: str, width: int, height: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(served_mini + BOOK)
    if width < 1220:
        page.click("label.md-header__button[for='__search']")
    page.click(".md-search__input")
    page.keyboard.type(text)
    page.wait_for_function("q => document.querySelector('.md-search-result__list').dataset.query === q", arg=text)
    page.wait_for_timeout(400)  # Material's transition
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-{text.replace(' ', '-').lower()}-{width}.png"))
    # Nothing wider than the screen.
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    page.close()


# --- What the index is given ---------------------------------------------------------------

def test_the_hidden_names_are_the_texts_own_with_their_first_passages(mini_build) -> None:
    html = (mini_build.site / ARTICLE / "index.html").read_text(encoding="utf-8")
    names = re.search(r'<p class="aliases".*?</p>', html, re.S)[0]
    assert "Shanghai" not in names and "Mukden" not in names  # the introduction's "See also"
    passages = re.findall(r'data-search-passage="([^"]+)">([^<]+)<', names)
    assert ("para6", "Vasily Blyukher · Blukher · Blücher · Bliukher · Vasily Blukher · Vasyl Blukher · Блюхер") \
        in passages
    assert ("para1", "Lake Khasan · Lake Hassan · Hassan · Khasan · Hasan · Хасан") in passages
    book = (mini_build.site / BOOK / "index.html").read_text(encoding="utf-8")
    assert 'data-search-passage="n19">Jan M. Meijer<' in book  # named only in a note of the source


def test_aliases_leave_out_the_editors_words() -> None:
    register, _ = read_register(miniature.REGISTER, "register.yml")
    page = ('<h2 id="introduction">Introduction</h2><p>See <a class="mention" data-entity="shanghai">Shanghai</a>'
            ' and Trotsky.</p>'
            '<section class="transcription" id="diplomatic"><p id="para1">Marshal Blücher at '
            '<a class="mention" data-entity="lake-khasan" href="#">the lake</a>'
            '<span data-pagefind-ignore>Сталин</span></p><p id="para2">Сталин '
            '<a class="app" id="para2.e1">Kolchak</a></p></section>'
            '<section class="apparatus"><p>Vladivostok</p></section>'
            '<section class="footnote notes author-notes"><ol><li id="n1"><p>Washington</p></li></ol></section>'
            '<section class="footnote notes editorial-notes"><ol><li id="ed-a"><p>Meijer</p></li></ol></section>')
    assert Aliases(register).first_passages(page) == {
        "lake-khasan": "para1", "blyukher": "para1", "kolchak": "para2", "stalin": "para2", "washington": "n1"}


def test_aliases_read_entities_and_skip_comments_and_attributes() -> None:
    register, _ = read_register(miniature.REGISTER, "register.yml")
    page = ("<section class='transcription'><p id='para1'>Marshal Bl&uuml;cher <!-- Kolchak --><br/>at</p>"
            '<P ID="para2" title="Trotsky &gt; Stalin">the lake <IMG alt="Washington">Khasan</P></section>')
    assert Aliases(register).first_passages(page) == {"blyukher": "para1", "lake-khasan": "para2"}


def test_the_index_holds_passages_kinds_and_no_snippets() -> None:
    body = ('<div data-pagefind-body><p class="aliases" hidden data-pagefind-weight="10">'
            '<span data-search-passage="para1">Lake Khasan</span></p>'
            '<details class="cite" id="cite" data-pagefind-ignore data-cite="{&quot;passages&quot;: '
            '{&quot;para1&quot;: &quot;¶ 1&quot;}}"></details>'
            '<section aria-labelledby="text" class="transcription" id="diplomatic"><h2 id="text">Text</h2>'
            '<p class="numbered" id="para1">x <a class="app app-sic" id="para1.e1">y</a>'
            '<sup class="note-ref" id="n1-ref">1</sup><span class="lb" id="p1.l2"></span></p>'
            '<p id="para2">the markup id="n2-ref" in a source\'s own words</p></section>')
    indexed = for_index(body, "/texts/a/")
    assert '<p id="para2">the markup id="n2-ref" in a source\'s own words</p>' in indexed  # words, not a tag
    assert '<span data-pagefind-meta="kind:source"></span>' in indexed
    assert 'data-pagefind-weight="0.5"' in indexed  # the editors' words
    assert 'class="transcription" data-pagefind-weight="1"' in indexed
    assert 'id="search:names:para1"' in indexed and f'id="{TOP}"' in indexed
    for kept in ('id="para1"', 'id="text"', 'id="p1.l2"'):
        assert kept in indexed
    for dropped in ('id="para1.e1"', 'id="n1-ref"', 'id="diplomatic"', 'id="cite"'):
        assert dropped not in indexed
    assert "passages:{&quot;para1&quot;:&quot;¶ 1&quot;}" in indexed
    assert kind("<p>x</p>", "/register/blyukher/") == "register" == kind("", "/chronology/")
    assert kind("<p>x</p>", "/principles/") == "editorial"
    snippet = for_index('<div data-pagefind-body><span class="snippet">…ik <mark>x</mark></span>', "/chronology/")
    assert '<span class="snippet" data-pagefind-ignore>' in snippet
