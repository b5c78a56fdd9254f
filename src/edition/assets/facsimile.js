// The facsimile beside the text: each printed page's image in OpenSeadragon
// (vendored in assets/edition/openseadragon/, loaded only on a page that has
// images), zoomable, following the reader: when a page break scrolls past
// the top of the window, that page's image is shown.  Without JavaScript the
// panel is a list of links to the full images (facsimile_html.py).
(function () {
  "use strict";
  var script = document.currentScript && document.currentScript.src;
  var VIEWER = script ? script.replace(/facsimile\.js(\?.*)?$/, "openseadragon/openseadragon.min.js") : null;
  var loading = null;
  var active = null;  // { viewer, pages, observer }

  function load() {
    if (window.OpenSeadragon) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = VIEWER;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function button(label, text, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "facsimile-button";
    b.setAttribute("aria-label", label);
    b.title = label;
    b.textContent = text;
    b.addEventListener("click", action);
    return b;
  }

  function show(panel, pages, index) {
    if (!active || index === active.index || index < 0) return;
    active.index = index;
    active.viewer.goToPage(index);
    var page = pages[index];
    panel.querySelector(".facsimile-shown").textContent = "p. " + page.page;
    active.viewer.element.setAttribute("aria-label", "Image of p. " + page.page + ": " + page.alt);
    panel.querySelectorAll(".facsimile-pages a").forEach(function (a, i) {
      if (i === index) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
    });
  }

  function follow(panel, pages) {
    // The page whose break is the last above the window's upper third is the page being read.
    var breaks = pages.map(function (p) { return document.getElementById("p" + p.page); });
    function update() {
      var line = window.innerHeight / 3, index = 0;
      breaks.forEach(function (b, i) { if (b && b.getBoundingClientRect().top < line) index = i; });
      show(panel, pages, index);
    }
    var pending = false;
    function onScroll() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; update(); });
    }
    window.addEventListener("scroll", onScroll, { passive: true });
    update();
    return function () { window.removeEventListener("scroll", onScroll); };
  }

  function setUp() {
    if (active) { active.stop(); active.viewer.destroy(); active = null; }
    var panel = document.querySelector(".md-content .facsimile[data-pages]");
    if (!panel || !VIEWER) return;
    var pages = JSON.parse(panel.getAttribute("data-pages"));
    var base = new URL(".", location.href);
    // Each page's image service, from where this page is served: its info.json names the edition's
    // published address (IIIF asks for one), which a preview or a copy of the site is not at.
    var services = Promise.all(pages.map(function (p) {
      var url = new URL(p.info, base).href;
      return fetch(url).then(function (r) { return r.json(); }).then(function (info) {
        info.id = url.replace(/\/info\.json$/, "");
        return info;
      });
    }));
    Promise.all([load(), services]).then(function (loaded) {
      var sources = loaded[1];
      var holder = panel.querySelector(".facsimile-viewer");
      holder.hidden = false;
      holder.setAttribute("role", "img");
      var viewer = window.OpenSeadragon({
        element: holder,
        tileSources: sources,
        sequenceMode: true,
        showNavigationControl: false,
        showSequenceControl: false,
        preserveViewport: false,
        visibilityRatio: 0.5,
        gestureSettingsMouse: { clickToZoom: false },
        crossOriginPolicy: false
      });
      var controls = document.createElement("div");
      controls.className = "facsimile-controls";
      controls.appendChild(button("Zoom in", "+", function () { viewer.viewport.zoomBy(1.5); }));
      controls.appendChild(button("Zoom out", "−", function () { viewer.viewport.zoomBy(1 / 1.5); }));
      controls.appendChild(button("Whole page", "⤢", function () { viewer.viewport.goHome(); }));
      holder.parentNode.insertBefore(controls, holder.nextSibling);
      // On a narrow screen the image waits to be asked for (edition.css), so the text comes first.
      var toggle = button("Show the page's image", "Show the image", function () {
        var open = !panel.hasAttribute("data-open");
        if (open) panel.setAttribute("data-open", ""); else panel.removeAttribute("data-open");
        toggle.textContent = open ? "Hide the image" : "Show the image";
        toggle.setAttribute("aria-expanded", String(open));
      });
      toggle.classList.add("facsimile-toggle");
      toggle.setAttribute("aria-expanded", "false");
      panel.querySelector(".facsimile-heading").appendChild(toggle);
      active = { viewer: viewer, index: -1, stop: function () {} };
      panel.querySelectorAll(".facsimile-pages a").forEach(function (a, i) {
        a.addEventListener("click", function (event) {
          event.preventDefault();
          var target = document.getElementById("p" + pages[i].page);
          if (target) target.scrollIntoView();
          show(panel, pages, i);
        });
      });
      active.stop = follow(panel, pages);
      // A line the editors placed on its image: marked there when it is chosen (clicked, or its address opened).
      var boxes = {};
      pages.forEach(function (p, i) { Object.keys(p.lines || {}).forEach(function (id) { boxes[id] = [i, p.lines[id]]; }); });
      var text = document.querySelector(".md-content section.transcription");
      function choose(id) {
        var found = boxes[id];
        if (!found) return;
        var place = function () {
          var item = viewer.world.getItemAt(0);
          if (!item) return;
          var box = found[1], rect = item.imageToViewportRectangle(box[0], box[1], box[2], box[3]);
          viewer.clearOverlays();
          var mark = document.createElement("div");
          mark.className = "facsimile-line";
          mark.setAttribute("aria-hidden", "true");
          viewer.addOverlay({ element: mark, location: rect });
          viewer.viewport.fitBounds(new window.OpenSeadragon.Rect(rect.x - rect.width * 0.1, rect.y - rect.height * 4,
                                                                  rect.width * 1.2, rect.height * 9));
          panel.querySelector(".facsimile-shown").textContent = "p. " + pages[found[0]].page + ", l. " + id.split(".l")[1];
        };
        if (active.index === found[0] && viewer.world.getItemAt(0)) { place(); return; }
        viewer.addOnceHandler("open", place);
        show(panel, pages, found[0]);
      }
      var lines = Array.prototype.slice.call(text ? text.querySelectorAll(".lb[id]") : []);
      function onClick(event) {
        if (event.target.closest("a, button, summary, .facsimile") || !text || !text.contains(event.target)) return;
        var caret = document.caretRangeFromPoint && document.caretRangeFromPoint(event.clientX, event.clientY);
        var node = caret ? caret.startContainer : event.target, line = null;
        lines.forEach(function (lb) {
          if (lb === node || lb.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) line = lb;
        });
        if (line) choose(line.id);
      }
      function onHash() { choose(decodeURIComponent(location.hash.slice(1))); }
      document.addEventListener("click", onClick);
      window.addEventListener("hashchange", onHash);
      var unfollow = active.stop;
      active.stop = function () {
        unfollow();
        document.removeEventListener("click", onClick);
        window.removeEventListener("hashchange", onHash);
      };
      viewer.addOnceHandler("open", onHash);
    }, function () { /* the viewer could not be loaded: the links stay */ });
  }

  if (window.document$) window.document$.subscribe(setUp);
  else setUp();
})();
