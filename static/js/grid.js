// The staff grid (templates/indicators/grid.html): Enter moves to the next figure down, as in a
// spreadsheet; the last one saves.
document.querySelectorAll("[data-grid-cell]").forEach(function (cell, index, cells) {
  cell.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || index === cells.length - 1) return;
    e.preventDefault();
    cells[index + 1].focus();
    cells[index + 1].select();
  });
});
