// Search: the box in the header (theme/partials/search.html) asks
// Pagefind's index, written by the build into pagefind/.  Pagefind loads
// only the pieces of the index a query needs.  Results are built as DOM
// nodes: an excerpt's text, with Pagefind's <mark> around the words found,
// and nothing else of any HTML it might hold.
(function () {
  "use strict";
  var SHOWN = 10;      // pages listed
  var SECTIONS = 3;    // passages listed under each page
  var pagefind = null; // the module, loaded on the first query
  var NAMES = 10;      // the weight of the register's names hidden in a source (edition/search.py)

  function config() {
    return JSON.parse(document.getElementById("__config").textContent);
  }

  function load() {
    if (!pagefind) {
      var base = new URL(config().base + "/", location.href);
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        return module.options({ baseUrl: base.pathname }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function box() { return document.querySelector("[data-edition-search]"); }
  function toggle() { return document.getElementById("__search"); }

  // Pagefind's excerpt as text and <mark> elements only.
  function excerpt(html) {
    var p = document.createElement("p");
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function link(url, title, text, isPage, lead) {
    var a = document.createElement("a");
    a.href = url;
    a.className = "md-search-result__link";
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset" +
      (isPage ? " md-search-result__article--document" : "");
    var heading = document.createElement(isPage ? "h1" : "h2");
    heading.textContent = title;
    article.appendChild(heading);
    if (text) {
      var p = excerpt(text);
      if (lead) p.insertBefore(document.createTextNode(lead), p.firstChild);
      article.appendChild(p);
    }
    a.appendChild(article);
    return a;
  }

  // A page, and the passages under its headings that matched; the page's
  // own excerpt only if no passage did (it may be the hidden list of the
  // register's names, which edition/mkdocs_site.py puts above the first heading).
  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var title = data.meta.title || data.url;
    var sections = data.sub_results.filter(function (sub) { return sub.url !== data.url && sub.title !== title; });
    // Found only by the hidden list of names: say so, since the excerpt is that list, not the text.
    var byNames = data.weighted_locations.length > 0 &&
      data.weighted_locations.every(function (place) { return place.weight === NAMES; });
    li.appendChild(link(data.url, title, sections.length ? "" : data.excerpt, true,
      byNames ? "Found under another spelling of a name the text uses: " : ""));
    sections.slice(0, SECTIONS).forEach(function (sub) {
      li.appendChild(link(sub.url, sub.title, sub.excerpt, false));
    });
    return li;
  }

  function show(query, found, items) {
    var search = box();
    var meta = search.querySelector(".md-search-result__meta");
    var list = search.querySelector(".md-search-result__list");
    list.replaceChildren.apply(list, items);
    list.setAttribute("data-query", query); // what the list shows results for
    meta.textContent = !query ? meta.getAttribute("data-empty")
      : found === 0 ? "No matching documents"
      : found === 1 ? "1 matching document"
      : found + " matching documents";
  }

  function search(query) {
    if (!query.trim()) { show("", 0, []); return; }
    load().then(function (module) {
      return module.debouncedSearch(query);
    }).then(function (result) {
      if (result === null) return; // a newer query is under way
      return Promise.all(result.results.slice(0, SHOWN).map(function (r) { return r.data(); }))
        .then(function (pages) { show(query, result.results.length, pages.map(item)); });
    }).catch(function (error) {
      show(query, 0, []);
      box().querySelector(".md-search-result__meta").textContent = "Search is unavailable: " + error.message;
    });
  }

  function open() {
    toggle().checked = true;
    box().querySelector(".md-search__input").focus();
  }

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
