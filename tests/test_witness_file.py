"""`witness_file`: a document's front matter names the file of its witness
(frontmatter.witness_file).  The miniature edition, its documents naming
the witnesses it keeps, builds strict; the file is read at every build,
never taken from the cache with the document's model.  The messages are
tested in test_diagnostics.py, the command's reports in test_bad_input.py."""

from __future__ import annotations

from pathlib import Path



from . import miniature
from .conftest import run_mkdocs


def name_witness(folder: Path, document: str, witness: str) -> str:
    """Name `witness` in the document's front matter, below `witness:`; the value's place, 'line:col'."""
    path = folder / document
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("transcribed:"))
    lines.insert(at, f"witness_file: {witness}")
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"{at + 1}:{len('witness_file: ') + 1}"


def test_the_miniature_edition_naming_its_witnesses_builds_strict(mini_copy: Path) -> None:
    name_witness(mini_copy, miniature.BOOK_FILE, miniature.BOOK_WITNESS_FILE)
    name_witness(mini_copy, miniature.ARTICLE_FILE, miniature.ARTICLE_WITNESS_FILE)
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode == 0, build.log
    assert build.warnings() == []
    assert (build.site / miniature.BOOK / "index.html").is_file()
    assert not (build.site / "witnesses").exists()  # kept in the repository, not published


def test_a_witness_file_gone_fails_the_next_build_though_its_document_did_not_change(mini_copy: Path) -> None:
    at = name_witness(mini_copy, miniature.BOOK_FILE, miniature.BOOK_WITNESS_FILE)
    assert run_mkdocs(mini_copy, mini_copy / "site").returncode == 0
    assert (mini_copy / ".cache").is_dir()  # the document's model is kept, and read again as it is
    (mini_copy / miniature.BOOK_WITNESS_FILE).unlink()
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode == 1
    assert f"{miniature.BOOK_FILE}:{at}: ED108 'witness_file' names '{miniature.BOOK_WITNESS_FILE}', which does " \
           "not exist" in build.log, build.log
