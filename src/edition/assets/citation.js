// "Cite this": copy buttons, and the citing of a passage.
//
// The document's "Cite this" box (edition/mkdocs_site.py, edition/cite_html.py)
// is plain HTML, readable without this script.  It carries its forms as
// templates with a locator slot and an address slot; this script fills them
// for the passage a reader opens (a page, line, paragraph or note address)
// or selects (a range of lines or paragraphs), by the rules of
// edition.cite.Forms.fill.  It also sends a moved anchor on to its page.
(function () {
  "use strict";

  function data() {
    var el = document.querySelector("details.cite[data-cite]");
    return el ? JSON.parse(el.getAttribute("data-cite")) : null;
  }

  // The locator and the address are text: escaped where a form is HTML.
  function escapeHTML(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function fill(d, locator, address) {
    var out = { url: address };
    Object.keys(d.forms).forEach(function (name) {
      var html = name === "note" || name === "bibliography";
      var text = d.forms[name].split(d.slots.address).join(html ? escapeHTML(address) : address);
      if (locator) text = text.split(d.slots.locator).join(html ? escapeHTML(locator) : locator);
      else if (name === "note") text = text.replace(new RegExp("(,\\s*)?" + d.slots.locator, "g"), "");
      else text = text.split("\n").filter(function (line) { return line.indexOf(d.slots.locator) < 0; }).join("\n");
      out[name] = text;
    });
    return out;
  }

  // Write a set of forms into a copy of the box's list.
  function render(list, forms) {
    list.querySelectorAll(".cite-form").forEach(function (el) {
      var name = el.getAttribute("data-form");
      if (name === "url") { el.textContent = forms.url; el.setAttribute("href", forms.url); }
      else if (name === "note" || name === "bibliography") el.innerHTML = forms[name];  // the edition's own HTML, cleaned at build
      else el.textContent = forms[name];
    });
  }

  function copy(button) {
    var form = button.parentNode.querySelector(".cite-form");
    var text = form.textContent.trim();
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    };
    if (navigator.clipboard && window.ClipboardItem && form.tagName === "SPAN") {
      // A note keeps its italics when pasted into a word processor.
      navigator.clipboard.write([new ClipboardItem({
        "text/plain": new Blob([text], { type: "text/plain" }),
        "text/html": new Blob([form.innerHTML], { type: "text/html" })
      })]).then(done, function () { navigator.clipboard.writeText(text).then(done); });
    } else if (navigator.clipboard) {
      navigator.clipboard.writeText(text).then(done);
    }
  }

  // --- Which passage: an address, or a selection -------------------------

  var LINE = /^p([^.]+)\.l(\d+)$/;

  function byAnchor(d, id) {
    return d.passages[id] ? { locator: d.passages[id], anchor: id } : null;
  }

  // The passage a node stands in: its printed line (the last line break
  // before it), else its numbered paragraph, else its note.
  function holder(node, lines) {
    var el = node.nodeType === 1 ? node : node.parentNode;
    var note = el.closest(".notes li[id]");
    if (note) return note.id;
    var para = el.closest(".transcription .numbered[id]");
    if (para) return para.id;
    var found = null;
    for (var i = 0; i < lines.length; i++) {
      if (lines[i] === el || lines[i].compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) found = lines[i].id;
      else break;
    }
    return found;
  }

  function range(d, first, last) {
    if (!first || !last) return null;
    if (first === last) return byAnchor(d, first);
    var a = LINE.exec(first), b = LINE.exec(last);
    var locator;
    if (a && b && a[1] === b[1]) locator = "p. " + a[1] + ", ll. " + a[2] + "–" + b[2];
    else if (a && b) locator = d.passages[first] + " – " + d.passages[last];
    else if (/^para\d+$/.test(first) && /^para\d+$/.test(last)) locator = "¶¶ " + first.slice(4) + "–" + last.slice(4);
    else return byAnchor(d, first);
    return { locator: locator, anchor: first };
  }

  function selected(d) {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    var r = sel.getRangeAt(0);
    var el = r.startContainer.nodeType === 1 ? r.startContainer : r.startContainer.parentNode;
    if (!el.closest(".transcription, .notes")) return null;
    var lines = Array.prototype.slice.call(document.querySelectorAll(".transcription .lb[id]"))
      .filter(function (lb) { return !lb.closest(".notes"); });
    // A boundary between elements: the node just after it (start) or before it (end).
    var start = r.startContainer.nodeType === 1 ? r.startContainer.childNodes[r.startOffset] || r.startContainer : r.startContainer;
    var end = r.endContainer.nodeType === 1 ? r.endContainer.childNodes[Math.max(0, r.endOffset - 1)] || r.endContainer : r.endContainer;
    return range(d, holder(start, lines), holder(end, lines));
  }

  // --- The button and the dialog -----------------------------------------

  var button, dialog, passage;

  function setUp() {
    var box = document.querySelector("details.cite");
    if (!box) return;
    box.querySelectorAll(".cite-copy").forEach(function (b) { b.hidden = false; });
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "cite-passage md-button md-button--primary";
      button.hidden = true;
      document.body.appendChild(button);
      button.addEventListener("click", open);
    }
    update(null);
  }

  function update(found) {
    var d = data();
    passage = found || (d && byAnchor(d, decodeURIComponent(location.hash.slice(1))));
    if (!button) return;
    button.hidden = !passage;
    if (passage) button.textContent = "Cite this passage: " + passage.locator;
    place();
  }

  // --- Where the button stands: never over the text, an opened note or a popover ---
  //
  // Beside the text column where the page leaves room (the table of contents'
  // column); else at the foot of the window, or at its top, whichever covers
  // neither the passage the reader opened nor an open popover; the page ends
  // with room for it, so that no line stays under it.

  var GAP = 12;

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function guarded() {
    var found = [];
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && !target.matches(".lb")) found.push(target);
    else if (target) {  // a printed line: its row
      var r = target.getBoundingClientRect();
      found.push({ getBoundingClientRect: function () {
        return { left: 0, right: window.innerWidth, top: r.top - 4, bottom: r.top + 28 };
      } });
    }
    document.querySelectorAll(".edition-popover, .md-tooltip2--active, .md-content [aria-expanded='true']").forEach(function (el) { found.push(el); });
    return found.map(function (el) { return el.getBoundingClientRect(); })
      .filter(function (r) { return r.bottom > 0 && r.top < window.innerHeight; });
  }

  function place() {
    if (button && button.hidden) document.body.style.paddingBottom = "";
    if (!button || button.hidden) return;
    var s = button.style;
    var vw = document.documentElement.clientWidth;
    var column = document.querySelector(".md-content");
    var text = column ? column.getBoundingClientRect() : { left: 0, right: vw };
    var room = vw - text.right - 2 * GAP;
    var header = document.querySelector(".md-header");
    var top = (header ? Math.max(0, header.getBoundingClientRect().bottom) : 0) + GAP;
    var popover = document.querySelector(".edition-popover");
    var wide = room >= 160;
    // Where it may stand, best first: beside the text (its foot, then its top), else the window's foot or top.
    var places = wide
      ? [{ right: GAP + "px", bottom: GAP + "px" }, { right: GAP + "px", top: top + "px" }]
      : [{ left: "50%", bottom: GAP + "px", transform: "translateX(-50%)" },
         { left: "50%", top: top + "px", transform: "translateX(-50%)" }];
    if (!wide && popover) places = [];  // on a narrow screen an open popover has the room to itself
    var keep = guarded();
    var chosen = null, at = null;
    s.position = "fixed";
    s.maxWidth = (wide ? room : vw - 2 * GAP) + "px";
    for (var i = 0; i < places.length && !chosen; i++) {
      s.left = s.right = s.top = s.bottom = "auto"; s.transform = "none";
      Object.keys(places[i]).forEach(function (k) { s[k] = places[i][k]; });
      at = button.getBoundingClientRect();
      if (!keep.some(function (r) { return overlaps(r, at); })) chosen = places[i];
    }
    s.visibility = chosen ? "" : "hidden";  // nowhere free: out of the way until there is
    // Room at the page's end, so that the last lines can be scrolled out from under it.
    document.body.style.paddingBottom = wide || !at ? "" : (at.height + 2 * GAP) + "px";
  }

  var placing = false;
  function placeSoon() {
    if (placing || !button || button.hidden) return;
    placing = true;
    requestAnimationFrame(function () { placing = false; place(); });
  }
  window.addEventListener("scroll", placeSoon, { passive: true });
  window.addEventListener("resize", placeSoon);
  document.addEventListener("edition:popover", placeSoon);

  function open() {
    var d = data();
    if (!d || !passage) return;
    var box = document.querySelector("details.cite");
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "cite-dialog";
      dialog.setAttribute("aria-labelledby", "cite-dialog-title");
      document.body.appendChild(dialog);
    }
    dialog.innerHTML = '<h2 id="cite-dialog-title"></h2>';
    dialog.querySelector("h2").textContent = "Cite " + passage.locator;
    var list = box.querySelector(".cite-forms").cloneNode(true);
    render(list, fill(d, passage.locator, d.address + "#" + passage.anchor));
    dialog.appendChild(list);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "md-button cite-close";
    close.textContent = "Close";
    close.addEventListener("click", function () { dialog.close(); });
    dialog.appendChild(close);
    dialog.showModal();
  }

  document.addEventListener("click", function (event) {
    var b = event.target.closest(".cite-copy");
    if (b) copy(b);
  });
  document.addEventListener("selectionchange", function () {
    var d = data();
    if (!d || (dialog && dialog.open)) return;
    var found = selected(d);
    if (found || !window.getSelection().isCollapsed) update(found);
    else update(null);
  });
  window.addEventListener("hashchange", function () { update(null); followMoved(); markLine(); });

  // The printed line an address names is marked, from its line break to the
  // next: a line is a milestone, not an element, so CSS's :target cannot
  // reach its words (a highlight, not a change to the page's elements).
  function markLine() {
    if (!window.CSS || !CSS.highlights) return;
    CSS.highlights.delete("edition-line");
    var lb = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!lb || !lb.matches(".lb[id]")) return;
    var note = lb.closest(".notes li");  // a line of a note ends at the note's end
    // A line ends where the next begins, or at a page break or page furniture.
    var ends = Array.prototype.slice.call((note || document).querySelectorAll(".lb[id], .pb, .fw"))
      .filter(function (other) { return note || other.closest(".transcription") && !other.closest(".notes"); });
    var next = ends[ends.indexOf(lb) + 1];
    var r = document.createRange();
    r.setStartAfter(lb);
    if (next) r.setEndBefore(next);
    else r.setEnd(lb.parentNode, lb.parentNode.childNodes.length);
    CSS.highlights.set("edition-line", new Highlight(r));
  }

  // An anchor that moved to another page (anchors.txt) is followed there.
  function followMoved() {
    var map = document.querySelector(".moved-anchors[data-moved]");
    var id = decodeURIComponent(location.hash.slice(1));
    if (!map || !id || document.getElementById(id)) return;
    var to = JSON.parse(map.getAttribute("data-moved"))[id];
    if (to) location.replace(to);
  }

  if (window.document$) window.document$.subscribe(function () { setUp(); followMoved(); markLine(); });
  else { setUp(); followMoved(); markLine(); }
})();
