// The region tree (templates/units/region_tree.html) loads lower levels on demand: a toggle
// <a href="?root=ID" data-tree-children="/units/regions/ID/children/"> fetches the rows of the
// region's lower regions and puts them under its row; pressed again it hides them (and theirs).
// Without this script the link opens the tree rooted at that region.
(function () {
  function rowsBelow(row) {
    var path = row.dataset.treePath;
    var rows = [];
    for (var next = row.nextElementSibling; next; next = next.nextElementSibling) {
      if (!next.dataset.treePath || next.dataset.treePath.indexOf(path) !== 0) break;
      rows.push(next);
    }
    return rows;
  }
  function collapse(row) {
    rowsBelow(row).forEach(function (below) {
      below.hidden = true;
      var toggle = below.querySelector("[data-tree-children]");
      if (toggle) toggle.setAttribute("aria-expanded", "false");
    });
  }
  function expand(row, toggle) {
    var id = toggle.dataset.treeChildren.match(/(\d+)\/children\/$/)[1];
    rowsBelow(row).forEach(function (below) {
      if (below.dataset.treeParent === id) below.hidden = false;
    });
  }
  document.addEventListener("click", function (e) {
    var toggle = e.target.closest && e.target.closest("[data-tree-children]");
    if (!toggle) return;
    e.preventDefault();
    var row = toggle.closest("tr");
    if (toggle.getAttribute("aria-expanded") === "true") {
      collapse(row);
      toggle.setAttribute("aria-expanded", "false");
      return;
    }
    toggle.setAttribute("aria-expanded", "true");
    if (toggle.dataset.treeLoaded) { expand(row, toggle); return; }
    if (toggle.dataset.treeLoading) return;
    toggle.dataset.treeLoading = "1";
    fetch(toggle.dataset.treeChildren, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var body = document.createElement("tbody");
        body.innerHTML = html;
        row.after.apply(row, Array.prototype.slice.call(body.children));
        toggle.dataset.treeLoaded = "1";
      })
      .catch(function () {
        // The page rooted there still shows the rows.
        window.location.href = toggle.href;
      })
      .finally(function () { delete toggle.dataset.treeLoading; });
  });
})();
