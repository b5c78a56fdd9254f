"""The generator's own test edition: a miniature edition, small but with every
kind of thing an edition holds, which the generator's tests build and assert
on.  It is the tests' own and frozen: the edition in this repository (docs/,
bibliography.bib, register.yml) may grow and be corrected without any of the
generator's tests noticing; its own checks are in test_edition.py.

It holds a printed-book document (a page of lines in a running head, a block
quotation, the author's notes 14–19 under their printed numbers, every kind
of apparatus mark, mentions of the register, dates, citations with locators,
references to pages not in the edition), a born-digital article in numbered
paragraphs (dateline, headings, figures, furniture, editorial notes, a [sic]),
a bibliography, a register, a changelog, the editors' pages and the
witnesses the texts were transcribed from.
"""

from __future__ import annotations

from pathlib import Path

SITE_NAME = "A miniature edition"
BOOK_FILE = "docs/texts/eurasian-triangle-p131.md"
ARTICLE_FILE = "docs/texts/lake-khasan.md"
BOOK = "texts/eurasian-triangle-p131/"       # the addresses of their pages
ARTICLE = "texts/lake-khasan/"
BOOK_WITNESS_FILE = "witnesses/eurasian-triangle-p131.txt"
ARTICLE_WITNESS_FILE = "witnesses/lake-khasan.txt"

CONFIG = """\
site_name: A miniature edition
site_description: The generator's test edition.
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
repo_url: !ENV [REPO_URL, null]
edit_uri: edit/main/docs/
copyright: The tests.

theme:
  name: material
  language: en
  features:
    - navigation.sections
    - navigation.prune
    - navigation.instant
    - navigation.top
    - toc.follow
    - content.action.edit
  palette:
    scheme: default
    primary: blue grey
    accent: brown

nav:
  - Home: index.md
  - Texts:
      - texts/eurasian-triangle-p131.md
      - texts/lake-khasan.md
      - Apparatus of the edition: apparatus.md
      - Corrigenda: corrigenda.md
  - Register: register/index.md
  - Chronology: chronology.md
  - Bibliography: bibliography.md
  - About the edition:
      - Editorial principles: principles.md
      - Exports: exports.md
      - Changelog: changelog.md
      - How to contribute: contributing.md

markdown_extensions:
  - edition.extension:
      bibliography: bibliography.bib
      register: register.yml
  - toc:
      permalink: true
  - tables
  - admonition
  - pymdownx.superfences

plugins:
  - edition:
      editors:
        - Jane Doe
        - {name: John Roe, orcid: 0000-0002-1825-0097}
      publisher: The Miniature Project
      licence: CC-BY-4.0
      doi: 10.5281/zenodo.1234567

validation:
  nav:
    omitted_files: info
    not_found: warn
  links:
    not_found: warn
    anchors: warn
    unrecognized_links: warn

not_in_nav: |
  /_*
"""

CHANGELOG = """\
# Changelog

Every version of the edition, newest first.

## 0.1.0 — 2026-11-21

The first version of the edition: two documents.
"""

HOME = """\
# A miniature edition

The generator's test edition: [a page of a book](texts/eurasian-triangle-p131.md)
and [an article](texts/lake-khasan.md), with their [apparatus](apparatus.md).
"""

PRINCIPLES = """\
# Editorial principles

## The transcription reproduces the witness

Each printed line is a line of the file.

## Two views, and an apparatus

The reading text and the diplomatic text.
"""

EXPORTS = """\
# Exports

Each document's TEI and plain texts.
"""

CONTRIBUTING = """\
# How to contribute

## Fix a typo

Correct the word and log the correction.
"""

