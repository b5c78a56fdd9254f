"""One exact message per diagnostic: what an editor reads, word for word."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.diagnostics import CODES
from edition.document import MAX_PAGE_BYTES, decode, parse_document
from edition.frontmatter import witness_file

from .conftest import FRONT_MATTER

BODY_AT = FRONT_MATTER.count("\n") + 1  # file line of the first body line


def doc(body: str) -> str:
    return FRONT_MATTER + body


def meta(fields: str, body: str = "::text lines\n") -> str:
    return f"---\n{fields}---\n{body}"


VALID_FIELDS = FRONT_MATTER.removeprefix("---\n").removesuffix("---\n")

CASES = [
    ("ED100", "::text lines\n",
     "t.md:1:1: ED100 this document has no front matter. Fix: start the file with a '---' line, the fields "
     "listed on the 'How to transcribe' page, and a closing '---'"),
    ("ED101", meta(VALID_FIELDS.replace("title: A test document", "title: Lake Hassan: a history")),
     "t.md:2:19: ED101 the front matter is not valid YAML: mapping values are not allowed here. Fix: check "
     "the quoting and indentation on this line; a value containing ': ' must be put in quotes"),
    ("ED101", "---\ntitle: T\n::text lines\n",
     "t.md:1:1: ED101 the front matter opened by '---' is never closed. Fix: end it with a line '---' "
     "before the text begins"),
    ("ED101", meta(VALID_FIELDS + "title: Again\n"),
     "t.md:12:1: ED101 the field 'title' is given twice. Fix: keep one of the two lines"),
    ("ED102", meta(VALID_FIELDS.replace("witness: the test's own text\n", "")),
     "t.md:2:1: ED102 the required field 'witness' is missing. Fix: add 'witness:' with what exactly was "
     "transcribed, e.g. 'the PDF's text layer'"),
    ("ED103", meta(VALID_FIELDS.replace("editors: [The tests]", "editors: The tests")),
     "t.md:10:10: ED103 'editors' should be a list. Fix: write who transcribed and edited this document, if not the edition's editors (mkdocs.yml), as a list"),
    ("ED103", meta(VALID_FIELDS.replace("type: book", "type: novel")),
     "t.md:4:9: ED103 'source.type' is 'novel', not one of: book, article, web-article, newspaper, letter, "
     "manuscript, typescript. Fix: pick the nearest kind; the list is on the 'How to transcribe' page"),
    ("ED103", meta(VALID_FIELDS + "witness_file: [witnesses/a.txt]\n"),
     "t.md:12:15: ED103 'witness_file' should be a text. Fix: write the witness's file, its path from the "
     "edition's folder (where mkdocs.yml is), e.g. 'witnesses/letter-1938-05-02.txt'"),
    ("ED104", meta(VALID_FIELDS.replace("witness:", "witnes:")),
     "t.md:9:1: ED104 unknown field 'witnes'. Fix: did you mean 'witness'?"),
    ("ED105", meta(VALID_FIELDS.replace('date: "2016"', "date: 21 May 2025")),
     "t.md:7:9: ED105 'source.date' is '21 May 2025', which is not a date in ISO 8601 form. Fix: write year, "
     "year-month or year-month-day, e.g. 2025-05-21"),
    ("ED106", meta(VALID_FIELDS + "unverified:\n  source.publisher: one record says so\n"),
     "t.md:13:3: ED106 'unverified' names 'source.publisher', which this document does not give. Fix: use "
     "the field's full name, e.g. 'source.date', or remove the line"),
    ("ED010", doc("An introduction, [see](javascript:alert(1)).\n\n::text lines\n::page 1\nA line.\n"),
     f"t.md:{BODY_AT}:24: ED010 a link to a 'javascript:' address; the edition links only to http, https and "
     "mailto addresses and to its own pages. Fix: link to a web address (https://…) or a page of the edition; "
     "script and data addresses are never allowed, since they could run on a reader's browser"),
    ("ED011", doc("An introduction.\n{: onclick=\"alert(1)\"}\n\n::text lines\n::page 1\nA line.\n"),
     f"t.md:{BODY_AT + 1}:4: ED011 the attribute 'onclick' would run script when a reader's browser fires it. "
     "Fix: remove it; the edition's pages never carry script from their sources"),
    ("ED200", doc("::text lines\n::page 1\nA word.[^20]\n"),
     f"t.md:{BODY_AT + 2}:8: ED200 note [^20] is referenced but never defined. Fix: add its text on a line "
     "'[^20]: …' below the page's text, or remove the marker"),
    ("ED201", doc("::text lines\n::page 1\nA word.\n\n[^3]: A note.\n"),
     f"t.md:{BODY_AT + 4}:1: ED201 note [^3] is defined but never referenced. Fix: put the marker [^3] where "
     "the source has it, or delete the definition"),
    ("ED202", doc("::text lines\n::page 1\nA word.[^3]\n\n[^3]: A note.\n[^3]: Another.\n"),
     f"t.md:{BODY_AT + 5}:1: ED202 note [^3] is defined twice (first at t.md:{BODY_AT + 4}:1). Fix: give "
     "each note its own label, or merge the two definitions"),
    ("ED203", doc("::text lines\n::page 1\nA word.[^ed-Big Note]\n\n[^ed-Big Note]: A note.\n"),
     f"t.md:{BODY_AT + 4}:1: ED203 '[^ed-Big Note]' is not a note label the edition accepts. Fix: an "
     "author's note keeps its printed label (digits, letters or * † ‡ § ¶); an editorial note is named 'ed-' "
     "and lower-case words, e.g. '[^ed-rgva]'"),
    ("ED204", doc("::text lines\n::page 1\nA word.[^3] Again.[^3]\n\n[^3]: A note.\n"),
     f"t.md:{BODY_AT + 2}:19: ED204 the author's note [^3] is referenced a second time. Fix: the source "
     "prints each note marker once; delete the second marker"),
    ("ED205", doc("See the note.[^3]\n\n::text lines\n::page 1\nA word.\n\n[^3]: A note.\n"),
     f"t.md:{BODY_AT}:14: ED205 the author's note [^3] is referenced before the text begins. Fix: the "
     "source's own marker belongs in the text; to point to the note, link to it: '[note 3](#n3)'"),
    ("ED300", doc("::text lines\n::page 131\nA line.\n::page 130\nAnother.\n"),
     f"t.md:{BODY_AT + 3}:1: ED300 page 130 comes after page 131 (t.md:{BODY_AT + 1}:1). Fix: pages go in "
     "printed order, each once; check the number or move the page"),
    ("ED301", doc("::text lines\n::page p. 131\nA line.\n"),
     f"t.md:{BODY_AT + 1}:1: ED301 'p. 131' is not a page number. Fix: write the printed page number, e.g. "
     "'::page 131' (or roman, '::page xv')"),
    ("ED302", doc("::text lines\nA line.\n::page 1\n"),
     f"t.md:{BODY_AT + 1}:1: ED302 a printed line comes before the first page break. Fix: put '::page N' "
     "(the printed page number) before the page's first line"),
    ("ED303", doc("::text paragraphs\n::page 1\nA paragraph.\n"),
     f"t.md:{BODY_AT + 1}:1: ED303 '::page' in a text numbered by paragraphs. Fix: change '::text "
     "paragraphs' to '::text lines' if the source is printed, or delete this line"),
    ("ED304", doc("::text lines\n::page 1\nA split wo-\n\nrd.\n"),
     f"t.md:{BODY_AT + 2}:11: ED304 this line ends in a hyphen, but no printed line follows it in the same "
     "paragraph. Fix: if the word runs on after a page break, keep the '::page' line inside the paragraph "
     "(no blank lines around it); if the hyphen is a real one, write it as '\\-'"),
    ("ED400", doc("::text lines\n::pgae 1\n"),
     f"t.md:{BODY_AT + 1}:1: ED400 unknown directive '::pgae'. Fix: use one of '::text', '::page', "
     "'::furniture', '::figure', '::table', '::dateline', '::byline', "
     "'::cites'; a line of the source that starts with '::' can be "
     "written '\\::'"),
    ("ED401", doc("::text lines\n::page 1\n::furniture Moscow versus Tokyo\nA line.\n"),
     f"t.md:{BODY_AT + 2}:1: ED401 '::furniture' needs what it is and its text. Fix: write e.g. "
     "'::furniture running head: Moscow versus Tokyo 131'"),
    ("ED401", doc("::text prose\n"),
     f"t.md:{BODY_AT}:1: ED401 '::text' needs 'lines' or 'paragraphs', not 'prose'. Fix: write '::text "
     "lines' for a printed source, '::text paragraphs' for a born-digital one"),
    ("ED402", doc("::text lines\n::page 1\nA line.\n::text lines\n"),
     f"t.md:{BODY_AT + 3}:1: ED402 '::text' is given a second time. Fix: a document has one transcription; "
     "delete this line"),
    ("ED403", doc("::text paragraphs\n\n    An indented paragraph.\n"),
     f"t.md:{BODY_AT + 2}:1: ED403 this line would be shown as computer code, not as text. Fix: remove the "
     "indentation (or the ``` fence): transcriptions have no code blocks"),
    ("ED018", doc("::text lines\n::page 1\nA `word and\nits [Blyukher]{@blyukher}`` line.``\n"),
     f"t.md:{BODY_AT + 2}:3: ED018 backticks that no run as long closes on this line; Markdown would end the "
     "code span elsewhere, and the words between would lose their marks and links. Fix: close each run of "
     "backticks with one as long on the same line"),
    ("ED404", doc("Only an introduction.\n"),
     f"t.md:{BODY_AT}:1: ED404 this document has no transcription. Fix: put '::text lines' (printed source) "
     "or '::text paragraphs' (born-digital) on its own line where the transcription begins"),
    ("ED405", doc("::page 1\n::text lines\n"),
     f"t.md:{BODY_AT}:1: ED405 '::page' belongs to the transcription, but the text has not begun. Fix: put "
     "'::text lines' or '::text paragraphs' on a line of its own before it"),
    ("ED406", doc("::text lines\n::page 1\n::figure Fig. 3. The {sic: frontier -> border} in 1938\n\nA line.\n"),
     f"t.md:{BODY_AT + 2}:22: ED406 a mark '{{sic…}}' inside '::figure', whose text is shown exactly as written. "
     "Fix: write the caption on the lines below a '::figure' of its own (e.g. '::figure top:'), where marks work"),
    ("ED406", doc("::text lines\n::page 1\n::dateline Tokyo, {sic: Jyly -> July} 1938\nA line.\n"),
     f"t.md:{BODY_AT + 2}:19: ED406 a mark '{{sic…}}' inside '::dateline', whose text is shown exactly as written. "
     "Fix: write the line as the witness has it and record the change in the introduction or an editorial note; "
     "a mark works only in the transcription's lines"),
    ("ED407", doc("::text lines\n::page 1\n::figure Fig. 3. Marshal Blyukher at Kha-\nbarovsk, 1929.\n"),
     f"t.md:{BODY_AT + 3}:1: ED407 this line follows '::figure Fig. 3. Marshal Blyukher at Kha-', whose caption "
     "is given in the directive, so it would be read as a line of the text. Fix: put a blank line above it if it "
     "is the text's; if it belongs to the figure's caption, write the whole caption on the lines below a bare "
     "'::figure'"),
    ("ED408", doc("::text lines\n::page 1\n::table\n| Army | Killed |\n| --- | --- |\n| Red Army | 792 | 3,279 |\n"),
     f"t.md:{BODY_AT + 5}:20: ED408 this row has 3 cells, the header 2; a table shows as many as its header has. "
     "Fix: give every row as many cells as the header: an empty cell is '| |', a '|' of the source itself is "
     "written '\\|'"),
    ("ED408", doc("::text lines\n::page 1\n::table\n| Army | Killed |\n| Red Army | 792 |\n"),
     f"t.md:{BODY_AT + 4}:1: ED408 table 1: its header row is not followed by the line of dashes under it. "
     "Fix: write a table as Markdown does: a row for its header, the line of dashes under it ('| --- | --- |'), "
     "then its rows, each '| cell | cell |'; a blank line ends it"),
    ("ED408", doc("::text lines\n::page 1\n::table\n| Army | Killed |\n| --- | --- |\n| Red Army | 792 |\nA line.\n"),
     f"t.md:{BODY_AT + 6}:1: ED408 this line follows the rows of table 1, so it would be read as a line of the "
     "text. Fix: put a blank line above it if it is the text's; if it belongs to the table's caption, write the "
     "whole caption on the lines below a bare '::table' (before the rows)"),
    ("ED508", doc("::text lines\n::page 1\nthe {add above: new {del: old} words} plan\n"),
     f"t.md:{BODY_AT + 2}:21: ED508 a mark inside the mark '{{add above…' (column 5); marks do not nest. Fix: "
     "write them one after the other, e.g. '{del: old} {add above: new}'; a mention goes around a mark, "
     "'[{sic: Blucher -> Blyukher}]{@blyukher}', never inside one"),
    ("ED500", doc("::text lines\n::page 1\nthe {ligature: rst -> first such\n"),
     f"t.md:{BODY_AT + 2}:5: ED500 this '{{' opens an apparatus mark that is not closed. Fix: end the mark with "
     "'}' on the same line (a mark never spans lines); a brace of the source itself is written '\\{'"),
    ("ED500", doc("::text lines\n::page 1\nthe set} of\n"),
     f"t.md:{BODY_AT + 2}:8: ED500 '}}' closes no apparatus mark. Fix: open the mark with '{{' on the same line, "
     "or write a brace of the source as '\\}'"),
    ("ED501", doc("::text lines\n::page 1\nthe {ligatur: rst -> first}\n"),
     f"t.md:{BODY_AT + 2}:5: ED501 'ligatur' is not a kind of mark the edition knows. Fix: did you mean "
     "'ligature'? write it like '{ligature: rst -> first}'"),
    # a name the mark was probably meant to be, though no close spelling of it
    ("ED501", doc("::text lines\n::page 1\nthe {delete: old} plan\n"),
     f"t.md:{BODY_AT + 2}:5: ED501 'delete' is not a kind of mark the edition knows. Fix: did you mean 'del'? "
     "write it like '{del: old}'"),
    ("ED501", doc("::text lines\n::page 1\nthe {frob: old} plan\n"),
     f"t.md:{BODY_AT + 2}:5: ED501 'frob' is not a kind of mark the edition knows. Fix: use one of "
     "ligature, space, italic, extraction, sic, supplied, doubtful, abbr, reg, unclear, var, del, add, gap, hand, stamp, signature, margin"),
    ("ED501", doc("::text lines\n::page 1\nthe {hyphenation: ar -> arrested}\n"),
     f"t.md:{BODY_AT + 2}:5: ED501 'hyphenation' is not written as a mark. Fix: write it as 'ar-'"),
    ("ED502", doc("::text lines\n::page 1\nthe {rst -> first}\n"),
     f"t.md:{BODY_AT + 2}:5: ED502 '{{rst -> first}}' does not start with a kind of mark. Fix: write e.g. "
     "'{ligature: rst -> first}'; the kinds are ligature, space, italic, extraction, sic, supplied, doubtful, abbr, reg, unclear, var, del, add, gap, hand, stamp, signature, margin; a brace of "
     "the source itself is written '\\{'"),
    ("ED502", doc("::text lines\n::page 1\nthe {add: new} plan\n"),
     f"t.md:{BODY_AT + 2}:5: ED502 an addition needs its place before ':'. Fix: write one of above, below, "
     "margin, inline, top, bottom, like '{add above: new}'"),
    ("ED502", doc("::text lines\n::page 1\nthe {add sideways: new} plan\n"),
     f"t.md:{BODY_AT + 2}:5: ED502 an addition needs its place before ':', not 'sideways'. Fix: write one of "
     "above, below, margin, inline, top, bottom, like '{add above: new}'"),
    ("ED502", doc("::text lines\n::page 1\nthe {gap: some words | illegible} plan\n"),
     f"t.md:{BODY_AT + 2}:5: ED502 a 'gap' mark gives its extent as a number and a unit (characters, words or "
     "lines), not 'some words'. Fix: write it like '{gap: 3 words | illegible}'"),
    ("ED502", doc("::text lines\n::page 1\nthe {gap: 3 words | smudged} plan\n"),
     f"t.md:{BODY_AT + 2}:5: ED502 a 'gap' mark gives its reason after '|': illegible, damage, cancelled, not "
     "'smudged'. Fix: write it like '{gap: 3 words | illegible}'"),
    ("ED502", doc("::text lines\n::page 1\nthe {del: old | the author's} plan\n"),
     f"t.md:{BODY_AT + 2}:5: ED502 a 'del' mark takes no reason after '|': it records the witness and is not in "
     "the apparatus; give the editors' comment in an editorial note. Fix: write it like '{del: old}'"),
    ("ED502", doc("::text lines\n::page 1\n{hand: Pencil}agreed\n"),
     f"t.md:{BODY_AT + 2}:1: ED502 a 'hand' mark names a hand in lower case with hyphens, not 'Pencil'. Fix: "
     "write it like '{hand: pencil}'"),
    ("ED502", doc("::text lines\n::page 1\nMoscow also {sic: sought}\n"),
     f"t.md:{BODY_AT + 2}:13: ED502 a 'sic' mark needs the witness's text, '->' and the reading text. Fix: "
     "write it like '{sic: sough -> sought | the print has it too}'"),
    ("ED502", doc("::text lines\n::page 1\nvillages.{space: }Here\n"),
     f"t.md:{BODY_AT + 2}:10: ED502 a 'space' mark takes no text. Fix: write it like '{{space}}'"),
    ("ED502", doc("::text lines\n::page 1\nthe {ligature: rst -> first |}\n"),
     f"t.md:{BODY_AT + 2}:5: ED502 the mark '{{ligature: rst -> first |}}' has '|' but no reason after it. "
     "Fix: write the reason after '|', or remove the '|'"),
    ("ED503", doc("::text lines\n::page 1\nthe {ligature: first -> first}\n"),
     f"t.md:{BODY_AT + 2}:5: ED503 the mark changes nothing: 'first' -> 'first'. Fix: write the reading the "
     "edition gives, or delete the mark"),
    ("ED503", doc("::text lines\n::page 1\nin {doubtful: peace -> peace}\n"),
     f"t.md:{BODY_AT + 2}:4: ED503 the doubtful reading offers nothing but 'peace' itself. Fix: list the "
     "readings the text may stand for, separated by '/'"),
    ("ED503", doc("::text lines\n::page 1\nthe {abbr: Gen. -> Gen.} said\n"),
     f"t.md:{BODY_AT + 2}:5: ED503 the mark changes nothing: 'Gen.' -> 'Gen.'. Fix: write the reading the "
     "edition gives, or delete the mark"),
    ("ED505", doc("::text lines\n::page 1\nagreed {hand: pencil}in pencil\n"),
     f"t.md:{BODY_AT + 2}:8: ED505 the hand 'pencil' is not declared in the front matter. Fix: declare each hand "
     "of the witness under 'hands:' with what it is, e.g. 'hands: {typist: the typewriter, pencil: …}'"),
    ("ED505", meta(VALID_FIELDS + "hands: {typist: the typewriter, pencil: a pencil}\n",
                   "::text lines\n::page 1\nagreed {hand: pencl}in pencil\n"),
     "t.md:16:8: ED505 the hand 'pencl' is not declared in the front matter. Fix: did you mean 'pencil'?"),
    ("ED103", meta(VALID_FIELDS + "hands: {Typist: the typewriter}\n"),
     "t.md:12:8: ED103 'hands' should give each a name in lower case with hyphens and say what it is. Fix: "
     "write each hand of the witness, its name (lower case, hyphens) and what it is, e.g. 'hands: {typist: the "
     "typewriter, pencil: a pencil annotation}'"),
    ("ED503", doc("::text lines\n::page 1\nalong {var: A: the border | B: the border}\n"),
     f"t.md:{BODY_AT + 2}:7: ED503 the variant changes nothing: every witness reads 'the border'. Fix: delete the "
     "mark: the witnesses agree"),
    ("ED506", meta(VALID_FIELDS + "witnesses: {A: the typescript, B: the carbon copy}\n",
                   "::text lines\n::page 1\nalong {var: A: the border | C: the frontier}\n"),
     "t.md:16:7: ED506 the variant names the witness 'C', which the front matter does not declare. Fix: the "
     "witnesses are A, B: correct the siglum, or declare the witness under 'witnesses:'"),
    ("ED507", meta(VALID_FIELDS + "witnesses: {A: the typescript, B: the carbon copy, C: a draft}\n",
                   "::text lines\n::page 1\nalong {var: A: the border | B: the frontier}\n"),
     "t.md:16:7: ED507 the variant gives no reading of witness 'C'. Fix: give each witness's reading, in the "
     "order declared, the base witness's first: '{var: A: … | B: … | C: …}'; an empty reading says the witness "
     "omits the words"),
    ("ED507", meta(VALID_FIELDS + "witnesses: {A: the typescript, B: the carbon copy}\n",
                   "::text lines\n::page 1\nalong {var: B: the frontier | A: the border}\n"),
     "t.md:16:7: ED507 the variant gives the readings in another order than the front matter declares the "
     "witnesses. Fix: give each witness's reading, in the order declared, the base witness's first: "
     "'{var: A: … | B: …}'; an empty reading says the witness omits the words"),
    ("ED504", doc("The editors restored {ligature: rst -> first}.\n\n::text lines\n::page 1\nA line.\n"),
     f"t.md:{BODY_AT}:22: ED504 an apparatus mark stands outside the transcription. Fix: marks record changes "
     "to the source's text: put it below '::text' or in a note of the source; in the edition's own prose "
     "write a brace as '\\{'"),
    ("ED707", doc("::text paragraphs\n\nThe marshal [Blukher]{@Blyukher} came.\n"),
     f"t.md:{BODY_AT + 2}:13: ED707 '{{@Blyukher}}' does not name a register entry. Fix: write the entry's id "
     "after '@', in lower case with hyphens: '[Blukher]{@blyukher}'"),
    ("ED707", doc("::text paragraphs\n\nOn [July 6]{date 1938-7-6}.\n"),
     f"t.md:{BODY_AT + 2}:4: ED707 '{{date 1938-7-6}}' is not a date in ISO 8601 form. Fix: write "
     "'{date 1932-01}', a range '{date 1938-07-29/1938-08-11}', or both calendars "
     "'{date 1917-12-21 julian 1917-12-08}' (Gregorian first)"),
    ("ED707", doc("::text paragraphs\n\nOn [8 (21) December 1917]{date 1917-12-21 julian 1917-12-30}.\n"),
     f"t.md:{BODY_AT + 2}:4: ED707 '{{date 1917-12-21 julian 1917-12-30}}': 1917-12-30 in the Julian calendar is "
     "1918-01-12 in the Gregorian, not 1917-12-21. Fix: check both days against the source; the Gregorian "
     "comes first"),
    ("ED707", doc("::text paragraphs\n\nOn [30 February 1932]{date 1932-02-30}.\n"),
     f"t.md:{BODY_AT + 2}:4: ED707 '{{date 1932-02-30}}' is not a date of the calendar: there is no 30 February "
     "1932. Fix: write '{date 1932-01}', "
     "a range '{date 1938-07-29/1938-08-11}', or both calendars '{date 1917-12-21 julian 1917-12-08}' (Gregorian "
     "first)"),
    ("ED708", doc("The marshal [Blyukher]{@blyukher}.\n\n::text paragraphs\n\nA paragraph.\n"),
     f"t.md:{BODY_AT}:13: ED708 a mention or date stands outside the transcription. Fix: the register and "
     "chronology list the sources' own words: put it below '::text' or in a note of the source; in the "
     "edition's prose link to the entry instead, '[Blyukher](../register/blyukher.md)'"),
    ("ED603", doc("Soviet figures [@Krivosheev1993 52].\n\n::text lines\n"),
     f"t.md:{BODY_AT}:16: ED603 '[@Krivosheev1993 52]' has text after the key 'Krivosheev1993' without a comma. "
     "Fix: write the page after a comma: '[@Krivosheev1993, 72]'"),
    ("ED603", doc("Soviet figures [@Krivosheev1993, table].\n\n::text lines\n"),
     f"t.md:{BODY_AT}:16: ED603 '[@Krivosheev1993, table]' gives no page or other locator after the comma. Fix: "
     "write the locator after the comma, e.g. '[@Krivosheev1993, 72]' or '[@Krivosheev1993, chap. 3]'; words "
     "before the key go before '@'"),
    ("ED401", doc("::text lines\n::page 1\nA.[^1]\n\n[^1]: B.\n::cites 1 Berton 1993\n"),
     f"t.md:{BODY_AT + 5}:1: ED401 '::cites' needs a note of the source and one citation. Fix: write e.g. "
     "'::cites 17 [@Berton1993, 72]' below the note"),
    ("ED401", doc("::text lines\n::page 1\nA.[^1]\n\n[^1]: B.\n::cites 2 [@Berton1993, 72]\n"),
     f"t.md:{BODY_AT + 5}:1: ED401 '::cites' names note 2, which is not a note of the source on this page. Fix: "
     "give the label of the source's note that cites the work, e.g. '17'"),
]


@pytest.mark.parametrize("code, source, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_message(code: str, source: str, expected: str) -> None:
    _, diagnostics = parse_document(source, "t.md")
    assert [str(d) for d in diagnostics] == [expected]
    assert diagnostics[0].code == code


DECODE_CASES = [
    ("ED001", "---\ntitle: Bl\u00fccher\n".encode("latin-1"),
     "t.md:2:10: ED001 byte 0xfc is not UTF-8. Fix: save the file as UTF-8 (most editors offer it under 'Save "
     "with encoding')"),
    ("ED002", b"\xef\xbb\xbf---\n",
     "t.md:1:1: ED002 the file begins with a byte-order mark (U+FEFF). Fix: save it as 'UTF-8', not 'UTF-8 with "
     "BOM'"),
    ("ED003", b"---\r\ntitle: T\r\n",
     "t.md:1:4: ED003 the lines end in CR LF (Windows) or CR, not LF. Fix: save the file with LF ('Unix') line "
     "ends; the repository's .gitattributes makes Git do so when it is committed"),
    ("ED004", "---\ntitle: Blu\u0308cher\n".encode(),
     "t.md:2:10: ED004 '\u00fc' is written as 2 characters (U+0075 LATIN SMALL LETTER U, U+0308 COMBINING "
     "DIAERESIS), not in Unicode's composed form (NFC). Fix: retype it as one character, or save the file "
     "normalised to NFC; search and the corrections log compare text in that form"),
    ("ED007", "Notes\x0c of p. 131\n".encode(),
     "t.md:1:6: ED007 an invisible control character, U+000C FORM FEED. Fix: delete it; copying from a PDF or a "
     "word processor leaves such characters (a page break is '::page')"),
    ("ED005", b"x" * 2_000_001,
     "t.md:1:1: ED005 the file is 2,000,001 bytes; a page of the edition may be at most 2,000,000 (2 MB). Fix: split the source into "
     "several documents (one per chapter, letter or issue), each its own page"),
]


@pytest.mark.parametrize("code, data, expected", DECODE_CASES, ids=[c[0] for c in DECODE_CASES])
def test_encoding_message(code: str, data: bytes, expected: str) -> None:
    text, diagnostics = decode(data, "t.md", limit=MAX_PAGE_BYTES)
    assert [str(d) for d in diagnostics] == [expected]
    assert (text is None) == (code in {"ED001", "ED005"})  # otherwise the text is read, and checked further


# The file a document's `witness_file` names, checked against the edition's folder (its root).
OUTSIDE = ("the edition reads only its own files: copy the witness into its folder (where mkdocs.yml is), e.g. "
           "into 'witnesses/', and write the path from there: 'witnesses/letter-1938-05-02.txt'")
PATH = ("write the path from the edition's folder (where mkdocs.yml is), with '/' between folders, e.g. "
        "'witnesses/letter-1938-05-02.txt'")
NOT_TEXT = ("save the witness's text as UTF-8, its words unchanged (most editors offer it under 'Save with "
            "encoding'); a PDF or an image is not its text: name the text extracted from it")
WITNESS_CASES = [
    ("ED107", "/srv/witnesses/a.txt",
     f"t.md:12:15: ED107 'witness_file' is an absolute path, '/srv/witnesses/a.txt'. Fix: {OUTSIDE}"),
    ("ED107", "witnesses/../../a.txt",
     f"t.md:12:15: ED107 'witness_file' leads out of the edition's folder through '..': 'witnesses/../../a.txt'. "
     f"Fix: {OUTSIDE}"),
    ("ED107", "witnesses/elsewhere.txt",
     "t.md:12:15: ED107 'witness_file' names 'witnesses/elsewhere.txt', a symbolic link leading out of the "
     "edition's folder. Fix: the edition reads only its own files: put the witness itself in place of the link"),
    ("ED108", "witnesses/p131.txt",
     f"t.md:12:15: ED108 'witness_file' names 'witnesses/p131.txt', which does not exist. Fix: correct the path, "
     f"or add the file; {PATH}"),
    ("ED108", "witnesses",
     f"t.md:12:15: ED108 'witness_file' names 'witnesses', which is a folder. Fix: name the witness's own file; "
     f"{PATH}"),
    ("ED109", "witnesses/latin-1.txt",
     "t.md:12:15: ED109 'witness_file' names 'witnesses/latin-1.txt', which is not UTF-8 text: byte 0xfc at line "
     f"2, column 3. Fix: {NOT_TEXT}"),
    ("ED109", "witnesses/scan.pdf",
     "t.md:12:15: ED109 'witness_file' names 'witnesses/scan.pdf', which is not text: a NUL byte at line 1, "
     f"column 9. Fix: {NOT_TEXT}"),
]


def witnessed_edition(root: Path) -> Path:
    """An edition's folder holding a witness, a folder, a Latin-1 file, a
    PDF's bytes and a link to a file outside it."""
    (root / "witnesses").mkdir(parents=True)
    (root / "witnesses" / "a.txt").write_text("A line.\n", encoding="utf-8")
    (root / "witnesses" / "latin-1.txt").write_bytes("A line.\nBl\u00fccher.\n".encode("latin-1"))
    (root / "witnesses" / "scan.pdf").write_bytes(b"%PDF-1.7\x00\n")
    (root.parent / "elsewhere.txt").write_text("A line.\n", encoding="utf-8")
    (root / "witnesses" / "elsewhere.txt").symlink_to(root.parent / "elsewhere.txt")
    return root


