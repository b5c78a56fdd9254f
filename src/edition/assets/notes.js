// Popovers beside the marks of the text: a note marker opens its note, an
// apparatus mark its entry (reading, witness, kind, reason), a mention its
// register card (name, type, dates, a link to the entry).
//
// Each mark is a link (to the note, the entry, the register's page), which
// stays what a reader without JavaScript follows.  With it, hovering,
// focusing, clicking or tapping a mark opens its popover in place, and
// nothing navigates away; the popover links on ("Go to the note").  Enter
// on a mark moves into its popover; Escape, a click elsewhere or leaving it
// closes it, and the focus returns to the mark.
//
// A popover is made of what is on the page: the note and the entry are
// cloned (without their ids), a register card is made from the link's
// data-* attributes as text (textContent) — never innerHTML from anything.
(function () {
  "use strict";

  var MARKS = "a.footnote-ref, a.app, a.hy, a.mention, a.mention-link";
  var HOVER_OPEN = 120, HOVER_CLOSE = 300;  // ms: a pointer passing over a word opens nothing
  var current = null;  // { mark, box, pinned }
  var openTimer = null, closeTimer = null;
  var count = 0;
  var returning = false;  // the focus going back to a mark whose popover closed: it does not reopen it

  function kindOf(mark) {
    if (mark.classList.contains("footnote-ref")) return "note";
    if (mark.classList.contains("mention") || mark.classList.contains("mention-link")) return "mention";
    return "app";
  }

  // The element a same-page link points to.
  function targetOf(mark) {
    var href = mark.getAttribute("href") || "";
    var hash = href.indexOf("#");
    if (hash < 0) return null;
    var url = new URL(href, location.href);
    if (url.pathname !== location.pathname) return null;
    return document.getElementById(decodeURIComponent(href.slice(hash + 1)));
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  // A copy of page content that can stand twice in the page: no ids, no script.
  function copyOf(node) {
    var copy = node.cloneNode(true);
    var all = [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("*")));
    all.forEach(function (n) {
      if (n.nodeType !== 1) return;
      if (/^(SCRIPT|STYLE|IFRAME|OBJECT|EMBED|TEMPLATE)$/.test(n.tagName)) { n.remove(); return; }
      n.removeAttribute("id");
      n.removeAttribute("aria-describedby");
      Array.prototype.slice.call(n.attributes).forEach(function (a) {
        if (/^on/i.test(a.name)) n.removeAttribute(a.name);
      });
    });
    copy.querySelectorAll(".lb, .footnote-backref").forEach(function (n) { n.remove(); });
    return copy;
  }

  function title(mark) {
    return mark.getAttribute("data-title") || mark.getAttribute("title") || "";
  }

  // --- What each kind of popover holds -----------------------------------

  function noteContent(mark, box) {
    var name = mark.getAttribute("aria-label") || "Note";
    box.setAttribute("aria-label", name);
    var note = targetOf(mark);
    box.appendChild(el("p", { "class": "edition-popover-title" }, name));
    if (note) Array.prototype.forEach.call(note.children, function (child) { box.appendChild(copyOf(child)); });
    return { href: mark.getAttribute("href"), text: "Go to " + name.charAt(0).toLowerCase() + name.slice(1) };
  }

  function appContent(mark, box) {
    var entry = targetOf(mark);
    var kind = entry && entry.querySelector(".app-kind");
    var label = kind ? kind.textContent : (title(mark).split(":")[0] || "Change");
    box.setAttribute("aria-label", "Apparatus: " + label);
    box.appendChild(el("p", { "class": "edition-popover-title" }, label.charAt(0).toUpperCase() + label.slice(1)));
    var dl = el("dl");
    function row(term, node) {
      if (!node) return;
      dl.appendChild(el("dt", {}, term));
      var dd = el("dd");
      dd.appendChild(node.nodeType ? node : document.createTextNode(node));
      dl.appendChild(dd);
    }
    if (entry) {
      var place = entry.querySelector(".app-place");
      row("Place", place && place.textContent);
      var lemma = entry.querySelector(".app-lemma");
      // A variant's two sides are witnesses' readings: the text's, and the others'.
      var variants = entry.classList.contains("app-entry-var");
      row(variants ? "Text" : "Reading text", lemma && copyOf(lemma));
      var variant = entry.querySelector(".app-variant");
      row(variants ? "Other witnesses" : "Witness", variant && variant.textContent);
      var reason = entry.querySelector(".app-reason");
      row("Reason", reason && reason.textContent);
    } else {
      row("Change", title(mark));
    }
    box.appendChild(dl);
    return { href: mark.getAttribute("href"), text: "Go to the apparatus entry" };
  }

  function mentionContent(mark, box) {
    var name = mark.getAttribute("data-name") || title(mark) || mark.textContent.trim();
    box.setAttribute("aria-label", "Register: " + name);
    box.appendChild(el("p", { "class": "edition-popover-title" }, name));
    var dl = el("dl");
    [["Type", "data-type"], ["Dates", "data-dates"], ["Date", "data-date"]].forEach(function (pair) {
      var value = mark.getAttribute(pair[1]);
      if (value) { dl.appendChild(el("dt", {}, pair[0])); dl.appendChild(el("dd", {}, value)); }
    });
    if (dl.children.length) box.appendChild(dl);
    var about = mark.getAttribute("data-description");
    if (about) box.appendChild(el("p", {}, about));
    var words = mark.textContent.trim();
    if (words && words !== name && words !== "↗") box.appendChild(el("p", {}, "Named here: “" + words + "”"));
    return { href: mark.getAttribute("href"), text: "The register's entry for " + name };
  }

  // --- Opening and closing -----------------------------------------------

  function place(mark, box) {
    var rects = mark.getClientRects();
    var at = rects.length ? rects[0] : mark.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    var header = document.querySelector(".md-header");
    var topLimit = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    var w = box.offsetWidth, h = box.offsetHeight;
    var left = Math.max(8, Math.min(at.left, vw - w - 8));
    var top = at.bottom + 6;
    if (top + h > vh - 8 && at.top - h - 6 >= topLimit + 8) top = at.top - h - 6;  // above, if there is room
    var parent = box.offsetParent || document.body;
    var base = parent.getBoundingClientRect();
    box.style.left = (left - base.left - parent.clientLeft + parent.scrollLeft) + "px";
    box.style.top = (top - base.top - parent.clientTop + parent.scrollTop) + "px";
  }

  function open(mark, pinned, focusInside, byFocus) {
    clearTimeout(openTimer); clearTimeout(closeTimer);
    if (current && current.mark === mark) {
      if (pinned) pin();
      if (focusInside) current.box.focus();
      return;
    }
    close(false);
    var kind = kindOf(mark);
    var box = el("div", { "class": "edition-popover", "role": "dialog", "tabindex": "-1",
                          "id": "edition-popover-" + (++count), "data-kind": kind, "data-pagefind-ignore": "" });
    var more = (kind === "note" ? noteContent : kind === "mention" ? mentionContent : appContent)(mark, box);
    if (more.href) {
      var p = el("p", { "class": "edition-popover-more" });
      p.appendChild(el("a", { href: more.href }, more.text));
      box.appendChild(p);
    }
    var shut = el("button", { type: "button", "class": "edition-popover-close", "aria-label": "Close" }, "×");
    box.appendChild(shut);
    // Just after its mark (after a note marker's <sup>), so that the keyboard goes on into it.
    var after = mark.parentNode.matches("sup.note-ref") ? mark.parentNode : mark;
    after.parentNode.insertBefore(box, after.nextSibling);
    box.style.visibility = "hidden";
    place(mark, box);
    box.style.visibility = "";
    current = { mark: mark, box: box, pinned: false };
    // Opened by the focus passing over its mark, a popover is a preview, out of the keyboard's
    // way (inert) until Enter opens it; opened by the pointer, its links can be reached.
    if (pinned) pin();
    else if (byFocus) box.inert = true;
    if (focusInside) box.focus();
    document.dispatchEvent(new CustomEvent("edition:popover", { detail: { open: true, box: box } }));
  }

  function pin() {
    current.pinned = true;
    current.box.inert = false;
    current.mark.setAttribute("aria-expanded", "true");
  }

  function close(returnFocus) {
    clearTimeout(openTimer); clearTimeout(closeTimer);
    if (!current) return;
    var was = current;
    current = null;
    var hadFocus = was.box.contains(document.activeElement);
    was.box.remove();
    was.mark.setAttribute("aria-expanded", "false");
    if (returnFocus || hadFocus) {
      returning = true;
      was.mark.focus({ preventScroll: true });
      returning = false;
    }
    document.dispatchEvent(new CustomEvent("edition:popover", { detail: { open: false } }));
  }

  function markOf(node) {
    var mark = node && node.closest && node.closest(MARKS);
    return mark && mark.closest(".md-content") && !mark.closest(".edition-popover, .apparatus-list") ? mark : null;
  }

  function inside(node) {
    return current && node && (current.box.contains(node) || current.mark.contains(node));
  }

  // The pointer: hovering opens, leaving closes (unless the popover was clicked open).
  document.addEventListener("pointerover", function (event) {
    if (event.pointerType !== "mouse") return;
    var mark = markOf(event.target);
    if (mark) {
      clearTimeout(closeTimer);
      if (!current || current.mark !== mark) {
        clearTimeout(openTimer);
        openTimer = setTimeout(function () { open(mark, false, false); }, HOVER_OPEN);
      }
    } else if (inside(event.target)) {
      clearTimeout(closeTimer);
    }
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType !== "mouse") return;
    var mark = markOf(event.target);
    if (mark && !inside(event.relatedTarget) && !mark.contains(event.relatedTarget)) clearTimeout(openTimer);
    if (current && !current.pinned && inside(event.target) && !inside(event.relatedTarget)) {
      clearTimeout(closeTimer);
      closeTimer = setTimeout(function () {
        if (current && !current.pinned && !current.box.contains(document.activeElement)) close(false);
      }, HOVER_CLOSE);
    }
  });

  // A click or a tap on a mark opens its popover and keeps it open; a second closes it.
  // Enter (a click with no pointer) moves into it.  A click with a modifier opens the link.
  document.addEventListener("click", function (event) {
    var mark = markOf(event.target);
    if (mark) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button) return;
      event.preventDefault();
      event.stopPropagation();  // nor does Material's instant navigation follow it
      var keyboard = event.detail === 0;
      if (current && current.mark === mark && current.pinned && !keyboard) close(false);
      else open(mark, true, keyboard);
      return;
    }
    if (!current) return;
    if (event.target.closest && event.target.closest(".edition-popover-close")) { close(true); return; }
    if (current.box.contains(event.target)) {
      if (event.target.closest("a[href]")) setTimeout(function () { close(false); }, 0);  // its link is followed
      return;
    }
    close(false);  // a click elsewhere
  }, true);

  // The keyboard: the focus on a mark opens its popover; leaving both closes it.
  document.addEventListener("focusin", function (event) {
    var mark = markOf(event.target);
    if (mark && !returning && (!current || current.mark !== mark)) open(mark, false, false, true);
  });
  document.addEventListener("focusout", function (event) {
    if (!current) return;
    var next = event.relatedTarget;
    if (next && !inside(next)) close(false);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    }
  }, true);

  window.addEventListener("resize", function () { if (current) place(current.mark, current.box); });

  // Material's own preview of a note (content.footnote.tooltips) would stand over this one:
  // it is kept out of sight and out of the accessibility tree.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.classList.contains("md-tooltip2") && node.getAttribute("role") === "dialog") {
          node.style.display = "none";
          node.setAttribute("aria-hidden", "true");
        }
      });
    });
  }).observe(document.body, { childList: true });

  // On each page (Material's instant navigation brings pages in): a mark's title would
  // show as a second tooltip over its popover; it is kept for the popover.
  function setUp() {
    close(false);
    document.querySelectorAll(".md-content " + MARKS.split(", ").join(", .md-content ")).forEach(function (mark) {
      if (mark.hasAttribute("title")) {
        mark.setAttribute("data-title", mark.getAttribute("title"));
        mark.removeAttribute("title");
      }
      mark.setAttribute("aria-expanded", "false");
    });
  }
  if (window.document$) window.document$.subscribe(setUp);
  else setUp();
})();