BOOK_FRONT = """\
---
title: Kuromiya and Mamoulia, The Eurasian Triangle, p. 131
description: Page 131 of Hiroaki Kuromiya and Georges Mamoulia's The Eurasian Triangle, transcribed line by line with its notes 14–19.
source:
  type: book
  key: KuromiyaMamoulia
  authors: [Hiroaki Kuromiya, Georges Mamoulia]
  title: "The Eurasian Triangle: Russia, the Caucasus and Japan, 1904–1945"
  chapter: "6, The Caucasus Group and Japan"
  section: Moscow versus Tokyo
  pages: "131"
  publisher: De Gruyter
  date: "2016"
  language: en
  rights: Open access
witness: >-
  The text layer of the book's PDF for page 131, as extracted: running head,
  33 printed lines with a block quotation, notes 14–19.
transcribed: 2026-11-21
unverified:
  source.date: "2016 is not confirmed; one library record gives Berlin, Boston: De Gruyter, 2019"
  source.rights: "the book is open access; its exact Creative Commons licence is not confirmed"
---

## Introduction

This is page 131 of Hiroaki Kuromiya and Georges Mamoulia's *The Eurasian
Triangle*, in chapter 6. Note 17 quotes Peter Berton's article in *Acta
Slavica Iaponica* [@Berton1993, 72]; note 19 cites *The Trotsky Papers*
[@Meijer1964, 622–23].

### See also

- The Mukden Incident (lines 32–33): the article recounts the founding of
  Manchukuo ([¶ 5](lake-khasan.md#para5)).
- The Far Eastern Front in 1938 ([¶ 6](lake-khasan.md#para6)).

"""

ARTICLE_TEXT = """\
---
title: "Parkhitko, “Lake Hassan: the conflict between two empires and rewritten history”"
description: Oleh Parkhitko's article on the 1938 battle at Lake Khasan, shortened for the tests.
source:
  type: web-article
  key: Parkhitko2025
  authors: [Олег Пархітько]
  romanized: [Oleh Parkhitko]
  title: "Lake Hassan: the conflict between two empires and rewritten history"
  outlet: Intent (Інтент)
  place: Odesa
  date: "2025-05-21T22:23"
  language: en
  translation_of:
    title: "Озеро Хасан: конфлікт двох імперій та переписана історія"
    language: uk
witness: >-
  The article's English web page as captured in plain text, with the site's
  page furniture.
transcribed: 2026-11-21
unverified:
  source.romanized: "“Oleh Parkhitko” is the editors' romanization of the signature, not seen in use"
---

## Introduction

Oleh Parkhitko's article on the fighting at Lake Khasan in 1938, in its
English version, shortened for the tests.

### What was transcribed

The English page as captured. The one change is a misspelt name,
“Fridovsky” for Mikhail Frinovsky ([¶ 6](#para6.e1)).

### Decisions

- **Page furniture.** The site's menu, the comment count and the “Share”
  button are recorded as furniture.

### See also

- The Mukden Incident and Shanghai in 1932
  ([p. 131, ll. 32–33](eurasian-triangle-p131.md#p131.l32)).

::text paragraphs

::furniture site menu: Меню
::furniture site menu: Social networks

::dateline May 21, 2025, 10:23 p.m.

# Lake Hassan: the conflict between two empires and rewritten history

::furniture comment count: 31

::figure Image generated by AI
::furniture image line: Image generated by AI

The main difficulty in studying history is that it is constantly being rewritten. Let's try to understand who started the conflict between Japan and the USSR on [Lake Hassan]{@lake-khasan} in [1938]{date 1938} and why.

- The situation on the eve of the conflict
- The hot phase of the conflict
- Conclusions[^ed-toc]

## The situation on the eve of the conflict

In [1931-32]{date 1931/1932}, another Japanese aggression against China took place, which resulted in the occupation of Manchuria and the subsequent formation of the Japanese-controlled state of [Manchukuo]{@manchukuo}.

::figure Map of Japanese expansion. Image: Image.

The [Far Eastern Front]{@far-eastern-front} was headed by Marshal [Vasily Blukher]{@blyukher}, who was well aware of the precariousness of his position at the time. [Blukher]{@blyukher} must have been well aware of the fabrication of the case. So when [Mikhail {sic: Fridovsky -> Frinovsky | a misspelling of the name of Mikhail Frinovsky (Фриновский), deputy head of the NKVD}]{@frinovsky}, the second in command of the [NKVD]{@nkvd}, arrived at the [Far Eastern Front]{@far-eastern-front} in July to investigate [Lyushkov]{@lyushkov}'s escape to Japan, the pressure on the marshal increased.

## The hot phase of the conflict

It was at this time that [Stalin]{@stalin} called [Vasily Blukher]{@blyukher} and criticized him for his unwillingness to fight. [Blücher]{@blyukher} tried to rehabilitate himself quickly and ordered an attack on [August 2]{date 1938-08-02}.

::figure Camouflaged Soviet tanks. Photo: garmatny.blogspot.com

On [August 10]{date 1938-08-10}, the Japanese made a proposal to cease hostilities. The Soviets estimate their losses in killed and missing persons at 792.[^ed-losses] Marshal [Vasyl Blukher]{@blyukher} was arrested.

In [1946]{date 1946}, the International Military Tribunal for the Far East was held in Tokyo, and Japanese officials were charged for their role in the conflict on [Lake Hassan]{@lake-khasan}.[^ed-imtfe]

## Conclusions.

Today we can confidently state that the USSR completely rewrote the history of the conflict on [Lake Hassan]{@lake-khasan}, turning from aggressor to victim.

::byline Олег Пархітько

::furniture share button: Share

[^ed-toc]: The table of contents does not match the headings of the article's body: “Conclusions” is headed “Conclusions.” (with a full stop).
[^ed-losses]: Soviet figures declassified by G. F. Krivosheev (1993) give 717 killed and 75 missing — the 792 of the article.
[^ed-imtfe]: The tribunal's judgment of 4 November 1948 held that the fighting at Lake Khasan had been begun by Japan.
"""

