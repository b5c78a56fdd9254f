// Search: the box in the header (theme/partials/search.html) asks
// Pagefind's index, written by the build into pagefind/.  Pagefind loads
// only the pieces of the index a query needs.  Results are built as DOM
// nodes from the words of the index, never from HTML.
//
// Each page found lists its best passages (up to five), each linking to its
// line, paragraph or note, with the words found marked; the index holds
// ids only for such passages (edition/search.py, for_index).  A source is
// also found under every name of the register's entries it names: a hidden
// list, each entry's names before an anchor "search:names:<passage>", the
// first passage naming it; a hit there shows and links to that passage.
// On arrival, the words found are highlighted (?highlight=, then dropped
// from the address).
(function () {
  "use strict";
  var SHOWN = 10;       // pages listed
  var PASSAGES = 5;     // passages listed under each page, best first
  var SCAN = 200;       // pages read at most to find those of one kind
  var WINDOW = 28;      // words of an excerpt
  var BEFORE = 8;       // words before the first found in an excerpt
  var NAMES = "search:names:"; // edition/search.py: NAMES_ANCHOR, TOP
  var TOP = "search:top";
  var PARAM = "highlight";
  var WAIT = 250;       // ms after the last keystroke before the index is asked
  var pagefind = null;  // the module, loaded on the first query
  var waiting = null;   // the timer of the query typed
  var kind = "";        // the kind of page results are filtered to ("" for all)

  function config() {
    return JSON.parse(document.getElementById("__config").textContent);
  }

  // The index is made in parts (edition/search.py, PART): the first in
  // pagefind/, the others in the folders pagefind/parts.json names, merged
  // into one search.
  function load() {
    if (!pagefind) {
      var base = new URL(config().base + "/", location.href);
      var root = new URL("pagefind/", base);
      pagefind = import(new URL("pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: base.pathname }).then(function () {
          return fetch(new URL("parts.json", root).href);
        }).then(function (response) {
          return response.json();
        }).then(function (parts) {
          return Promise.all(parts.map(function (part) {
            return module.mergeIndex(new URL(part, root).href, { baseUrl: base.pathname });
          }));
        }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function box() { return document.querySelector("[data-edition-search]"); }
  function toggle() { return document.getElementById("__search"); }

  // --- Words ------------------------------------------------------------------------------

  // A word as compared: lower case, without diacritics or the punctuation around it.
  function fold(word) {
    return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/’/g, "'")
      .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  }

  // The runs of letters and digits of words, as highlighted on arrival.
  function parts(words) {
    var found = [];
    words.forEach(function (w) {
      (fold(w).match(/[\p{L}\p{N}]+/gu) || []).forEach(function (p) {
        if (p.length > 1 || fold(w).length === 1) found.push(p);
      });
    });
    return found;
  }

  // --- A page's passages ------------------------------------------------------------------

  function isName(anchor) { return anchor.id.indexOf(NAMES) === 0; }
  // An anchor an excerpt does not run past: any but a line's milestone (an empty span).
  function isBound(anchor) { return anchor.id.indexOf("search:") === 0 || anchor.element !== "span"; }

  // The names hidden under an anchor of names: the words up to the next anchor, split at "·".
  function namesAt(words, anchors, i) {
    var end = i + 1 < anchors.length ? anchors[i + 1].location : words.length;
    var names = [[]];
    words.slice(anchors[i].location, end).forEach(function (w) {
      if (w === "·") names.push([]);
      else if (fold(w)) names[names.length - 1].push(fold(w));
    });
    return names.filter(function (n) { return n.length; });
  }

  // Where the names occur in words[from, to): each occurrence's first word and length.
  function occurrences(words, from, to, names) {
    var found = [];
    for (var i = from; i < to; i++) {
      names.forEach(function (name) {
        for (var k = 0; k < name.length; k++) if (i + k >= to || fold(words[i + k]) !== name[k]) return;
        found.push([i, name.length]);
      });
    }
    return found;
  }

  function lastAt(anchors, location, test) {
    var found = -1;
    for (var i = 0; i < anchors.length && anchors[i].location <= location; i++) if (!test || test(anchors[i])) found = i;
    return found;
  }

  // The passages of a page the query found, best first.
  function passages(data) {
    var words = data.content.split(/[\r\n\s]+/g);
    var anchors = data.anchors.slice().sort(function (a, b) { return a.location - b.location; });
    var byId = {};
    anchors.forEach(function (a) { if (!isName(a) && a.id !== TOP && !(a.id in byId)) byId[a.id] = a; });
    var groups = {};
    var order = [];
    data.weighted_locations.forEach(function (place) {
      var i = lastAt(anchors, place.location);
      var anchor = i < 0 ? null : anchors[i];
      var id = !anchor || anchor.id === TOP ? "" : isName(anchor) ? anchor.id.slice(NAMES.length) : anchor.id;
      if (id && !byId[id]) id = "";
      if (!groups[id]) {
        groups[id] = { id: id, anchor: byId[id] || null, hits: [], names: [], terms: {}, score: 0 };
        order.push(id);
      }
      var group = groups[id];
      group.score += place.balanced_score;
      group.terms[fold(words[place.location] || "")] = true;
      if (anchor && isName(anchor)) group.names = group.names.concat(namesAt(words, anchors, i));
      else group.hits.push(place.location);
    });
    var list = order.map(function (id) { return groups[id]; });
    list.forEach(function (g) { g.count = Object.keys(g.terms).length; });
    // Passages before the page's beginning (its title and header); more of the
    // query's words first; then a passage that has them before one found by
    // another spelling (whose hidden names weigh most, to rank the page).
    list.sort(function (a, b) {
      return !a.id - !b.id || b.count - a.count || (b.hits.length > 0) - (a.hits.length > 0) || b.score - a.score;
    });
    return list.map(function (g) { return excerpt(data, words, anchors, g); });
  }

  // A passage's excerpt (its words around those found, never a part of a
  // word), its title and its address.
  function excerpt(data, words, anchors, group) {
    var at = group.anchor ? group.anchor.location : (group.hits[0] || 0);
    var b = lastAt(anchors, at, isBound);
    var start = b < 0 ? 0 : anchors[b].location;
    var end = words.length;
    for (var j = 0; j < anchors.length; j++) {
      if (anchors[j].location > at && isBound(anchors[j]) && (!group.anchor || anchors[j] !== group.anchor)) {
        end = anchors[j].location;
        break;
      }
    }
    var marked = {};
    var found = [];
    group.hits.forEach(function (h) { if (h >= start && h < end) { marked[h] = true; found.push(words[h]); } });
    var first = group.hits.length ? Math.min.apply(null, group.hits) : null;
    if (!group.hits.length && group.names.length) { // found by another spelling: the text's own here
      var from = group.anchor ? group.anchor.location : start;
      occurrences(words, start, end, group.names).forEach(function (o) {
        if (first === null || o[0] >= from && first < from) first = o[0];
        for (var k = 0; k < o[1]; k++) { marked[o[0] + k] = true; found.push(words[o[0] + k]); }
      });
    }
    if (first === null) first = at;
    var lo = Math.max(start, Math.min(first - BEFORE, end - WINDOW));
    var hi = Math.min(end, lo + WINDOW);
    var text = [];
    for (var i = lo; i < hi; i++) text.push([words[i], !!marked[i]]);
    var url = data.url;
    var highlight = parts(found).filter(function (w, n, all) { return all.indexOf(w) === n; });
    if (highlight.length) url += (url.indexOf("?") < 0 ? "?" : "&") + PARAM + "=" + encodeURIComponent(highlight.join(" "));
    if (group.id) url += "#" + encodeURIComponent(group.id);
    return {
      id: group.id, url: url, title: title(data, anchors, group), words: text,
      lead: lo > start, tail: hi < end, byNames: !group.hits.length
    };
  }

  // A passage's name as readers cite it (the cite box's, given as the
  // page's metadata "passages"), else its heading's.
  function title(data, anchors, group) {
    if (!group.anchor) return "";
    var cited = {};
    try { cited = JSON.parse(data.meta.passages || "{}"); } catch (e) { /* none */ }
    var name = cited[group.id];
    if (typeof name === "string") return /^\p{Ll}\p{Ll}/u.test(name) ? name[0].toUpperCase() + name.slice(1) : name;
    var h = lastAt(anchors, group.anchor.location, function (a) { return /^h[1-6]$/i.test(a.element); });
    var heading = h < 0 ? "" : (anchors[h].text || "").replace(/¶\s*$/, "").trim();
    return heading || "";
  }

  // --- Results ----------------------------------------------------------------------------

  function words(passage) {
    var p = document.createElement("p");
    if (passage.lead) p.appendChild(document.createTextNode("… "));
    passage.words.forEach(function (w, i) {
      if (i) p.appendChild(document.createTextNode(" "));
      if (w[1]) { // the word marked, not the punctuation around it
        var m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(w[0]);
        if (m[1]) p.appendChild(document.createTextNode(m[1]));
        var mark = document.createElement("mark");
        mark.textContent = m[2];
        p.appendChild(mark);
        if (m[3]) p.appendChild(document.createTextNode(m[3]));
      } else {
        p.appendChild(document.createTextNode(w[0]));
      }
    });
    if (passage.tail) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function link(passage, heading, isPage) {
    var a = document.createElement("a");
    a.href = passage.url;
    a.className = "md-search-result__link";
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset" + (isPage ? " md-search-result__article--document" : "");
    var h = document.createElement(isPage ? "h1" : "h2");
    h.textContent = heading;
    article.appendChild(h);
    if (passage.words.length) {
      var p = words(passage);
      if (isPage && passage.title) {
        var where = document.createElement("span");
        where.className = "search-where";
        where.textContent = passage.title;
        p.insertBefore(document.createTextNode(" "), p.firstChild);
        p.insertBefore(where, p.firstChild);
      }
      if (passage.byNames) {
        var why = document.createElement("span");
        why.className = "search-why";
        why.textContent = "Found under another spelling of a name the text uses: ";
        p.insertBefore(why, p.firstChild);
      }
      article.appendChild(p);
    }
    a.appendChild(article);
    return a;
  }

  // A page: its title, leading to its best passage, whose words it shows;
  // then its next best passages.
  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var found = passages(data).slice(0, PASSAGES);
    var best = found[0] || { url: data.url, title: "", words: [] };
    li.appendChild(link(best, data.meta.title || data.url, true));
    found.slice(1).forEach(function (passage) {
      li.appendChild(link(passage, passage.title || data.meta.title || data.url, false));
    });
    return li;
  }

  function showKinds(query) {
    var group = box().querySelector(".search-kinds");
    if (!group) return;
    group.hidden = !query;
    group.querySelectorAll("[data-kind]").forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-kind") === kind ? "true" : "false");
    });
  }

  function show(query, found, items, more) {
    var search = box();
    var meta = search.querySelector(".md-search-result__meta");
    var list = search.querySelector(".md-search-result__list");
    list.replaceChildren.apply(list, items);
    list.setAttribute("data-query", query); // what the list shows results for
    list.setAttribute("data-kind", kind);
    meta.textContent = !query ? meta.getAttribute("data-empty")
      : found === 0 ? "No matching documents"
      : found === 1 && !more ? "1 matching document"
      : (more ? "More than " : "") + found + " matching documents";
    showKinds(query);
  }

  // The pages found, as data; of one kind only, read in order until enough
  // are found (a page's kind is its metadata "kind": edition/search.py).
  function pagesOf(results) {
    if (!kind) {
      return Promise.all(results.slice(0, SHOWN).map(function (r) { return r.data(); }))
        .then(function (pages) { return { pages: pages, found: results.length, more: false }; });
    }
    var pages = [];
    var found = 0;
    var next = 0;
    function batch() {
      var part = results.slice(next, next + SHOWN);
      next += part.length;
      return Promise.all(part.map(function (r) { return r.data(); })).then(function (datas) {
        datas.forEach(function (d) {
          if (d.meta.kind !== kind) return;
          found += 1;
          if (pages.length < SHOWN) pages.push(d);
        });
        if (next < results.length && next < SCAN) return batch();
        return { pages: pages, found: found, more: next < results.length };
      });
    }
    return batch();
  }

  // The index is asked once the reader pauses (WAIT), for the words typed,
  // not for each beginning of them as they are typed: a part of the index
  // fetches the chunk holding each word asked, and "f", "fr", "fro" … each
  // fetched chunks of every part (edition/search.py, PART).  Pagefind's
  // program and the index's list of chunks load meanwhile.
  function search(query) {
    clearTimeout(waiting);
    if (!query.trim()) { show("", 0, []); return; }
    load().catch(function () {});  // a failure is shown by `ask`
    waiting = setTimeout(function () { ask(query); }, WAIT);
  }

  function ask(query) {
    load().then(function (module) {
      return module.search(query);
    }).then(function (result) {
      var asked = kind;
      // Not the page of every word in each part of the index, which weighs nothing (edition/search.py, WORDS).
      var results = result.results.filter(function (r) { return r.score > 0; });
      return pagesOf(results).then(function (got) {
        if (asked !== kind || box().querySelector(".md-search__input").value !== query) return; // superseded
        show(query, got.found, got.pages.map(item), got.more);
      });
    }).catch(function (error) {
      show(query, 0, []);
      box().querySelector(".md-search-result__meta").textContent = "Search is unavailable: " + error.message;
    });
  }

  function open() {
    toggle().checked = true;
    box().querySelector(".md-search__input").focus();
  }

  // --- On arrival: the words found, highlighted ----------------------------------------------

  function highlight() {
    var params = new URLSearchParams(location.search);
    var wanted = params.get(PARAM);
    if (wanted === null) return;
    params.delete(PARAM);
    var rest = params.toString();
    history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
    // A passage in a fold (the editors' introduction) is shown: its folds open.
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      var closed = false;
      for (var d = target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
        if (!d.open) { d.open = true; closed = true; }
      }
      if (closed) target.scrollIntoView();
    }
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
    var set = {};
    parts(wanted.split(/\s+/)).forEach(function (w) { set[w] = true; });
    var root = document.querySelector("[data-pagefind-body]") || document.querySelector(".md-content");
    if (!root) return;
    var ranges = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest("[hidden], script, style, .headerlink, .aliases")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var pattern = /[\p{L}\p{M}\p{N}]+/gu;
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var m;
      pattern.lastIndex = 0;
      while ((m = pattern.exec(node.data))) {
        if (set[fold(m[0])]) {
          var r = document.createRange();
          r.setStart(node, m.index);
          r.setEnd(node, m.index + m[0].length);
          ranges.push(r);
        }
      }
    }
    CSS.highlights.delete("edition-search");
    if (!ranges.length) return;
    var found = new Highlight();
    ranges.forEach(function (r) { found.add(r); });
    CSS.highlights.set("edition-search", found);
  }

  if (window.document$) window.document$.subscribe(highlight);
  else highlight();

  // --- The box ----------------------------------------------------------------------------

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-edition-search] .md-search__input")) search(event.target.value);
  });

  document.addEventListener("submit", function (event) {
    if (!event.target.closest("[data-edition-search]")) return;
    event.preventDefault(); // Enter opens the first result
    var first = box().querySelector(".md-search-result__link");
    if (first) first.click();
  });

  // Clicking into the box (or tabbing to it) opens the results, as Material's
  // own search does: on a wide screen the box is always there, its results not.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches("[data-edition-search] .md-search__input")) toggle().checked = true;
  });
  // Tabbing on out of the box and its results closes them (else they, and the
  // veil over the page, would stay while the reader moves through the page).
  document.addEventListener("focusout", function (event) {
    var to = event.relatedTarget;
    if (event.target.closest("[data-edition-search]") && to && !to.closest("[data-edition-search]")) {
      toggle().checked = false;
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target === toggle() && toggle().checked) box().querySelector(".md-search__input").focus();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-edition-search] .md-search-result__link")) toggle().checked = false;
    var button = event.target.closest("[data-edition-search] .search-kinds [data-kind]");
    if (button) {
      kind = button.getAttribute("data-kind");
      search(box().querySelector(".md-search__input").value);
    }
  });

  document.addEventListener("keydown", function (event) {
    var typing = event.target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "Escape" && toggle().checked) {
      toggle().checked = false;
      event.target.blur();
    } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
               (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      open();
    } else if (event.key === "ArrowDown" && event.target.matches("[data-edition-search] .md-search__input")) {
      var first = box().querySelector(".md-search-result__link");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
})();
