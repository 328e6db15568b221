// Charts: every element with data-chart holds its ECharts option as JSON in a <script> it names.
(function () {
  // The server does not know how wide a chart will be: on a narrow screen a ring shows only its
  // figures (names stay in the legend, which wraps instead of paging), and category labels turn
  // as far as they must not to run into each other.
  function fit(option, width) {
    if (!width) return option;
    (option.series || []).forEach(function (series) {
      if (series.type === "pie" && width < 420) {
        series.label = Object.assign({}, series.label, { formatter: "{c}" });
        series.radius = ["30%", "55%"];
        if (option.legend) option.legend.type = "plain";
      }
    });
    var axis = option.xAxis;
    if (axis && axis.type === "category" && axis.data && axis.data.length) {
      var longest = Math.max.apply(null, axis.data.map(function (text) {
        return String(text).replace(/[\x00-\xff]/g, "").length * 12 + String(text).replace(/[^\x00-\xff]/g, "").length * 7;
      }));
      var slot = (width - 60) / axis.data.length;
      var label = axis.axisLabel = axis.axisLabel || {};
      if (longest + 8 <= slot) label.rotate = 0;
      else label.rotate = [30, 45, 60, 90].find(function (angle) {
        return slot * Math.sin(angle * Math.PI / 180) >= 18;
      }) || 90;
    }
    // A scaled value axis ends at the extreme figure: leave room for the point and its label.
    var values = option.yAxis;
    if (values && values.type === "value" && values.scale && !values.boundaryGap) {
      values.boundaryGap = ["10%", "15%"];
    }
    return option;
  }
  function render(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source || !window.echarts) return;
    var option = fit(JSON.parse(source.textContent), el.clientWidth);
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function renderAll(root) { root.querySelectorAll("[data-chart]").forEach(render); }
  document.addEventListener("DOMContentLoaded", function () { renderAll(document); });
  document.addEventListener("htmx:afterSwap", function (e) { renderAll(e.target); });
  // <select data-autosubmit> sends its form when changed (a filter with no button to press).
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("[data-autosubmit]")) e.target.form.submit();
  });
  // <a data-history-back> goes back a page; its href (the home page) serves when there is none.
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("[data-history-back]");
    if (link && window.history.length > 1) {
      e.preventDefault();
      window.history.back();
    }
  });
  // Irreversible actions ask first: <button data-confirm="确定…？">.
  document.addEventListener("submit", function (e) {
    var button = e.submitter;
    var message = (button && button.dataset.confirm) || e.target.dataset.confirm;
    if (message && !window.confirm(message)) e.preventDefault();
  });
})();