ARTICLE_WITNESS = """\
Меню
Social networks

May 21, 2025, 10:23 p.m.

Lake Hassan: the conflict between two empires and rewritten history

31

Image generated by AI

Image generated by AI

The main difficulty in studying history is that it is constantly being rewritten. Let's try to understand who started the conflict between Japan and the USSR on Lake Hassan in 1938 and why.

The situation on the eve of the conflict

The hot phase of the conflict

Conclusions

The situation on the eve of the conflict

In 1931-32, another Japanese aggression against China took place, which resulted in the occupation of Manchuria and the subsequent formation of the Japanese-controlled state of Manchukuo.


Map of Japanese expansion. Image: Image.

The Far Eastern Front was headed by Marshal Vasily Blukher, who was well aware of the precariousness of his position at the time. Blukher must have been well aware of the fabrication of the case. So when Mikhail Fridovsky, the second in command of the NKVD, arrived at the Far Eastern Front in July to investigate Lyushkov's escape to Japan, the pressure on the marshal increased.

The hot phase of the conflict

It was at this time that Stalin called Vasily Blukher and criticized him for his unwillingness to fight. Blücher tried to rehabilitate himself quickly and ordered an attack on August 2.


Camouflaged Soviet tanks. Photo: garmatny.blogspot.com

On August 10, the Japanese made a proposal to cease hostilities. The Soviets estimate their losses in killed and missing persons at 792. Marshal Vasyl Blukher was arrested.

In 1946, the International Military Tribunal for the Far East was held in Tokyo, and Japanese officials were charged for their role in the conflict on Lake Hassan.

Conclusions.

Today we can confidently state that the USSR completely rewrote the history of the conflict on Lake Hassan, turning from aggressor to victim.

Олег Пархітько

Share
"""

WITNESSES_README = """\
# Witnesses

| File | Witness | Transcribed in |
|---|---|---|
| `eurasian-triangle-p131.txt` | page 131 of The Eurasian Triangle, from the PDF's text layer | `docs/texts/eurasian-triangle-p131.md` |
| `lake-khasan.txt` | the English page of the article on Lake Khasan, as captured | `docs/texts/lake-khasan.md` |
"""

