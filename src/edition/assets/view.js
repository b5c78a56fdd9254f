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

  if (window.document$) {
    window.document$.subscribe(function () { show(current(), false); });
  } else {
    show(current(), false);
  }
})();
