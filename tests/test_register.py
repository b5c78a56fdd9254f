"""The register and the chronology: the file's checks, mentions in the text, the generated pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from edition.diagnostics import Loc
from edition.register import Entity, read_register
from edition.register_html import when_key, chronology_html

from . import miniature
from .conftest import FRONT_MATTER, Build


def soup(build: Build, name: str) -> BeautifulSoup:
    return BeautifulSoup((build.site / name).read_text(encoding="utf-8"), "html.parser")


def messages(text: str) -> list[str]:
    return [str(d) for d in read_register(text, "register.yml")[1]]


def test_register_errors_name_the_files_line_and_say_how_to_fix() -> None:
    text = ("- id: blyukher\n  type: person\n  name: Vasily Blyukher\n  description: Marshal.\n"
            "  source: Parkhitko 2025, ¶ 24\n"
            "- id: Lake Khasan\n  type: lake\n  name: Lake Khasan\n  description: A lake.\n  source: x\n"
            "- id: blyukher\n  type: person\n  name: Again\n  description: d\n  source: s\n"
            "- id: battle\n  type: event\n  name: Battle\n  description: d\n  date: 1938-13-01\n  varients: [x]\n"
            "  wikidata: 12345\n")
    assert messages(text) == [
        "register.yml:6:7: ED703 'Lake Khasan' is not a usable id. Fix: use lower case letters, digits and "
        "hyphens: 'blyukher', 'lake-khasan'",
        "register.yml:7:9: ED702 'lake' is not a type of entry. Fix: write one of: person, place, organisation, event",
        "register.yml:11:3: ED703 the id 'blyukher' is given twice (first at register.yml:1:3). Fix: give each "
        "entry its own id, or merge the two",
        "register.yml:20:9: ED705 '1938-13-01' is not a date of the calendar: there is no month 13. Fix: write an "
        "event's date in "
        "ISO 8601, or a range 'start/end': 1938-07-29/1938-08-11",
        "register.yml:21:3: ED702 unknown field 'varients'. Fix: did you mean 'variants'?",
        "register.yml:22:13: ED704 '12345' is not a Wikidata ID. Fix: write Q and its number, e.g. Q33391, and "
        "only an ID you have checked; leave the field out rather than guess",
        "register.yml:16:3: ED701 the entry lacks 'source'. Fix: add 'source:' with where the description's facts "
        "are from, e.g. 'Parkhitko 2025, ¶ 20'",
    ]


def test_a_register_that_is_not_yaml_or_not_a_list() -> None:
    assert messages("- id: x\n  name: [unclosed\n") == [
        "register.yml:3:1: ED700 the register is not valid YAML: expected ',' or ']', but got '<stream end>'. "
        "Fix: check the indentation and quoting on this line; a value containing ': ' must be put in quotes"]
    assert messages("id: x\n") == [
        "register.yml:1:1: ED700 the register is not a list of entries. Fix: write each entry as a list item: "
        "'- id: blyukher', then its fields"]


def test_a_mention_of_an_unknown_id_fails_the_strict_build(mini_site) -> None:
    text = FRONT_MATTER + "::text paragraphs\n\nThe marshal [Blukher]{@blyuker} came.\n"
    build = mini_site({"index.md": "# Home\n", "texts/t.md": text},
                      register="- id: blyukher\n  type: person\n  name: Vasily Blyukher\n  description: d\n"
                               "  source: s\n")
    assert build.returncode == 1
    line = text.count("\n")
    assert (f"docs/texts/t.md:{line}:13: ED706 'blyuker' is not in register.yml. Fix: did you mean 'blyukher'?"
            in build.log)


def test_the_blyukher_page_lists_every_spelling_linked_to_its_paragraph(mini_build: Build) -> None:
    page = soup(mini_build, "register/blyukher/index.html")
    items = page.select("ul.mentions li")
    forms = {li.select_one(".form").get_text() for li in items}
    assert {"“Blukher”", "“Blücher”", "“Vasyl Blukher”"} <= forms
    first = items[0].select_one("a")
    assert (first.get_text(), first["href"]) == ("¶ 6", f"../../{miniature.ARTICLE}#para6")
    assert items[0].select_one("mark").get_text() == "Vasily Blukher"
    assert "Блюхер" in page.select_one(".entity-facts").get_text()
    trotsky = soup(mini_build, "register/trotsky/index.html")
    assert trotsky.select_one('a[href="https://www.wikidata.org/wiki/Q33391"]') is not None
    assert soup(mini_build, "register/blyukher/index.html").select_one('a[href*="wikidata"]') is None


def test_a_mention_links_to_its_entry_without_changing_the_text(mini_build: Build) -> None:
    page = soup(mini_build, miniature.ARTICLE + "index.html")
    mention = next(a for a in page.select("#para7 a.mention") if a.get_text() == "Blücher")
    assert (mention.get_text(), mention["href"], mention["title"]) == (
        "Blücher", "../../register/blyukher/", "Vasily Blyukher")
    # A mention holding an apparatus mark: links do not nest, the words before the mark link.
    frinovsky = page.select_one("#para6 .mention-group")
    link = frinovsky.select_one("a.mention")
    assert (link.get_text(), link["href"]) == ("Mikhail", "../../register/frinovsky/")
    assert frinovsky.select_one("a.app-sic") is not None


def test_the_chronology_orders_the_passages_across_documents(mini_build: Build) -> None:
    items = soup(mini_build, "chronology/index.html").select("ul.chronology > li")
    dates = [li.select_one("time")["datetime"] for li in items]
    assert dates == sorted(dates, key=when_key)
    january = next(li for li in items if li.select_one("mark") and li.select_one("mark").get_text() == "January 1932")
    assert january.select_one("a")["href"] == f"../{miniature.BOOK}#p131.l2"
    khasan = next(li for li in items if "Battle of Lake Khasan" in li.get_text())
    assert khasan.select_one("time").get_text() == "29 July 1938 – 11 August 1938"
    gazette = next(li for li in items if li.select_one("time")["datetime"] == "1917-12-21")
    assert gazette.select_one("time").get_text() == "21 December 1917 (Old Style 8 December 1917)"
    assert dates.index("1932-01") < dates.index("1938-07-29")


def test_a_year_or_a_span_stands_after_the_days_it_holds() -> None:
    def event(entity_id: str, date: str) -> Entity:
        return Entity(entity_id, "event", entity_id.title(), "", "", Loc("register.yml", 1), date=date)
    html = chronology_html([], [event("span", "1931/1932"), event("mukden", "1931-09-18"), event("month", "1931-09"),
                                event("earlier", "1930")], str, str)
    names = [a.get_text() for a in BeautifulSoup(html, "html.parser").select("li a")]
    assert names == ["Earlier", "Mukden", "Month", "Span"]


def test_the_two_sources_point_to_each_other_where_they_touch(mini_build: Build) -> None:
    book = soup(mini_build, miniature.BOOK + "index.html")
    article = soup(mini_build, miniature.ARTICLE + "index.html")
    to_article = {a["href"] for a in book.select("#see-also + ul a")}
    to_book = {a["href"] for a in article.select("#see-also + ul a")}
    assert "../lake-khasan/#para5" in to_article
    assert "../eurasian-triangle-p131/#p131.l32" in to_book


def test_a_broken_register_is_one_error_not_one_per_mention(mini_site) -> None:
    text = FRONT_MATTER + "::text paragraphs\n\nThe marshal [Blukher]{@blyukher} and [Stalin]{@stalin}.\n"
    build = mini_site({"index.md": "# Home\n", "texts/t.md": text},
                      register="- id: blyukher\n  name: Named: Blyukher\n")
    assert build.returncode == 1
    reported = [w for w in build.warnings() if " ED7" in w]
    assert len(reported) == 1 and "register.yml:2:14: ED700 the register is not valid YAML" in reported[0]


def test_an_entry_with_a_bad_field_is_one_error_not_one_per_mention(mini_site) -> None:
    """The entry is left out until fixed, but its mentions are not told to add
    it: that would make the entry twice."""
    text = FRONT_MATTER + "::text paragraphs\n\nThe marshal [Blukher]{@blyukher}, [Blyukher]{@blyukher}.\n"
    register = ("- id: blyukher\n  type: persn\n  name: Vasily Blyukher\n  description: Marshal.\n"
                "  source: Parkhitko 2025, ¶ 24\n")
    build = mini_site({"index.md": "# Home\n", "texts/t.md": text}, register=register)
    assert build.returncode == 1
    reported = [w.split("edition: ", 1)[1] for w in build.warnings() if " ED7" in w]
    assert reported == ["register.yml:2:9: ED702 'persn' is not a type of entry. Fix: write one of: person, "
                        "place, organisation, event"]


def test_the_index_lists_people_by_surname_and_says_when_an_entry_is_not_mentioned(mini_build: Build) -> None:
    index = BeautifulSoup((mini_build.site / "register/index.html").read_text(encoding="utf-8"), "html.parser")
    people = [li.a.get_text() for li in index.select("#persons + ul.register-index > li")]
    assert people == ["Berton, Peter", "Blyukher, Vasily", "Frinovsky, Mikhail", "Kolchak", "Lyushkov, Genrikh",
                      "Meijer, Jan M.", "Stalin, Joseph", "Trotsky, Leon"]
    battle = next(li for li in index.select("li") if li.a and li.a.get_text() == "Battle of Lake Khasan")
    assert battle.select_one(".count").get_text() == "not mentioned in the texts"


def test_a_name_whose_last_word_is_not_the_surname_gives_its_sort_form(mini_site) -> None:
    register = ("- id: mao\n  type: person\n  name: Mao Zedong\n  sort: Mao Zedong\n  description: Chairman.\n"
                "  source: a test\n- id: zed\n  type: person\n  name: Anna Zed\n  description: A test.\n"
                "  source: a test\n")
    build = mini_site({"index.md": "# Home\n"}, register=register)
    assert build.returncode == 0, build.log
    index = BeautifulSoup((build.site / "register/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [li.a.get_text() for li in index.select("ul.register-index > li")] == ["Mao Zedong", "Zed, Anna"]


@pytest.mark.parametrize(("name", "listed"), [
    ("Vasily Blyukher", "Blyukher, Vasily"),
    ("Nicholas II", "Nicholas II"),  # a ruler's number: no surname
    ("Pyotr Wrangel Jr.", "Wrangel, Pyotr, Jr."),
    ("Blyukher, Vasily", "Blyukher, Vasily"),  # already as listed
    ("Hirohito", "Hirohito"),
])
def test_how_a_persons_name_is_listed(name: str, listed: str) -> None:
    register, found = read_register(f"- id: x\n  type: person\n  name: {name}\n  description: d.\n  source: s\n",
                                    "register.yml")
    assert found == [] and register.entities["x"].listed == listed


def test_snippets_cut_only_between_words_and_hold_no_editorial_marker() -> None:
    from edition.markup import scan_body
    from edition.register_html import snippet
    line = ("In the summer of that year, after a long and difficult season of inspections, purges and reports, it "
            "was then that the long-suffering and very patient Marshal [Vasily Blukher]{@blyukher} "
            "was arrested,[^ed-losses] and nothing more was heard of him for a very long while indeed afterwards.")
    body, _ = scan_body(["::text paragraphs", "", line, "", "[^ed-losses]: A note."], "t.md")
    shown = BeautifulSoup(snippet(body.annotations[0]), "html.parser").get_text()
    assert shown.startswith("…") and shown.endswith("…")
    words = line.replace("[Vasily Blukher]{@blyukher}", "Vasily Blukher").replace("[^ed-losses]", "").split()
    assert all(word in words for word in shown.strip("…").split())  # whole words of the source only
    assert "ed-losses" not in body.annotations[0].context


def test_the_register_index_gives_each_entry_an_address(mini_build: Build) -> None:
    index = soup(mini_build, "register/index.html")
    assert index.select_one("li#blyukher a")["href"] == "blyukher/"


UNMARKED_REGISTER = """\
- id: blyukher
  type: person
  name: Vasily Blyukher
  variants: [Blukher, Blücher]
  description: A marshal.
  source: a test
