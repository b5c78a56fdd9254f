# Each target sets up what it needs: a virtual environment in .venv with the
# edition package installed (editable), rebuilt when pyproject.toml changes.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
CFF_VENV  := .venv-cff
CFF_STAMP := $(CFF_VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-setup quick browser bibtex-examples record check cite-files cffconvert
serve: $(STAMP)   ## preview the edition at http://127.0.0.1:8000/, rewriting only the pages an edit reaches
	$(VENV)/bin/mkdocs serve --dirty
check: $(STAMP)   ## check every source, the bibliography and the register, without building
	$(VENV)/bin/edition check
build: $(STAMP)   ## build the edition into site/, failing on any problem
	$(VENV)/bin/mkdocs build --strict
record: $(STAMP)   ## record what this build publishes: its addresses (anchors.txt), its transcriptions (published.txt)
	EDITION_RECORD=1 $(VENV)/bin/mkdocs build --strict --quiet
cite-files: $(STAMP) $(CFF_STAMP)   ## after a release: write CITATION.cff and .zenodo.json again, and validate CITATION.cff
	$(VENV)/bin/edition cite-files
	$(CFF_VENV)/bin/cffconvert --validate -i CITATION.cff
test: test-setup   ## run the whole test suite, on every core (pyproject.toml's addopts)
	$(PY) -m pytest
test-setup: $(STAMP) browser bibtex-examples $(CFF_STAMP)   ## install what the whole test suite needs (once)
# The checks a contributor runs before every push, in seconds: the edition's sources, and the generator's
# tests that build no site (the markup, hostile markup and YAML, every error message, the renderer's goldens),
# in this one process (-n 0: for so few, starting workers costs more than it saves).  CI runs `make test`.
QUICK := tests/test_markup.py tests/test_diagnostics.py tests/test_identity.py tests/test_layout.py \
         tests/test_golden.py tests/test_properties.py tests/test_plaintext.py tests/test_hostile_yaml.py \
         tests/test_hostile_markup.py
quick: $(STAMP)   ## check the sources and run the fast tests (seconds)
	$(VENV)/bin/edition check
	$(PY) -m pytest -q -n 0 $(QUICK)

# The browser tests drive Debian's Chromium (Playwright cannot download one here).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || { echo "The browser tests need Chromium: sudo apt-get install chromium"; exit 1; }

# biblatex's own examples, built whole by tests/test_hostile_bibtex.py: Debian's texlive-bibtex-extra.
BIBLATEX_EXAMPLES := /usr/share/texlive/texmf-dist/bibtex/bib/biblatex/biblatex/biblatex-examples.bib
bibtex-examples:
	@test -f $(BIBLATEX_EXAMPLES) || { [ "$$(id -u)" = 0 ] \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	  texlive-bibtex-extra >/dev/null; } \
	  || { echo "The bibliography tests need biblatex's examples: sudo apt-get install texlive-bibtex-extra"; exit 1; }

# cffconvert validates CITATION.cff (tests/test_release_files.py) from an environment of its own:
# it pins jsonschema<4, which the edition's must not get.  Its .gitignore keeps it out of git.
cffconvert: $(CFF_STAMP)
$(CFF_STAMP):
	python3 -m venv $(CFF_VENV)
	printf '*\n' > $(CFF_VENV)/.gitignore
	$(CFF_VENV)/bin/python -m pip install --quiet cffconvert==2.0.0
	touch $(CFF_STAMP)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip uninstall --quiet --yes edition 2>/dev/null || true  # the generator's name before 0.1.0's rename
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)