BOOK_BODY = """\
::text lines

::page 131
::furniture running head: Moscow versus Tokyo Ë 131

Simultaneously, Moscow sought to strengthen the home front in the Far East. In
[January 1932]{date 1932-01}, for example, the Japanese general consul in [Vladivostok]{@vladivostok} reported to
Tokyo that the Soviet secret police had been “feverishly” arresting people. On the night
of [17 to 18 January 1932]{date 1932-01-17/1932-01-18}, as many as four hundred politically suspect people were ar-
rested in the city, and the atmosphere there had become “very disquieting.” Accord-
ing to the consul’s secret agent, the situation in [Nikol’sk]{@nikolsk} ([Nikol’sk-Ussuriiskii]{@nikolsk}, today’s
[Ussuriisk]{@nikolsk}) in the north of [Vladivostok]{@vladivostok} was similar: all schools were closed to accom-
modate mobilized soldiers, and government facilities were evacuated to surrounding
villages.[^14]{space | the note marker ran into the next word}Here and there the Soviet secret police “uncovered” espionage-diversionary
groups allegedly organized by the Japanese.

Moscow also {sic: sough -> sought | the printed page reads “sough” too: the book’s own misprint} to use the United States against Japan. Since the end of the
Russo-Japanese War, American-Japanese tensions in the Far East had become ever
more pronounced (see [p. 62](page:62)). Shortly after the war’s end, [Washington]{@washington} began drafting
war plans against Japan, the {ligature: rst -> first} such undertaking by the United States in {doubtful: peace -> peace time / peacetime | the line breaks after “peace” without a hyphen, so the book may mean two words or one; the page alone does not decide}
time. After the October 1917 Revolution, the Bolsheviks disclosed the many secret
treaties the Tsarist government had concluded with imperialist powers and deliber-
ately sought to pit the United States against Japan by misrepresenting the 1916 secret
convention between it and tsarist Russia.[^15]{space | the note marker ran into the next word}Although the secret convention was aimed
against Germany, the two countries’ common enemy at the time, the Soviet govern-
ment published it under a sensational headline: “Secret Convention between Russia
and Japan Had in View a Joint Armed Action against America and England in the Far
East before the Summer of 1921.”[^16]{space | the note marker ran into the next word}This claim was, as [Peter Berton]{@berton} has noted, a “patent
falsehood and propaganda.”[^17]{space | the note marker ran into the next word}The participation of Japan and the United States in the
Civil War in Russia’s Far East had made their {ligature: conicting -> conflicting} interests all the clearer,[^18]{space | the note marker ran into the next word}and
Moscow was keen to exploit the {ligature: conict -> conflict} to maximal {ligature: eect -> effect}. With this in mind, Leon
[Trotsky]{@trotsky} frankly noted [in 1919]{date 1919} during the Civil War:

> The strengthening of Japanese forces in Siberia, in conjunction with the eclipse of [Kolchak]{@kolchak}, would
> mean for America the Japanization of Siberia, and this she cannot accept lying down. In this event
> we probably might even reckon on direct support against Japan from the scoundrels in Wash-
> ington. In any case antagonism between Japan and the United States would create a situation
> favorable to us in the event of our advancing into Siberia.[^19]

In the wake of the [Mukden Incident]{@mukden-incident}, Japan’s aggression further spread to [Shanghai]{@shanghai}
[in early 1932]{date 1932}, greatly disquieting and ultimately antagonizing other imperial powers

[^14]: RGVA, f. 4, op. 19, d. 13, ll. 191–92.
[^15]: See [p. 78](page:78) for the 1916 treaty, which included a secret convention.
[^16]: Gazeta Vremennago Rabochago i Krest’ianskago Pravitel’stva, [8 (21) December 1917]{date 1917-12-21 julian 1917-12-08}, 2.
[^17]: [Peter Berton]{@berton}, “A New Russo-Japanese Alliance?: Diplomacy in the Far East During World War I.”
{italic: Acta Slavica Iaponica | a journal’s title}{space | lost where the italics ended}no. 11 (1993), 72.
[^18]: See [p. 103](page:103) of the present book.
[^19]: [Jan M. Meijer]{@meijer}, ed.,{space | lost where the italics began}{italic: The Trotsky Papers, 1917–1922 | the book’s title; the lost space shows where the italics began, and they are taken to end with the title}, pt. one (The Hague: Mouton & Co., 1964), 622–23.

::cites 14 [@RGVA-4-19-13, fols. 191–92]
::cites 16 [@Gazeta1917, 2]
::cites 17 [@Berton1993, 72]
::cites 19 [@Meijer1964, 622–23]
"""

