// Progressive enhancement: each table marked data-chart gets a chart drawn above it from the table's own cells.
// The table stays as the text alternative (the chart is aria-hidden). ECharts (1 MB) is fetched only on pages that
// have such a table, after the page has rendered.
(function () {
  "use strict";
  var tables = document.querySelectorAll("table[data-chart]");
  if (tables.length === 0) {
    return;
  }

  function number(text) {
    var v = parseFloat(String(text).replace(/[^0-9.\-]/g, ""));
    return isNaN(v) ? null : v;
  }

  function draw() {
    tables.forEach(function (table) {
      var column = parseInt(table.getAttribute("data-chart-column") || "1", 10);
      var header = table.querySelectorAll("thead th")[column];
      var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
      if (table.getAttribute("data-chart-order") === "desc") {
        rows.reverse();
      }

      var labels = rows.map(function (r) { return r.cells[0].textContent.trim(); });
      var values = rows.map(function (r) { return r.cells[column] ? number(r.cells[column].textContent) : null; });
      // A table may name a second column drawn as a dashed step line (an emission limit, which can change on a day).
      var limitColumn = table.getAttribute("data-chart-limit-column");
      var limitHeader = limitColumn ? table.querySelectorAll("thead th")[parseInt(limitColumn, 10)] : null;
      var limits = limitColumn ? rows.map(function (r) { return r.cells[parseInt(limitColumn, 10)] ? number(r.cells[parseInt(limitColumn, 10)].textContent) : null; }) : null;
      var box = document.createElement("div");
      box.className = "chart";
      box.setAttribute("aria-hidden", "true");
      table.parentNode.parentNode.insertBefore(box, table.parentNode);
      var chart = window.echarts.init(box, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        grid: { left: 40, right: 10, top: 20, bottom: 40 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: labels },
        yAxis: { type: "value", name: header ? header.textContent.trim() : "" },
        series: [{ type: table.getAttribute("data-chart-type") || "line", data: values, name: header ? header.textContent.trim() : "" }]
      });
      if (limits) {
        chart.setOption({
          legend: { top: 0 },
          grid: { top: 40 },
          series: [
            { type: "line", data: values, name: header ? header.textContent.trim() : "", showSymbol: false },
            { type: "line", step: "end", data: limits, name: limitHeader ? limitHeader.textContent.trim() : "", showSymbol: false, lineStyle: { type: "dashed", color: "#a40000" }, itemStyle: { color: "#a40000" } }
          ]
        });
      }
      window.addEventListener("resize", function () { chart.resize(); });
    });
    document.documentElement.setAttribute("data-charts", "drawn");
  }

  var script = document.createElement("script");
  script.src = "/lib/echarts/echarts.min.js";
  script.onload = draw;
  document.head.appendChild(script);
})();
