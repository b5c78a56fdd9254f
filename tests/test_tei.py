"""The TEI export: valid against tei_all, both views in one text, the site's
anchors as xml:ids, and each kind of change encoded as the Exports page says."""

from __future__ import annotations

import dataclasses
import re

import markdown
import pytest
from lxml import etree

from edition import frontmatter
from edition.apparatus import KINDS
from edition.document import hidden_characters, parse_document
from edition.extension import EditionExtension
from edition.identity import Editor, Identity
from edition.plaintext import plain_texts
from edition.register import read_register
from edition.tei import ExportContext, to_tei

from . import miniature
from .conftest import ROOT

SCHEMA = ROOT / "schemas" / "tei_all.rng"
# The miniature edition's documents (the real edition's exports: test_edition.py).
TEXTS = {"book": miniature.BOOK_TEXT, "article": miniature.ARTICLE_TEXT}
DOCUMENTS = list(TEXTS)
NS = {"tei": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

REGISTER, _ = read_register(miniature.REGISTER, "register.yml")
CONTEXT = ExportContext(
    edition_title="Moscow and Tokyo", version="1.0.0", date="2026-11-22",
    url="https://edition.example/texts/mini/",
    register_url=lambda entity: f"https://edition.example/register/{entity}/",
    register_types={entity.id: entity.type for entity in REGISTER.entities.values()},
    bibliography_url=lambda key: f"https://edition.example/bibliography/#{key}")


@pytest.fixture(scope="session")
def schema(tei_schema: etree.RelaxNG) -> etree.RelaxNG:
    """tei_all (TEI P5 3.1.0): large, so read once for the session (conftest.tei_schema)."""
    assert SCHEMA == ROOT / "schemas" / "tei_all.rng"
    return tei_schema


def source(name: str) -> str:
    return TEXTS[name]


def export(text: str, name: str = "mini") -> str:
    document, diagnostics = parse_document(text, f"docs/texts/{name}.md")
    assert diagnostics == []
    return to_tei(document, text, dataclasses.replace(CONTEXT, url=f"https://edition.example/texts/{name}/"))


def tree(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode("utf-8"))


def assert_valid(schema: etree.RelaxNG, xml: str) -> None:
    assert schema.validate(tree(xml)), "\n".join(str(e) for e in schema.error_log)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_document_exports_valid_tei(schema: etree.RelaxNG, name: str) -> None:
    xml = export(source(name), name)
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert_valid(schema, xml)


def test_the_header_names_the_editions_editors_licence_and_doi(schema: etree.RelaxNG) -> None:
    document, _ = parse_document(source("book"), "docs/texts/book.md")
    identity = Identity("Moscow and Tokyo", (Editor("Jane Doe", orcid="0000-0002-1825-0097"),
                                             Editor("A Project", body=True)), "A Press", "CC-BY-4.0", "10.5281/zenodo.1")
    root = tree(to_tei(document, source("book"), dataclasses.replace(CONTEXT, identity=identity)))
    assert schema.validate(root), "\n".join(str(e) for e in schema.error_log)
    stmt = root.find("tei:teiHeader/tei:fileDesc", NS)
    resp = stmt.find("tei:titleStmt/tei:respStmt", NS)
    assert [(el.tag.split("}")[1], el.text, el.get("ref")) for el in resp[1:]] == [
        ("persName", "Jane Doe", "https://orcid.org/0000-0002-1825-0097"), ("orgName", "A Project", None)]
    publication = stmt.find("tei:publicationStmt", NS)
    assert publication.find("tei:publisher", NS).text == "A Press"
    assert publication.find("tei:idno[@type='DOI']", NS).text == "10.5281/zenodo.1"
    licence = publication.find("tei:availability/tei:licence", NS)
    assert (licence.text, licence.get("target")) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    # The source's rights stand with the source.
    assert stmt.find("tei:sourceDesc/tei:bibl/tei:availability/tei:p", NS).text == "Open access"


def test_the_validator_rejects_what_tei_forbids(schema: etree.RelaxNG) -> None:
    """So a passing validation means something: a dateline inside a paragraph is not TEI."""
    xml = export(source("book"))
    broken = xml.replace('<p>\n<lb n="1"', '<p><dateline>x</dateline>\n<lb n="1"', 1)
    assert broken != xml
    assert not schema.validate(tree(broken))
    assert "dateline" in str(schema.error_log.last_error)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_same_document_gives_the_same_bytes(name: str) -> None:
    assert export(source(name), name) == export(source(name), name)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_pointer_within_the_file_finds_its_element(name: str) -> None:
    root = tree(export(source(name), name))
    ids = root.xpath("//@xml:id")
    assert len(ids) == len(set(ids))
    pointers = [p for value in root.xpath("//@target | //@corresp | //@resp | //@who | //@datingMethod")
                for p in value.split() if p.startswith("#")]
    assert pointers
    assert [p for p in pointers if p[1:] not in ids] == []


def site_anchors(text: str) -> list[str]:
    """The ids of a document's page as the site's Markdown extension renders it."""
    lines = text.split("\n")
    _, start, _ = frontmatter.split(lines, "t.md")
    html = markdown.Markdown(extensions=[EditionExtension()]).convert("\n".join(lines[start:]))
    return re.findall(r'\sid="([^"]+)"', html)


# The page's own ids that name no passage of the text: the view section, the
# headings of the notes' lists, and each note marker's back-link target.
SITE_ONLY = re.compile(r"diplomatic|notes|editorial-notes|.+-ref")


@pytest.mark.parametrize("name, passages", [
    ("book", ["p131", *(f"p131.l{n}" for n in range(1, 34)), *(f"n{n}" for n in range(14, 20)),
                               "n17.l2", "p131.fw1", "p131.l4.hy", "p131.l11.e1", "app-p131.l11.e1"]),
    ("article", [*(f"para{n}" for n in range(1, 11)), *(f"h{n}" for n in range(1, 5)),
                 "fig1", "fw1", "dateline", "byline", "ed-toc", "para6.e1"]),
])
def test_every_anchor_of_the_page_is_an_xml_id(name: str, passages: list[str]) -> None:
    text = source(name)
    anchors = [a for a in site_anchors(text) if not SITE_ONLY.fullmatch(a)]
    assert set(passages) <= set(anchors)
    ids = set(tree(export(text, name)).xpath("//@xml:id"))
    assert [a for a in anchors if a not in ids] == []


def tei_view(root: etree._Element, view: str) -> list[str]:
    """The words of the TEI's body in one view, read here with XPath alone:
    the source's notes after the text, each after its printed number."""
    body = root.find("tei:text/tei:body", NS)
    dropped = {"reading": ("sic", "orig", "fw"), "diplomatic": ("corr", "reg", "supplied")}[view]
    for el in body.xpath(" | ".join([*(f".//tei:{tag}" for tag in dropped), ".//tei:note[@type='editorial']"]),
                         namespaces=NS):
        replace(el, "")
    for lb in body.xpath(".//tei:lb", namespaces=NS):
        replace(lb, "" if view == "reading" and lb.get("break") == "no" else " ")
    for pb in body.xpath(".//tei:pb", namespaces=NS):
        replace(pb, f" [p. {pb.get('n')}] ")
    notes = []
    for note in body.xpath(".//tei:note", namespaces=NS):
        notes.append(f" {note.get('n')} " + "".join(note.itertext()))
        replace(note, note.get("n").translate(SUPERSCRIPT))
    return ("".join(body.itertext()) + "".join(notes)).split()


def replace(el: etree._Element, text: str) -> None:
    """Put `text` where `el` stands, and remove it (keeping its tail)."""
    parent, previous = el.getparent(), el.getprevious()
    text += el.tail or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(el)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_tei_holds_the_plain_texts_word_for_word(name: str) -> None:
    text = source(name)
    document, _ = parse_document(text, name)
    xml = export(text, name)
    texts = plain_texts(document, text)
    assert tei_view(tree(xml), "reading") == texts["reading"].split()
    assert tei_view(tree(xml), "diplomatic") == texts["diplomatic"].split()
    assert tei_view(tree(xml), "reading") != tei_view(tree(xml), "diplomatic")


def test_page_131s_notes_keep_their_printed_numbers_at_their_markers() -> None:
    root = tree(export(source("book")))
    notes = root.xpath("//tei:body//tei:note[@place='foot']", namespaces=NS)
    assert [(n.get("n"), n.get(XML_ID)) for n in notes] == [(str(n), f"n{n}") for n in range(14, 20)]
    assert notes[0].getprevious().tail.endswith("villages.")  # where the marker ¹⁴ stands
    assert root.xpath("string(//tei:note[@n='17']//tei:lb/@xml:id)", namespaces=NS) == "n17.l2"


def test_mentions_name_their_type_and_link_to_the_register() -> None:
    root = tree(export(source("article")))
    frinovsky = root.xpath("//tei:persName[@ref='https://edition.example/register/frinovsky/']", namespaces=NS)
    assert len(frinovsky) == 1
    assert etree.tostring(frinovsky[0], encoding=str, with_tail=False).replace(f' xmlns="{NS["tei"]}"', "") == (
        '<persName ref="https://edition.example/register/frinovsky/">Mikhail <choice xml:id="para6.e1">'
        "<sic>Fridovsky</sic><corr>Frinovsky</corr></choice></persName>")
    kinds = {(el.tag.split("}")[1], el.get("type"), el.text) for el in root.xpath("//*[@ref]")}
    assert {("placeName", None, "Lake Hassan"), ("orgName", None, "NKVD"),
            ("persName", None, "Blücher")} <= kinds


def test_the_header_says_only_what_the_front_matter_says() -> None:
    root = tree(export(source("book"), "book"))
    file_desc = root.find("tei:teiHeader/tei:fileDesc", NS)

    def text(path: str) -> list[str]:
        return [" ".join("".join(el.itertext()).split()) for el in file_desc.xpath(path, namespaces=NS)]

    assert text("tei:titleStmt/tei:author") == ["Hiroaki Kuromiya", "Georges Mamoulia"]
    assert text("tei:titleStmt/tei:editor") == []  # the document names none, nor the edition:
    assert text("tei:titleStmt/tei:respStmt/tei:orgName") == ["Moscow and Tokyo"]  # it answers as a body
    assert file_desc.xpath("string(tei:editionStmt/tei:edition/@n)", namespaces=NS) == "1.0.0"
    assert file_desc.xpath("string(tei:editionStmt/tei:edition/tei:date/@when)", namespaces=NS) == "2026-11-22"
    assert text("tei:publicationStmt/tei:idno[@type='URI']") == ["https://edition.example/texts/book/"]
    assert file_desc.find("tei:publicationStmt/tei:availability", NS) is None  # the front matter gives no licence
    bibl = file_desc.find("tei:sourceDesc/tei:bibl", NS)
    assert text("tei:sourceDesc/tei:bibl/tei:biblScope[@unit='page']") == ["131"]
    # unverified: marked uncertain where it stands, and said why
    date = bibl.find("tei:date", NS)
    assert (date.text, date.get("when"), date.get("cert")) == ("2016", "2016", "unknown")
    assert bibl.find("tei:availability", NS).get("cert") == "unknown"
    note = file_desc.find("tei:notesStmt/tei:note[@n='source.date']", NS)
    assert note.get("type") == "unverified" and note.get("target") == f"#{date.get(XML_ID)}"
    assert note.text.startswith("2016 is not confirmed")
    assert bibl.find("tei:publisher", NS).get("cert") is None


def test_the_introduction_is_front_matter_of_the_editors() -> None:
    root = tree(export(source("article")))
    intro = root.find("tei:text/tei:front/tei:div[@type='introduction']", NS)
    assert intro.get("resp") == "#editors"
    assert [h.text for h in intro.iterfind(".//tei:head", NS)] == [
        "Introduction", "What was transcribed", "Decisions", "See also"]
    link = intro.find(".//tei:ref[@target='#para6.e1']", NS)
    assert link.text == "¶ 6"  # a link into the text stays a link


MINI = """\
---
title: A miniature
source:
  type: book
  authors: [A. Author]
  title: A Book
  date: "2016"
  language: en
  rights: Open access
witness: the test's own text
editors: [The tests]
transcribed: 2026-11-21
unverified:
  source.rights: "the licence is not confirmed"
---

The editors cite a work [@Berton1993, 72].

::text lines

::page 7
::furniture running head: A Test 7

The {ligature: rst -> first} line, {sic: sough -> sought | the print has it too} and a mark-
er in {doubtful: peace -> peace time / peacetime | one word or two}
{supplied: the | lost in the gutter} time of [Blukher]{@blyukher},
[8 (21) December 1917]{date 1917-12-21 julian 1917-12-08}, {extraction: Sato ¯ -> Satō | the macron detached},
{italic: Acta | a title}{space}no. 11.[^3]

[^3]: A note, see [p. 9](page:9).

::cites 3 [@Berton1993, 72]
"""


@pytest.mark.parametrize("expected", [
    # ligature, sic: the witness's form and the reading's, in one choice
    '<choice xml:id="p7.l1.e1"><orig>rst</orig><reg type="ligature">first</reg></choice>',
    '<choice xml:id="p7.l1.e2"><sic>sough</sic><corr>sought</corr></choice>',
    # a line-end hyphen: printed, not part of the word; the next line continues it
    'mark<choice xml:id="p7.l1.hy"><orig>-</orig><reg type="hyphenation" /></choice>'
    '<lb n="2" break="no" xml:id="p7.l2" />er in',
    # a doubtful reading: both views keep the words; the readings are in the apparatus
    '<unclear reason="ambiguous" xml:id="p7.l2.e1">peace</unclear>',
    '<supplied xml:id="p7.l3.e1">the</supplied>',
    # damage the text layer did to what the source prints correctly: not the source's error
    '<choice xml:id="p7.l4.e1"><orig>Sato ¯</orig><reg type="extraction">Satō</reg></choice>',
    # italics and a space the witness lost
    '<choice xml:id="p7.l5.e1"><orig>Acta</orig><reg type="italic"><hi rend="italic">Acta</hi></reg></choice>'
    '<choice xml:id="p7.l5.e2"><orig /><reg type="space"> </reg></choice>no. 11.',
    # page furniture
    '<fw type="running-head" xml:id="p7.fw1">A Test 7</fw>',
    # the source's note where its marker stands, under its printed label
    '<note n="3" place="foot" xml:id="n3"><p>A note, see <ref type="page" n="9">p. 9</ref>.</p></note>',
    # mentions and dates
    '<persName ref="https://edition.example/register/blyukher/">Blukher</persName>',
    '<date when="1917-12-21" when-custom="1917-12-08" datingMethod="#julian">8 (21) December 1917</date>',
    '<lb n="1" xml:id="p7.l1" />The',
    '<pb n="7" xml:id="p7" />',
    # the apparatus: place, lemma ] witness — kind: the editors' reason
    '<note type="apparatus" subtype="sic" target="#p7.l1.e2" xml:id="app-p7.l1.e2"><label>p. 7, l. 1</label> '
    "sought ] sough [sic] — error of the source (the source's own): the print has it too</note>",
    '<note type="apparatus" subtype="extraction" target="#p7.l4.e1" xml:id="app-p7.l4.e1"><label>p. 7, l. 4</label> '
    "Satō ] Sato ¯ — damaged by the text layer (the text layer's, not the source's): the macron detached</note>",
    '<note type="apparatus" subtype="doubtful" target="#p7.l2.e1" xml:id="app-p7.l2.e1"><label>p. 7, l. 2</label> '
    "peace ] peace time / peacetime — doubtful reading (the editors'): one word or two</note>",
    '<note type="apparatus" subtype="supplied" target="#p7.l3.e1" xml:id="app-p7.l3.e1"><label>p. 7, l. 3</label> '
    "⟨the⟩ ] not in the witness — supplied (the editors'): lost in the gutter</note>",
    # the work the source's note cites, linked by the editors; their citation in the introduction
    '<bibl corresp="#n3"><ptr target="https://edition.example/bibliography/#Berton1993" />'
    "<citedRange>72</citedRange></bibl>",
    'a work <note type="editorial" resp="#editors" n="a" xml:id="ed-berton1993"><bibl>'
    '<ptr target="https://edition.example/bibliography/#Berton1993" /><citedRange>72</citedRange></bibl></note>.',
    # the source's rights, unverified, with the source
    '<availability cert="unknown" xml:id="unverified-source.rights">',
])
def test_a_miniature_encodes_each_construct(expected: str) -> None:
    assert expected in export(MINI)


def test_the_miniature_is_valid_and_has_every_kind_of_change(schema: etree.RelaxNG) -> None:
    xml = export(MINI)
    assert_valid(schema, xml)
    kinds = set(tree(xml).xpath("//tei:note[@type='apparatus']/@subtype", namespaces=NS))
    assert kinds == {name for name, kind in KINDS.items() if kind.in_apparatus} - {"abbr", "reg", "unclear", "var"}


def test_a_born_digital_miniature_encodes_its_structure(schema: etree.RelaxNG) -> None:
    text = MINI.split("::text")[0] + """::text paragraphs

::dateline 21 May 2025

# Title

::figure A map. Photo: x

One paragraph[^ed-one]
goes on.

- an item
- another

> A quotation.

## Part

Two.

::byline The Author

[^ed-one]: An editorial note, *in italics*, citing [see @Meijer1964, 622–23; @Berton1993].
"""
    xml = export(text)
    assert_valid(schema, xml)
    body = xml[xml.index("<body"):xml.index("</body>")]
    assert body == (
        '<body xml:id="text" xml:lang="en">\n'
        '<dateline xml:id="dateline">21 May 2025</dateline>\n'
        '<div>\n<head xml:id="h1">Title</head>\n'
        '<figure xml:id="fig1"><head>A map. Photo: x</head></figure>\n'
        '<p n="1" xml:id="para1">One paragraph<note type="editorial" resp="#editors" n="b" xml:id="ed-one">'
        '<p>An editorial note, <hi rend="italic">in italics</hi>, citing <bibl>see '
        '<ptr target="https://edition.example/bibliography/#Meijer1964" /><citedRange>622–23</citedRange></bibl>; '
        '<bibl><ptr target="https://edition.example/bibliography/#Berton1993" /></bibl>.</p></note> goes on.</p>\n'
        '<list><item n="2" xml:id="para2">an item</item>\n<item n="3" xml:id="para3">another</item>\n</list>\n'
        '<quote><p n="4" xml:id="para4">A quotation.</p>\n</quote>\n'
        '<div>\n<head xml:id="h2">Part</head>\n<p n="5" xml:id="para5">Two.</p>\n'
        '<byline xml:id="byline">The Author</byline>\n</div>\n</div>\n')


def test_a_document_without_notes_or_changes_has_no_back() -> None:
    text = MINI.split("::text")[0].replace("[@Berton1993, 72]", "") + "::text paragraphs\n\nJust words.\n"
    xml = export(text)
    assert "<back>" not in xml and "<front>" in xml
    assert '<p n="1" xml:id="para1">Just words.</p>' in xml


def test_the_introductions_markdown_becomes_tei() -> None:
    intro = ("An *introduction* with [a link](https://example.org), [another page](../other.md#x) and "
             "[the text](#p7.l1), `code`, <b>raw</b> &amp; &copy; &nosuch;.\n\n")
    xml = export(MINI.replace("The editors cite a work [@Berton1993, 72].\n\n", intro))
    # a link to another page of the site keeps its words: this file cannot reach it
    assert ('<p>An <hi rend="italic">introduction</hi> with <ref target="https://example.org">a link</ref>, '
            'another page and <ref target="#p7.l1">the text</ref>, <code>code</code>, '
            "&lt;b&gt;raw&lt;/b&gt; &amp; © &amp;nosuch;.</p>") in xml


def test_every_document_of_the_built_site_links_its_valid_exports(schema: etree.RelaxNG, mini_build) -> None:
    """What readers download: every document page links its exports, and every TEI file validates."""
    from bs4 import BeautifulSoup

    pages = sorted((mini_build.site / "texts").glob("*/index.html"))
    assert len(pages) == 2
    for page in pages:
        links = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(".document-exports a")
        assert [(a.get_text(), a["href"]) for a in links] == [
            ("TEI XML", "tei.xml"), ("reading view", "reading.txt"), ("diplomatic view", "diplomatic.txt"),
            ("what they hold", "../../exports/")]
        assert_valid(schema, (page.parent / "tei.xml").read_text(encoding="utf-8"))
        idno = tree((page.parent / "tei.xml").read_text(encoding="utf-8")).find(".//{*}publicationStmt/{*}idno")
        assert idno.text == f"http://127.0.0.1:8000/texts/{page.parent.name}/"
        assert (page.parent / "reading.txt").read_text(encoding="utf-8").strip()


def test_the_corrections_log_is_the_revision_history(schema: etree.RelaxNG) -> None:
    text = source("book").replace("transcribed: 2026-11-21\n", "transcribed: 2026-11-21\n"
                                                   "corrections:\n  - {date: 2026-11-22, what: 'p. 131, l. 1: "
                                                   "a word.', why: a typo., by: '#12'}\n", 1)
    xml = export(text, "book")
    assert_valid(schema, xml)
    changes = tree(xml).findall(".//tei:revisionDesc/tei:change", NS)
    assert [(c.get("when"), c.get("type"), c.text) for c in changes][1:] == [
        ("2026-11-22", "correction", "p. 131, l. 1: a word. Why: a typo. By: #12")]


def test_a_control_character_xml_forbids_is_exported_as_the_replacement_character() -> None:
    """ED007 reports it and fails the strict build; a build that goes on writes well-formed TEI, the
    character shown as U+FFFD where it was, not dropped (a NUL in the introduction stopped the export)."""
    text = source("book").replace("This is page 131 of", "This is page\x00131 of", 1)
    text = text.replace("Moscow sought to strengthen", "Moscow sought\x01to strengthen", 1)
    assert [d.code for d in hidden_characters(text, "docs/texts/book.md")] == ["ED007", "ED007"]
    document, _ = parse_document(text, "docs/texts/book.md")
    xml = to_tei(document, text, dataclasses.replace(CONTEXT, url="https://edition.example/texts/book/"))
    said = "".join(tree(xml).itertext())
    assert "This is page\ufffd131 of" in said and "sought\ufffdto strengthen" in said