BOOK_WITNESS = """\
Moscow versus Tokyo Ë 131
Simultaneously, Moscow sought to strengthen the home front in the Far East. In
January 1932, for example, the Japanese general consul in Vladivostok reported to
Tokyo that the Soviet secret police had been “feverishly” arresting people. On the night
of 17 to 18 January 1932, as many as four hundred politically suspect people were ar-
rested in the city, and the atmosphere there had become “very disquieting.” Accord-
ing to the consul’s secret agent, the situation in Nikol’sk (Nikol’sk-Ussuriiskii, today’s
Ussuriisk) in the north of Vladivostok was similar: all schools were closed to accom-
modate mobilized soldiers, and government facilities were evacuated to surrounding
villages.¹⁴Here and there the Soviet secret police “uncovered” espionage-diversionary
groups allegedly organized by the Japanese.
Moscow also sough to use the United States against Japan. Since the end of the
Russo-Japanese War, American-Japanese tensions in the Far East had become ever
more pronounced (see p. 62). Shortly after the war’s end, Washington began drafting
war plans against Japan, the rst such undertaking by the United States in peace
time. After the October 1917 Revolution, the Bolsheviks disclosed the many secret
treaties the Tsarist government had concluded with imperialist powers and deliber-
ately sought to pit the United States against Japan by misrepresenting the 1916 secret
convention between it and tsarist Russia.¹⁵Although the secret convention was aimed
against Germany, the two countries’ common enemy at the time, the Soviet govern-
ment published it under a sensational headline: “Secret Convention between Russia
and Japan Had in View a Joint Armed Action against America and England in the Far
East before the Summer of 1921.”¹⁶This claim was, as Peter Berton has noted, a “patent
falsehood and propaganda.”¹⁷The participation of Japan and the United States in the
Civil War in Russia’s Far East had made their conicting interests all the clearer,¹⁸and
Moscow was keen to exploit the conict to maximal eect. With this in mind, Leon
Trotsky frankly noted in 1919 during the Civil War:
The strengthening of Japanese forces in Siberia, in conjunction with the eclipse of Kolchak, would
mean for America the Japanization of Siberia, and this she cannot accept lying down. In this event
we probably might even reckon on direct support against Japan from the scoundrels in Wash-
ington. In any case antagonism between Japan and the United States would create a situation
favorable to us in the event of our advancing into Siberia.¹⁹
In the wake of the Mukden Incident, Japan’s aggression further spread to Shanghai
in early 1932, greatly disquieting and ultimately antagonizing other imperial powers
14 RGVA, f. 4, op. 19, d. 13, ll. 191–92.
15 See p. 78 for the 1916 treaty, which included a secret convention.
16 Gazeta Vremennago Rabochago i Krest’ianskago Pravitel’stva, 8 (21) December 1917, 2.
17 Peter Berton, “A New Russo-Japanese Alliance?: Diplomacy in the Far East During World War I.”
Acta Slavica Iaponicano. 11 (1993), 72.
18 See p. 103 of the present book.
19 Jan M. Meijer, ed.,The Trotsky Papers, 1917–1922, pt. one (The Hague: Mouton & Co., 1964), 622–23."""