- id: frinovsky
  type: person
  name: Mikhail Frinovsky
  variants: [Fridovsky]
  description: A deputy head of the NKVD.
  source: a test
- id: nikolsk
  type: place
  name: Nikol’sk
  description: A town.
  source: a test
- id: war-1894
  type: event
  name: Sino-Japanese War
  description: The war of 1894–95.
  source: a test
- id: war-1937
  type: event
  name: Second Sino-Japanese War
  variants: [Sino-Japanese war]
  description: The war from 1937.
  source: a test
"""


def test_a_name_of_the_register_left_unmarked_is_reported_with_the_mention_to_write(mini_site, capsys) -> None:
    """ED709, in the build and in `edition check`: a capitalised name or
    variant of an entry outside a mention, in the text or the source's notes
    (diacritics and the apostrophe's shape aside); not a lowercase word, a
    name in a mention, the editors' prose, a caption, or the source's title."""
    from edition.cli import main
    text = FRONT_MATTER.replace("title: A Book", "title: Blukher at Nikol’sk") + (
        "An introduction names Blukher, as the editors may.[^ed-a]\n\n"
        "::text paragraphs\n\n"
        "# Blukher at Nikol’sk\n\n"
        "The marshal [Blukher]{@blyukher} met Blucher at Nikol'sk.[^1]\n\n"
        "Then [Mikhail]{@frinovsky} {sic: Fridovsky -> Frinovsky} came; the blukher of the story.\n\n"
        "::figure Blukher at Nikol’sk\n\n"
        "After the Sino-Japanese War, [Blücher]{@blyukher}'s men.\n\n"
        "No word of Blücher’s men was kept.\n\n"  # no markup, and not ASCII: folded character by character
        "[^1]: As Blücher wrote.\n"
        "[^ed-a]: Blukher, named by the editors.\n")
    build = mini_site({"index.md": "# Home\n", "texts/t.md": text}, register=UNMARKED_REGISTER)
    assert build.returncode == 1
    at = FRONT_MATTER.count("\n") + 7  # the line 'The marshal …'
    expected = [
        f"docs/texts/t.md:{at}:38: ED709 'Blucher' is a name of the register's entry 'blyukher' but is not marked "
        "as a mention. Fix: mark it, '[Blucher]{@blyukher}'; if it names something else here, give that its own "
        "entry and mark it with that id",
        f"docs/texts/t.md:{at}:49: ED709 'Nikol'sk' is a name of the register's entry 'nikolsk' but is not marked "
        "as a mention. Fix: mark it, '[Nikol'sk]{@nikolsk}'; if it names something else here, give that its own "
        "entry and mark it with that id",
        f"docs/texts/t.md:{at + 2}:28: ED709 'Fridovsky' is a name of the register's entry 'frinovsky' but is not "
        "marked as a mention. Fix: mark it, '[{sic: …}]{@frinovsky}'; a mention goes round the whole mark; if it "
        "names something else here, give that its own entry and mark it with that id",
        f"docs/texts/t.md:{at + 6}:11: ED709 'Sino-Japanese War' is a name of the register's entry 'war-1894' (and "
        "of '@war-1937') but is not marked as a mention. Fix: mark it, '[Sino-Japanese War]{@war-1894}', or with "
        "'@war-1937' if that is the one meant; if it names something else here, give that its own entry and mark "
        "it with that id",
        f"docs/texts/t.md:{at + 8}:12: ED709 'Blücher' is a name of the register's entry 'blyukher' but is not "
        "marked as a mention. Fix: mark it, '[Blücher]{@blyukher}'; if it names something else here, give that its "
        "own entry and mark it with that id",
        f"docs/texts/t.md:{at + 10}:10: ED709 'Blücher' is a name of the register's entry 'blyukher' but is not "
        "marked as a mention. Fix: mark it, '[Blücher]{@blyukher}'; if it names something else here, give that its "
        "own entry and mark it with that id",
    ]
    reported = [w.split("edition: ", 1)[1] for w in build.warnings() if " ED7" in w]
    assert reported == expected, "\n".join(reported)
    assert main(["-C", str(build.site.parent), "check"]) == 1
    assert [line for line in capsys.readouterr().out.splitlines() if " ED7" in line] == expected