@pytest.mark.parametrize("code, value, expected", WITNESS_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(WITNESS_CASES)])
def test_witness_file_message(tmp_path: Path, code: str, value: str, expected: str) -> None:
    document, diagnostics = parse_document(meta(VALID_FIELDS + f"witness_file: {value}\n"), "t.md")
    assert diagnostics == []
    found = witness_file(document.meta, document.locs, witnessed_edition(tmp_path / "edition"))
    assert [str(d) for d in found] == [expected]
    assert found[0].code == code


def test_a_witness_file_inside_the_edition_has_no_diagnostics(tmp_path: Path) -> None:
    root = witnessed_edition(tmp_path / "edition")
    (root / "witnesses" / "link.txt").symlink_to("a.txt")  # a link that stays inside
    for value in ("witnesses/a.txt", "witnesses/link.txt", "./witnesses/../witnesses/a.txt"):
        document, diagnostics = parse_document(meta(VALID_FIELDS + f"witness_file: {value}\n"), "t.md")
        assert diagnostics == [] and document.meta["witness_file"] == value
        assert witness_file(document.meta, document.locs, root) == [], value
    document, _ = parse_document(meta(VALID_FIELDS), "t.md")  # the field is optional
    assert witness_file(document.meta, document.locs, root) == []


def test_every_code_has_an_exact_message_test() -> None:
    from .test_citations import TESTED_ELSEWHERE
    tested = {code for code, _, _ in CASES + DECODE_CASES + WITNESS_CASES} | TESTED_ELSEWHERE
    assert tested == set(CODES)


def test_every_code_is_documented_for_editors() -> None:
    from .conftest import ROOT
    page = (ROOT / "manual" / "docs" / "transcribing.md").read_text(encoding="utf-8")
    assert [code for code in CODES if f"| {code} |" not in page] == []


def test_a_valid_document_has_no_diagnostics() -> None:
    _, diagnostics = parse_document(doc("::text lines\n::page 1\nA line.[^1]\n\n[^1]: Its note.\n"), "t.md")
    assert diagnostics == []
