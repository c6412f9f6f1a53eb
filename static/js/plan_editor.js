// Plan editor: drag tasks within and across quarters. The server decides the order and sends back, out of
// band, the quarters a task left or entered and every row whose TT changed, so the page never trusts its own
// DOM after a drop.
(function () {
  "use strict";

  var SECTIONS = "#plan-sections";

  function reloadSections() {
    var box = document.querySelector(SECTIONS);
    if (!box) { return; }
    htmx.ajax("GET", box.dataset.editorUrl, { target: SECTIONS, swap: "outerHTML" });
  }

  function onDrop(evt) {
    var row = evt.item;
    var moved = evt.from !== evt.to || evt.oldDraggableIndex !== evt.newDraggableIndex;
    if (!moved) { return; }
    htmx.ajax("POST", row.dataset.moveUrl, {
      source: evt.to,
      target: SECTIONS,
      swap: "outerHTML",
      values: { section: evt.to.dataset.sectionId, position: evt.newDraggableIndex },
    });
  }

  function makeSortable(root) {
    if (typeof Sortable === "undefined") { return; }
    var bodies = root.matches && root.matches("tbody[data-sortable-section]")
      ? [root] : root.querySelectorAll("tbody[data-sortable-section]");
    Array.prototype.forEach.call(bodies, function (tbody) {
      if (Sortable.get(tbody)) { return; }
      Sortable.create(tbody, {
        group: "plan-tasks",
        handle: ".drag-handle",
        draggable: "tr.task-row",
        animation: 150,
        ghostClass: "sortable-ghost",
        onEnd: onDrop,
      });
    });
  }

  // The drop already changed the DOM; if the server refused it, show the real order again.
  document.addEventListener("htmx:afterRequest", function (evt) {
    var elt = evt.detail.elt;
    var failed = !evt.detail.successful && evt.detail.xhr && evt.detail.xhr.status !== 422;
    if (failed && elt && elt.matches && elt.matches("tbody[data-sortable-section]")) { reloadSections(); }
  });

  htmx.onLoad(makeSortable);
  // Out-of-band quarters arrive as fresh tbody elements: make them sortable too.
  document.addEventListener("htmx:oobAfterSwap", function () { makeSortable(document.body); });
  document.addEventListener("htmx:afterSettle", function () { makeSortable(document.body); });
})();