BIBLIOGRAPHY_ENTRIES = """\
@book{KuromiyaMamoulia,
  author     = {Kuromiya, Hiroaki and Mamoulia, Georges},
  title      = {The {Eurasian} Triangle: {Russia}, the {Caucasus} and {Japan}, 1904--1945},
  publisher  = {De Gruyter},
  unverified = {The year is not confirmed: 2016 (imprint De Gruyter Open) is commonly given, one library record gives Berlin and Boston: De Gruyter, 2019. ISBN, DOI and the exact open-access licence are not confirmed.},
}

@online{Parkhitko2025,
  author     = {Пархітько, Олег},
  title      = {Lake {Hassan}: the conflict between two empires and rewritten history},
  journaltitle = {Intent},
  date       = {2025-05-21},
  langid     = {english},
  addendum   = {English version of «Озеро Хасан: конфлікт двох імперій та переписана історія»},
  unverified = {The address of the English page is not known. The author signs in Cyrillic; Oleh Parkhitko is the standard Ukrainian romanization, not seen in use.},
}

@misc{RGVA-4-19-13,
  title      = {Fond 4, opis' 19, delo 13},
  institution = {Rossiiskii gosudarstvennyi voennyi arkhiv (RGVA)},
  location   = {Moscow},
  langid     = {russian},
  unverified = {What the file contains is not known; it is listed because note 14 of Kuromiya and Mamoulia cites it.},
}

@article{Gazeta1917,
  entrysubtype = {newspaper},
  journaltitle = {Gazeta Vremennago Rabochago i Krest'ianskago Pravitel'stva},
  number     = {8},
  date       = {1917-12-21},
  pages      = {2},
  note       = {8 (21) December 1917},
  unverified = {Issue and page are known only from note 16 of Kuromiya and Mamoulia; the headline is corroborated by a US ambassador's telegram of December 1917 (Foreign Relations of the United States, 1917, Supplement 2, vol. 1).},
}

@article{Berton1993,
  author     = {Berton, Peter},
  title      = {A New {Russo-Japanese} Alliance?: Diplomacy in the {Far East} During {World War I}},
  journaltitle = {Acta Slavica Iaponica},
  volume     = {11},
  date       = {1993},
  pages      = {57--78},
  url        = {https://hdl.handle.net/2115/8054},
  langid     = {english},
}

@book{Meijer1964,
  editor     = {Meijer, Jan M.},
  title      = {The {Trotsky} Papers, 1917--1922},
  volume     = {1},
  location   = {The Hague},
  publisher  = {Mouton},
  date       = {1964},
  unverified = {Whether volume 1 is subtitled 1917–1919, and the series it belongs to, are not confirmed.},
}
"""

