// An original and its translation side by side (translation.py pairs them).
// The switch fetches the other text's page (from this site: nothing from
// other hosts), sets its text, notes and apparatus in a second column in its
// own language and direction, and keeps the two aligned unit by unit (a
// paragraph, or a printed page): before each unit, a gap in the column that
// is ahead brings both to the same height, so they scroll together.  The
// gaps are measured again when the width, the view or the fonts change.
// Without JavaScript, the switch is a link to the other text.
(function () {
  "use strict";
  var open = null;  // { control, columns, moved: [[node, parent, next]], units, stop }
  var PREFIX = "other-";  // the other text's ids, kept apart from this page's

  function mine() {
    // This page's text and what belongs to it: notes, apparatus (below the text, in order).
    var text = document.querySelector(".md-content section.transcription");
    var parts = [text];
    for (var el = text.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.matches("section.notes, section.apparatus, section.footnote")) parts.push(el);
    }
    return parts;
  }

  function theirs(html, base) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var text = doc.querySelector(".md-content section.transcription");
    if (!text) return null;
    var parts = [text];
    for (var el = text.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.matches("section.notes, section.apparatus, section.footnote")) parts.push(el);
    }
    parts.forEach(function (part) {
      part.querySelectorAll(".view-switch, .parallel, .facsimile, .witness-switch").forEach(function (x) { x.remove(); });
      [part].concat(Array.prototype.slice.call(part.querySelectorAll("[id], [href], [aria-describedby], [aria-labelledby]")))
        .forEach(function (x) {
          if (x.id) x.id = PREFIX + x.id;
          ["aria-describedby", "aria-labelledby"].forEach(function (name) {
            if (x.hasAttribute(name)) x.setAttribute(name, x.getAttribute(name).split(" ").map(function (i) { return PREFIX + i; }).join(" "));
          });
          var href = x.getAttribute("href");
          if (href === null) return;
          if (href.charAt(0) === "#") x.setAttribute("href", "#" + PREFIX + href.slice(1));
          else x.setAttribute("href", new URL(href, base).href);  // its links, from its own address
        });
    });
    return parts.map(function (p) { return document.importNode(p, true); });
  }

  function align() {
    if (!open) return;
    open.columns.querySelectorAll(".parallel-gap").forEach(function (g) { g.remove(); });  // measured afresh
    open.units.forEach(function (unit) {
      var a = document.getElementById(unit[0]), b = document.getElementById(PREFIX + unit[1]);
      if (!a || !b) return;
      var ta = a.getBoundingClientRect().top, tb = b.getBoundingClientRect().top;
      if (Math.abs(ta - tb) < 1) return;
      var gap = document.createElement("span");
      gap.className = "parallel-gap";
      gap.setAttribute("aria-hidden", "true");
      gap.style.height = Math.abs(ta - tb) + "px";
      var later = ta < tb ? a : b, partner = later === a ? b : a;  // the unit higher up waits for its partner
      later.parentNode.insertBefore(gap, later);
      // A gap parts margins that collapsed: measured again, it takes what is left.
      var left = partner.getBoundingClientRect().top - later.getBoundingClientRect().top;
      gap.style.height = Math.max(0, Math.abs(ta - tb) + left) + "px";
    });
  }

  function schedule() {
    if (open && !open.pending) {
      open.pending = true;
      window.requestAnimationFrame(function () { if (open) { open.pending = false; align(); } });
    }
  }

  function show(control, data, parts) {
    var columns = document.createElement("div");
    columns.className = "parallel-columns";
    var first = document.createElement("div"), second = document.createElement("div");
    first.className = second.className = "parallel-column";
    second.setAttribute("lang", data.lang);
    second.setAttribute("dir", data.dir);
    second.setAttribute("role", "region");
    second.setAttribute("aria-label", data.label);
    var own = mine();
    // The heading and the switches stay above both columns, at the page's width.
    var above = Array.prototype.slice.call(own[0].querySelectorAll(":scope > :is(h2, .view-switch, .witness-switch, .parallel)"));
    var moved = above.concat(own).map(function (node) { return [node, node.parentNode, node.nextSibling]; });
    own[0].parentNode.insertBefore(columns, own[0]);
    above.forEach(function (node) { columns.parentNode.insertBefore(node, columns); });
    own.forEach(function (node) { first.appendChild(node); });
    var heading = parts[0].querySelector("h2");
    if (heading) heading.remove();  // one "Text" heading, above both
    [[first, data.own], [second, data.label]].forEach(function (c) {
      var label = document.createElement("p");
      label.className = "parallel-label";
      label.textContent = c[1];
      c[0].insertBefore(label, c[0].firstChild);
    });
    parts.forEach(function (node) { second.appendChild(node); });
    columns.appendChild(first);
    columns.appendChild(second);
    var observer = new MutationObserver(schedule);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-view", "data-witness"] });
    window.addEventListener("resize", schedule);
    // On paper the columns have other widths: level again at once, before the page is laid out for print.
    var paper = window.matchMedia("print");
    paper.addEventListener("change", align);
    window.addEventListener("beforeprint", align);
    window.addEventListener("afterprint", align);
    open = { control: control, columns: columns, moved: moved, units: data.units,
             stop: function () {
               observer.disconnect();
               window.removeEventListener("resize", schedule);
               paper.removeEventListener("change", align);
               window.removeEventListener("beforeprint", align);
               window.removeEventListener("afterprint", align);
             } };
    if (document.fonts) document.fonts.ready.then(schedule);
    align();
    state(control, true);
  }

  function close() {
    if (!open) return;
    open.stop();
    open.moved.slice().reverse().forEach(function (m) { m[1].insertBefore(m[0], m[2]); });
    open.columns.remove();
    var control = open.control;
    open = null;
    state(control, false);
  }

  function state(control, shown) {
    var toggle = control.querySelector(".parallel-toggle");
    var other = toggle.getAttribute("data-other");
    toggle.textContent = shown ? "One column" : "Show the " + other + " beside the text";
    toggle.setAttribute("aria-pressed", String(shown));
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".parallel .parallel-toggle");
    if (!toggle) return;
    event.preventDefault();
    var control = toggle.closest(".parallel");
    if (open) { close(); return; }
    var data = JSON.parse(control.getAttribute("data-parallel"));
    var address = new URL(data.partner, location.href).href;
    toggle.setAttribute("aria-busy", "true");
    fetch(address).then(function (r) { return r.text(); }).then(function (html) {
      toggle.removeAttribute("aria-busy");
      var parts = theirs(html, address);
      if (parts) show(control, data, parts); else location.href = address;
    }, function () { location.href = address; });
  });

  function setUp() {
    open = null;  // a new page: nothing is open
    document.querySelectorAll(".md-content .parallel .parallel-toggle").forEach(function (t) {
      t.setAttribute("role", "button");
      t.setAttribute("aria-pressed", "false");
    });
  }
  if (window.document$) window.document$.subscribe(setUp);
  else setUp();
})();
