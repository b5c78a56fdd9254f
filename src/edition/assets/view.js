// The reader's choice between the reading text and the diplomatic text.
// The choice is kept in localStorage and set on <html data-view>, which
// Material's instant navigation keeps, so it holds across pages.  The head
// of every page sets it before the first paint (theme/main.html).
(function () {
  "use strict";
  var KEY = "edition.view";
  var VIEWS = { reading: "Showing the reading text", diplomatic: "Showing the diplomatic text" };

  function current() {
    var view = document.documentElement.getAttribute("data-view");
    return VIEWS[view] ? view : "reading";
  }

  function show(view, announce) {
    document.documentElement.setAttribute("data-view", view);
    try { localStorage.setItem(KEY, view); } catch (e) { /* private mode: this page only */ }
    document.querySelectorAll(".view-switch a[data-view]").forEach(function (a) {
      if (a.getAttribute("data-view") === view) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    if (announce) {
      document.querySelectorAll(".view-switch .view-status").forEach(function (s) {
        s.textContent = VIEWS[view];
      });
    }
    drawAll();
  }

  // One listener for every page instant navigation brings in.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".view-switch a[data-view]");
    if (!link) return;
    event.preventDefault();
    show(link.getAttribute("data-view"), true);
  });

  // Any other link to "#diplomatic" (say, from a citation) opens that view too.
  window.addEventListener("hashchange", function () {
    if (location.hash === "#diplomatic") show("diplomatic", true);
  });

  // A text known in several witnesses (publishing.py puts the document's,
  // the base first, on its transcription as data-witnesses): the diplomatic
  // view shows the one the reader chooses.  Every witness's words are in
  // the page at each variant (apparatus_html.py); html[data-witness] names
  // a witness other than the base, and its readings are marked .app-chosen
  // (marks.css shows them).  Sigla are each document's own, so the choice
  // is remembered for each page, and any other page shows its base witness.
  var WITNESS_KEY = "edition.witness:";

  function declared() {
    var section = document.querySelector(".transcription[data-witnesses]");
    return section ? JSON.parse(section.getAttribute("data-witnesses")) : {};
  }

  function showWitness(siglum, announce) {
    var witnesses = declared();
    var sigla = Object.keys(witnesses);
    if (sigla.indexOf(siglum) < 1) siglum = null;  // the base, or no witness of this document
    if (siglum) document.documentElement.setAttribute("data-witness", siglum);
    else document.documentElement.removeAttribute("data-witness");
    try {
      if (siglum) localStorage.setItem(WITNESS_KEY + location.pathname, siglum);
      else localStorage.removeItem(WITNESS_KEY + location.pathname);
    } catch (e) { /* private mode: this page only */ }
    document.querySelectorAll("a.app-var > .app-wit-reading").forEach(function (reading) {
      reading.classList.toggle("app-chosen", reading.getAttribute("data-wit") === siglum);
    });
    var shown = siglum || sigla[0];
    document.querySelectorAll(".witness-switch select").forEach(function (select) { select.value = shown; });
    if (announce) {
      document.querySelectorAll(".witness-switch .view-status").forEach(function (s) {
        s.textContent = "Showing witness " + shown + ", " + witnesses[shown];
      });
    }
    drawAll();
  }

  // The choice: a labelled list beside the view switch, shown in the diplomatic view (edition.css).
  function witnessSwitch() {
    var witnesses = declared();
    var sigla = Object.keys(witnesses);
    var views = document.querySelector(".transcription > .view-switch");
    if (sigla.length > 1 && views) {
      var box = document.createElement("div");
      box.className = "witness-switch";
      var label = document.createElement("label");
      label.htmlFor = "witness-choice";
      label.textContent = "Witness";
      var select = document.createElement("select");
      select.id = "witness-choice";
      sigla.forEach(function (siglum) {
        var option = document.createElement("option");
        option.value = siglum;
        option.textContent = siglum + " \u2014 " + witnesses[siglum];
        select.appendChild(option);
      });
      select.addEventListener("change", function () { showWitness(select.value, true); });
      var status = document.createElement("span");
      status.className = "view-status";
      status.setAttribute("role", "status");
      box.append(label, select, status);
      views.after(box);
    }
    var stored = null;
    try { stored = localStorage.getItem(WITNESS_KEY + location.pathname); } catch (e) { /* none kept */ }
    showWitness(stored, false);
  }

  // The diplomatic view on a narrow screen: a printed line wider than the
  // page wraps, its further rows hanging indented (edition.css); each of
  // them gets a "↪" in the indent, so that a wrap is never taken for the
  // print's own line end.  Drawn in a layer over each block of lines,
  // hidden from assistive technology, search and copying; drawn again when
  // the block's width changes.
  var BLOCKS = '.transcription[data-layout="lines"], .author-notes';

  function rows(range) {
    // The rows a range of text spans: its boxes grouped where they overlap
    // vertically (a note's raised marker is on its row).
    var found = [];
    Array.prototype.forEach.call(range.getClientRects(), function (r) {
      if (!r.width || !r.height) return;
      var row = found.find(function (x) { return r.top < x.bottom - 1 && r.bottom > x.top + 1; });
      if (row) {
        row.top = Math.min(row.top, r.top); row.bottom = Math.max(row.bottom, r.bottom);
        row.left = Math.min(row.left, r.left);
      } else {
        found.push({ top: r.top, bottom: r.bottom, left: r.left });
      }
    });
    return found.sort(function (a, b) { return a.top - b.top; });
  }

  function markWraps(block) {
    var layer = block.querySelector(":scope > .wrap-marks");
    if (layer) layer.textContent = "";
    if (current() !== "diplomatic") return;
    var lines = block.querySelectorAll(".lb");
    if (!lines.length) return;
    if (!layer) {
      layer = document.createElement("div");
      layer.className = "wrap-marks";
      layer.setAttribute("aria-hidden", "true");
      layer.setAttribute("data-pagefind-ignore", "");
      block.appendChild(layer);
    }
    var origin = block.getBoundingClientRect();
    var marks = document.createDocumentFragment();
    lines.forEach(function (lb, i) {
      var holder = lb.parentElement.closest("p, li") || lb.parentElement;
      var range = document.createRange();
      range.setStartAfter(lb);
      var next = lines[i + 1];
      if (next && holder.contains(next)) range.setEndBefore(next);
      else range.setEnd(holder, holder.childNodes.length);
      rows(range).slice(1).forEach(function (row) {
        var mark = document.createElement("span");
        mark.className = "wrap-mark";
        mark.style.top = (row.top - origin.top) + "px";
        mark.style.height = (row.bottom - row.top) + "px";
        mark.style.left = (row.left - origin.left) + "px";
        marks.appendChild(mark);
      });
    });
    layer.appendChild(marks);
  }

  var observer = window.ResizeObserver ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { markWraps(entry.target); });
  }) : null;

  function drawAll() {
    document.querySelectorAll(BLOCKS).forEach(markWraps);
  }

  function watch() {
    if (observer) {
      observer.disconnect();
      document.querySelectorAll(BLOCKS).forEach(function (block) { observer.observe(block); });
    }
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(drawAll);
  }

  // Printing shows what the folds of a document page hold (its metadata,
  // its introduction): they are opened for the print, and closed again after.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll(".document-front > details:not(.cite)"),
      function (d) { return !d.open; });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  if (window.document$) {
    window.document$.subscribe(function () { show(current(), false); witnessSwitch(); watch(); });
  } else {
    show(current(), false);
    witnessSwitch();
    watch();
  }
})();
