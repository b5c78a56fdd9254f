"""The edition's own checks: rules over this repository's edition (docs/,
bibliography.bib, register.yml, witnesses/, anchors.txt, published.txt) that
hold whatever texts it has.  None counts its documents or pins today's
wording: a contributor who adds a correct document or logs a correction as
the manual's contributing guide says keeps every one of them true
(test_contribution.py proves it).  The generator's own tests run on the
miniature edition (tests/miniature.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from edition import anchors, corrections
from edition.bibliography import read_bibliography
from edition.document import parse_document
from edition.plaintext import plain_texts
from edition.register import read_register
from edition.release import read_release

from .conftest import ROOT, SOURCES, Build
from .test_links import broken_links
from .test_site import diplomatic_words

pytestmark = pytest.mark.edition
TEXTS = ROOT / "docs" / "texts"
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def documents() -> list[Path]:
    """Every document of the edition, as it is now."""
    return sorted(TEXTS.glob("*.md"))


def address(document: Path) -> str:
    return f"texts/{document.relative_to(TEXTS).with_suffix('').as_posix()}/"


def witnessed() -> list[tuple[str, str]]:
    """(witness file, document), both from the edition's folder, for every
    document whose front matter names the file of its witness (`witness_file`):
    a document added with its witness is checked against it, as these are."""
    pairs = []
    for document in sorted(TEXTS.rglob("*.md")):
        path = document.relative_to(ROOT).as_posix()
        parsed, _ = parse_document(document.read_text(encoding="utf-8"), path)
        if isinstance(parsed.meta.get("witness_file"), str):
            pairs.append((parsed.meta["witness_file"], path))
    return pairs


def page(build: Build, name: str) -> BeautifulSoup:
    return BeautifulSoup((build.site / name).read_text(encoding="utf-8"), "html.parser")


def non_blank(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# --- The edition builds, and checks clean -------------------------------------------------

def test_the_edition_builds_strict_with_no_warning(edition_build: Build) -> None:
    assert edition_build.returncode == 0, edition_build.log
    assert edition_build.warnings() == []


def test_the_edition_checks_clean_from_the_installed_command() -> None:
    command = Path(sys.executable).parent / "edition"
    result = subprocess.run([command, "check"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert re.fullmatch(rf"edition check: no problems \({len(documents())} documents?, \d+ pages?, \d+ works? of the "
                        r"bibliography, \d+ register entr(?:y|ies); \d+\.\d s\)\n", result.stderr), result.stderr


def test_every_document_is_in_the_site(edition_build: Build) -> None:
    assert documents()
    for document in documents():
        assert (edition_build.site / address(document) / "index.html").is_file(), document


# --- The texts and their witnesses ---------------------------------------------------------

def test_every_witness_named_is_a_file_of_witnesses() -> None:
    """The documents name their witnesses' files (`witness_file`); this
    edition keeps them in witnesses/."""
    for witness, document in witnessed():
        assert (ROOT / witness).is_file(), (document, witness)
        assert (ROOT / witness).resolve().parent == SOURCES.resolve(), (document, witness)


@pytest.mark.parametrize("witness, document", witnessed(), ids=lambda name: Path(name).stem)
def test_the_diplomatic_text_is_the_witness_line_for_line(witness: str, document: str) -> None:
    """Every line of the witness, in order, and nothing else but the edition's
    page lines ("[p. 131]").  Blank lines are not compared: the witness's are
    the capture's layout, the export's part its blocks."""
    text = (ROOT / document).read_text(encoding="utf-8")
    parsed, problems = parse_document(text, document)
    assert problems == []
    diplomatic = plain_texts(parsed, text)["diplomatic"]
    ours = [line for line in non_blank(diplomatic) if not re.fullmatch(r"\[p\. \w+\]", line)]
    assert ours == non_blank((ROOT / witness).read_text(encoding="utf-8"))


@pytest.mark.parametrize("witness, document", witnessed(), ids=lambda name: Path(name).stem)
def test_every_word_of_the_witness_is_on_the_page_in_the_diplomatic_view(edition_build: Build, witness: str,
                                                                         document: str) -> None:
    text = (ROOT / witness).read_text(encoding="utf-8").translate(SUPERSCRIPTS)
    soup = page(edition_build, address(ROOT / document) + "index.html")
    labels = [li["value"] for li in soup.select("section.author-notes li[value]")]
    # A note's printed number is the number of its list item, not a word of its text.
    text = re.sub(rf"^(?:{'|'.join(labels) or 'x^'}) ", "", text, flags=re.M)
    assert Counter(text.split()) - diplomatic_words(soup) == Counter()


def test_every_apparatus_entry_and_its_place_in_the_text_link_to_each_other(edition_build: Build) -> None:
    for document in documents():
        soup = page(edition_build, address(document) + "index.html")
        for li in soup.select(".apparatus-list > li"):
            place = li.select_one("a.app-place")["href"].removeprefix("#")
            target = soup.find(id=place)
            assert target is not None, (document.name, place)
            back = target if target.name == "a" else target.select_one("a.fw-label")
            assert back["href"] == f"#{li['id']}", (document.name, place)


def test_every_page_of_a_printed_document_has_its_anchor_and_its_lines(edition_build: Build) -> None:
    for document in documents():
        text = document.read_text(encoding="utf-8")
        pages = re.findall(r"^::page (\S+)", text, flags=re.M)
        soup = page(edition_build, address(document) + "index.html")
        for number in pages:
            assert soup.find(id=f"p{number}") is not None, (document.name, number)
        if pages and "::text lines" in text and soup.select("section.transcription span.lb"):
            first = soup.select_one("section.transcription span.lb")["id"]
            assert re.fullmatch(r"p\S+\.l1", first), (document.name, first)


# --- The exports ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def schema(tei_schema: etree.RelaxNG) -> etree.RelaxNG:
    return tei_schema  # schemas/tei_all.rng, read once for the session


def test_every_document_links_its_exports_and_every_tei_export_is_valid(schema: etree.RelaxNG,
                                                                      edition_build: Build) -> None:
    for document in documents():
        folder = edition_build.site / address(document)
        links = page(edition_build, address(document) + "index.html").select(".document-exports a")
        assert [a["href"] for a in links][:3] == ["tei.xml", "reading.txt", "diplomatic.txt"]
        tei = etree.parse(str(folder / "tei.xml"))
        assert schema.validate(tei), (document.name, "\n".join(str(e) for e in schema.error_log))
        assert (folder / "reading.txt").read_text(encoding="utf-8").strip(), document.name
        assert (folder / "diplomatic.txt").read_text(encoding="utf-8").strip(), document.name


# --- Links, addresses and records -----------------------------------------------------------

def test_no_internal_link_or_anchor_of_the_built_edition_is_broken(edition_build: Build) -> None:
    assert broken_links(edition_build.site) == []


def test_the_records_of_what_was_published_read_clean_and_name_documents_that_exist() -> None:
    register, problems = anchors.read((ROOT / "anchors.txt").read_text(encoding="utf-8"), "anchors.txt")
    assert problems == []
    record, problems = corrections.read((ROOT / "published.txt").read_text(encoding="utf-8"), "published.txt")
    assert problems == []
    for path in record.documents:
        assert (ROOT / path).is_file(), path


def test_every_published_address_is_still_in_the_site(edition_build: Build) -> None:
    """What anchors.txt records stays (or is redirected): the strict build
    checks it (ED811); here, every page it lists is a page or a redirect."""
    register, _ = anchors.read((ROOT / "anchors.txt").read_text(encoding="utf-8"), "anchors.txt")
    for listed in register.pages:
        assert (edition_build.site / listed / "index.html").is_file() or (
            edition_build.site / listed).is_file(), listed


def test_every_page_shows_the_current_version(edition_build: Build) -> None:
    release, problems = read_release((ROOT / "docs" / "changelog.md").read_text(encoding="utf-8"), "changelog.md")
    assert problems == []
    for document in documents():
        footer = page(edition_build, address(document) + "index.html").find(class_="edition-version")
        assert footer.get_text().split()[:2] == ["Version", release.version], document.name


def test_the_sitemap_lists_every_document(edition_build: Build) -> None:
    sitemap = (edition_build.site / "sitemap.xml").read_text(encoding="utf-8")
    for document in documents():
        assert f"/{address(document)}</loc>" in sitemap, document.name


# --- The corrections log ----------------------------------------------------------------------

def test_every_logged_correction_is_under_its_document_and_on_the_corrigenda(edition_build: Build) -> None:
    corrigenda = page(edition_build, "corrigenda/index.html")
    logged = 0
    for document in documents():
        parsed, _ = parse_document(document.read_text(encoding="utf-8"), f"docs/texts/{document.name}")
        entries = parsed.meta.get("corrections") or []
        logged += len(entries)
        if entries:
            log = page(edition_build, address(document) + "index.html").find(id="corrections")
            assert len(log.find_next("ol").find_all("li", recursive=False)) == len(entries), document.name
    rows = corrigenda.select(".corrigenda table tbody tr")
    assert len(rows) == logged
    if not logged:
        assert corrigenda.find(class_="corrigenda-none") is not None


# --- The bibliography and the register ---------------------------------------------------------

def test_every_work_of_the_bibliography_is_on_the_bibliography_page(edition_build: Build) -> None:
    bib, problems = read_bibliography((ROOT / "bibliography.bib").read_text(encoding="utf-8"), "bibliography.bib")
    assert problems == []
    listed = {li["id"] for li in page(edition_build, "bibliography/index.html").select(".bibliography-list > li")}
    assert set(bib.works) == listed


def test_every_register_entry_has_its_page_and_every_mention_links_to_one(edition_build: Build) -> None:
    register, problems = read_register((ROOT / "register.yml").read_text(encoding="utf-8"), "register.yml")
    assert problems == []
    for entity in register.entities:
        assert (edition_build.site / "register" / entity / "index.html").is_file(), entity
    index = page(edition_build, "register/index.html")
    assert {a["href"].strip("/") for a in index.select("ul.register-index > li > a")} == set(register.entities)
    for document in documents():
        for mention in page(edition_build, address(document) + "index.html").select("a.mention"):
            entity = mention["href"].removeprefix("../../register/").strip("/")
            assert entity in register.entities, (document.name, mention)
