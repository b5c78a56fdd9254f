"""The navigation a reader sees beside a page (edition/theme/partials/nav-item.html,
written by edition/nav_html.py), on a miniature edition."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .conftest import MINI_BIB, MINI_CHANGELOG, MINI_CONFIG, serve, visit

CONFIG = MINI_CONFIG.replace("theme:\n  name: material\n", """\
theme:
  name: material
  features: [navigation.sections, navigation.prune{indexes}]
""") + """\
nav:
  - Home: index.md
  - Texts:
    - Book A: [{index}a/1.md, a/2.md, a/3.md]
    - Book B: [b/1.md, b/2.md]
"""


def built(tmp_path: Path, indexes: bool = False) -> Path:
    """A miniature edition with two books; with `indexes`, Book A has a page of its own (a/index.md)."""
    (tmp_path / "mkdocs.yml").write_text(CONFIG.format(
        indexes=", navigation.indexes" if indexes else "", index="a/index.md, " if indexes else "",
        anchors="false", published="false"))
    (tmp_path / "changelog.md").write_text(MINI_CHANGELOG, encoding="utf-8")
    (tmp_path / "bibliography.bib").write_text(MINI_BIB, encoding="utf-8")
    (tmp_path / "register.yml").write_text("", encoding="utf-8")
    pages = {"index.md": "# Home\n"} | ({"a/index.md": "# About Book A\n"} if indexes else {})
    pages |= {f"{book}/{n}.md": f"# {book.upper()} {n}\n\n## Contents {n}\n" for book, n in
              (("a", 1), ("a", 2), ("a", 3), ("b", 1), ("b", 2))}
    for name, text in pages.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=tmp_path, check=True,
                   env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    return tmp_path / "site"


def primary_nav(html: str) -> str:
    return re.search(r'<nav class="md-nav md-nav--primary".*?</ul>\s*</nav>\s*</div>', html, re.S).group(0)


def test_a_page_lists_its_own_section_and_one_link_for_each_other(tmp_path: Path, tab) -> None:
    site = built(tmp_path)
    with serve(site) as base:
        page = visit(tab, base + "a/2/", 1280, 900)
        nav = page.locator(".md-sidebar--primary")
        links = nav.locator("a.md-nav__link:visible")
        assert [" ".join(text.split()) for text in links.all_inner_texts()] == [
            "Home", "A 1", "A 2", "A 3", "Book B"]
        hrefs = links.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        assert hrefs == ["/", "/a/1/", "/a/2/", "/a/3/", "/b/1/"]  # a pruned book opens at its first page
        assert nav.locator(".md-nav__link--active:visible").inner_text().strip() == "A 2"
        # On a phone, the drawer opens at the page's book, and the page's label opens its contents.
        page.set_viewport_size({"width": 400, "height": 800})
        page.locator("header label[for='__drawer']").click()
        page.wait_for_timeout(400)  # the drawer slides in
        assert on_screen(page, ".md-sidebar--primary .md-nav__link") == ["A 1", "A 2", "A 3"]
        page.locator(".md-sidebar--primary label.md-nav__link[for='__toc']").click()
        page.wait_for_timeout(400)
        assert on_screen(page, ".md-sidebar--primary .md-nav--secondary .md-nav__link") == ["Contents 2"]


def on_screen(page, selector: str) -> list[str]:
    """The texts of the elements a reader can see: inside the window, and not covered."""
    return page.evaluate("""selector => [...document.querySelectorAll(selector)].filter(el => {
        const box = el.getBoundingClientRect(), x = box.left + 4, y = box.top + box.height / 2;
        return box.width > 0 && x < innerWidth && y < innerHeight && el.contains(document.elementFromPoint(x, y));
    }).map(el => el.innerText.trim())""", selector)


def test_the_navigation_carries_no_blank_lines_or_indentation(tmp_path: Path) -> None:
    """Every document's page repeats its section's list: its size must not
    grow by layout whitespace (manual/docs/performance.md)."""
    nav = primary_nav((built(tmp_path) / "a" / "2" / "index.html").read_text())
    items = nav[nav.index("A 1") - 200:nav.index("</li>", nav.index("Book B"))]
    items = re.sub(r'\s*<nav class="md-nav md-nav--secondary".*?</nav>', "", items, flags=re.S)  # Material's
    assert "Book B" in items and re.findall(r">\s+<", items) == []


def test_with_navigation_indexes_a_books_title_opens_its_own_page(tmp_path: Path) -> None:
    site = built(tmp_path, indexes=True)
    nav = primary_nav((site / "a" / "2" / "index.html").read_text())
    title = re.search(r'<div class="md-nav__link md-nav__container"><a href="([^"]*)" class="([^"]*)">Book A</a>', nav)
    assert title and title.groups() == ("../", "md-nav__link")
    assert ">About Book A<" not in nav  # the book's page is its title, not one of its items
    nav = primary_nav((site / "a" / "index.html").read_text())
    assert '<a href="./" class="md-nav__link md-nav__link--active">Book A</a>' in nav


def test_a_books_title_is_in_italics_in_the_heading_and_the_navigation(mini_build) -> None:
    from bs4 import BeautifulSoup

    from . import miniature
    soup = BeautifulSoup((mini_build.site / miniature.BOOK / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert str(soup.find("h1").find("em")) == "<em>The Eurasian Triangle</em>"
    assert soup.select_one("a.md-nav__link--active em").get_text() == "The Eurasian Triangle"
    assert soup.title.get_text().startswith("Kuromiya and Mamoulia, The Eurasian Triangle, p. 131 - ")  # text only
    article = BeautifulSoup((mini_build.site / miniature.ARTICLE / "index.html").read_text(encoding="utf-8"),
                            "html.parser")
    assert article.find("h1").find("em") is None  # an article's title is quoted, not italic