REGISTER = """\
- id: blyukher
  type: person
  name: Vasily Blyukher
  variants: [Blukher, Blücher, Bliukher, Vasily Blukher, Vasyl Blukher, Блюхер]
  description: Marshal, at the head of the Far Eastern Front in 1938.
  source: Parkhitko 2025, ¶ 6

- id: lyushkov
  type: person
  name: Genrikh Lyushkov
  variants: [Henrikh Lyushkov, Liushkov, Люшков]
  description: Head of the NKVD Office of the Far Eastern Territory, who went over to the Japanese in 1938.
  source: Parkhitko 2025, ¶ 6

- id: frinovsky
  type: person
  name: Mikhail Frinovsky
  variants: [Fridovsky, Фриновский]
  description: Second in command of the NKVD, sent to the Far Eastern Front in July 1938; "Fridovsky" in the article is a misspelling.
  source: Parkhitko 2025, ¶ 6

- id: trotsky
  type: person
  name: Leon Trotsky
  variants: [Троцкий]
  description: Quoted from 1919, during the Civil War, on Japanese forces in Siberia and the United States.
  source: Kuromiya and Mamoulia, p. 131
  wikidata: Q33391

- id: kolchak
  type: person
  name: Kolchak
  variants: [Колчак]
  description: 'Named by Trotsky in 1919, who wrote of "the eclipse of Kolchak" in Siberia.'
  source: Kuromiya and Mamoulia, p. 131

- id: stalin
  type: person
  name: Joseph Stalin
  variants: [Сталин]
  description: Called Blyukher during the fighting at Lake Khasan and criticised his unwillingness to fight.
  source: Parkhitko 2025, ¶ 7
  wikidata: Q855

- id: berton
  type: person
  name: Peter Berton
  description: Author of an article on Russo-Japanese diplomacy during the First World War (1993), quoted on p. 131.
  source: Kuromiya and Mamoulia, p. 131, n. 17

- id: meijer
  type: person
  name: Jan M. Meijer
  description: Editor of The Trotsky Papers, 1917–1922 (The Hague, 1964).
  source: Kuromiya and Mamoulia, p. 131, n. 19

- id: vladivostok
  type: place
  name: Vladivostok
  variants: [Владивосток]
  description: City in the Soviet Far East; a Japanese consul general reported from it in 1932.
  source: Kuromiya and Mamoulia, p. 131
  wikidata: Q959

- id: nikolsk
  type: place
  name: Nikol'sk
  variants: [Nikol’sk, Nikol'sk-Ussuriiskii, Nikol’sk-Ussuriiskii, Nikolsk-Ussuriysky, Ussuriisk, Ussuriysk, Уссурийск]
  description: Town north of Vladivostok, today Ussuriisk.
  source: Kuromiya and Mamoulia, p. 131

- id: shanghai
  type: place
  name: Shanghai
  description: City to which Japan's aggression spread in early 1932, after the Mukden Incident.
  source: Kuromiya and Mamoulia, p. 131
  wikidata: Q8686

- id: washington
  type: place
  name: Washington
  description: Named for the government of the United States, which began drafting war plans against Japan.
  source: Kuromiya and Mamoulia, p. 131

- id: lake-khasan
  type: place
  name: Lake Khasan
  variants: [Lake Hassan, Hassan, Khasan, Hasan, Хасан]
  description: Lake by the border between the USSR and Manchukuo, where Soviet and Japanese troops fought in 1938.
  source: Parkhitko 2025, ¶ 1

- id: manchukuo
  type: place
  name: Manchukuo
  variants: [Manzhouguo]
  description: The Japanese-controlled state formed after the occupation of Manchuria in 1931–32.
  source: Parkhitko 2025, ¶ 5

- id: nkvd
  type: organisation
  name: NKVD
  variants: [НКВД]
  description: The Soviet security service, whose Far Eastern office Lyushkov headed.
  source: Parkhitko 2025, ¶ 6

- id: far-eastern-front
  type: organisation
  name: Far Eastern Front
  variants: [Special Red Banner Far Eastern Army]
  description: The Soviet army in the Far East, so named from 1 July 1938.
  source: Parkhitko 2025, ¶ 6

- id: mukden-incident
  type: event
  name: Mukden Incident
  variants: [Manchurian Incident]
  description: The incident in Manchuria of 18 September 1931 (the date as commonly given), in whose wake Japan's aggression spread to Shanghai.
  source: Kuromiya and Mamoulia, p. 131, l. 32
  date: 1931-09-18

- id: battle-of-lake-khasan
  type: event
  name: Battle of Lake Khasan
  variants: [Changkufeng Incident, conflict on Lake Hassan]
  description: Soviet–Japanese fighting for the hills by Lake Khasan (dates as commonly given).
  source: Parkhitko 2025, ¶¶ 7–8
  date: 1938-07-29/1938-08-11
"""


BOOK_TEXT = BOOK_FRONT + BOOK_BODY

BIBLIOGRAPHY = "% The miniature edition's bibliography.\n\n" + BIBLIOGRAPHY_ENTRIES


def files() -> dict[str, str]:
    """Every file of the miniature edition, by its path in the edition's folder."""
    return {
        "mkdocs.yml": CONFIG,
        "bibliography.bib": BIBLIOGRAPHY,
        "register.yml": REGISTER,
        "docs/index.md": HOME,
        "docs/changelog.md": CHANGELOG,
        "docs/principles.md": PRINCIPLES,
        "docs/contributing.md": CONTRIBUTING,
        "docs/exports.md": EXPORTS,
        BOOK_FILE: BOOK_TEXT,
        ARTICLE_FILE: ARTICLE_TEXT,
        BOOK_WITNESS_FILE: BOOK_WITNESS,
        ARTICLE_WITNESS_FILE: ARTICLE_WITNESS,
        "witnesses/README.md": WITNESSES_README,
        # The records of what was published: the first build records them (conftest.mini_source).
        "anchors.txt": "",
        "published.txt": "",
    }


def write(folder: Path) -> Path:
    """Write the miniature edition into `folder`."""
    for name, text in files().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
