// Material's preview of a note (content.footnote.tooltips) is a dialog
// without a name, which a screen reader announces as nothing: it is named
// after the marker that opened it ("Note 17", "Editorial note a").
(function () {
  var marker = null;
  ["focusin", "mouseover"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var link = event.target.closest && event.target.closest("a.footnote-ref");
      if (link) marker = link;
    }, true);
  });
  // Material adds the preview to the page's body when it opens.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.classList.contains("md-tooltip2")) {
          node.setAttribute("aria-label", (marker && marker.getAttribute("aria-label")) || "Note");
        }
      });
    });
  }).observe(document.body, { childList: true });
})();
