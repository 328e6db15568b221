// Charts: every element with data-chart holds its ECharts option as JSON in a <script> it names.
(function () {
  function render(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source || !window.echarts) return;
    var option = JSON.parse(source.textContent);
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function renderAll(root) { root.querySelectorAll("[data-chart]").forEach(render); }
  document.addEventListener("DOMContentLoaded", function () { renderAll(document); });
  document.addEventListener("htmx:afterSwap", function (e) { renderAll(e.target); });
  // Irreversible actions ask first: <button data-confirm="确定…？">.
  document.addEventListener("submit", function (e) {
    var button = e.submitter;
    var message = (button && button.dataset.confirm) || e.target.dataset.confirm;
    if (message && !window.confirm(message)) e.preventDefault();
  });
})();
