/* Dashboards: charts drawn with the vendored Chart.js (static/vendor/chartjs), sortable tables, print.
   Every chart reads its data from a <script type="application/json"> next to it; the same figures
   are in the table beside the chart, for screen readers and for copying. */
(function () {
  "use strict";
  var COLORS = { line: "#0b4f8a", threshold: "#b3121f", done: "#1b7a3a", in_progress: "#0b4f8a",
    not_started: "#d39b00", not_reported: "#9aa1ab", on_time: "#1b7a3a", late: "#d39b00", missing: "#b3121f" };
  var vnNumber = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });

  function trendConfig(data) {
    var datasets = [{
      label: data.label, data: data.values, borderColor: COLORS.line, backgroundColor: COLORS.line,
      spanGaps: false, tension: 0.2, pointRadius: 3,
      pointStyle: data.provisional.map(function (p) { return p ? "triangle" : "circle"; })
    }, {
      label: "Ngưỡng", data: data.values.map(function () { return data.threshold; }), borderColor: COLORS.threshold,
      borderDash: [5, 4], borderWidth: 1.5, pointRadius: 0, fill: false
    }];
    if (data.upper !== null) {
      datasets.push({ label: "Ngưỡng trên", data: data.values.map(function () { return data.upper; }),
        borderColor: COLORS.threshold, borderDash: [2, 3], borderWidth: 1, pointRadius: 0, fill: false });
    }
    return {
      type: "line", data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (ctx) {
          return ctx.dataset.label + ": " + (ctx.raw === null ? "chưa có số liệu" : vnNumber.format(ctx.raw) + data.unit);
        } } } },
        scales: { x: { ticks: { font: { size: 10 } } }, y: { beginAtZero: true, ticks: { font: { size: 10 },
          callback: function (v) { return vnNumber.format(v) + data.unit; } } } }
      }
    };
  }

  function stackedConfig(data) {
    return {
      type: "bar",
      data: { labels: data.labels, datasets: data.series.map(function (s) {
        return { label: s.label, data: s.values, backgroundColor: COLORS[s.key] || "#666", stack: "all" };
      }) },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }
      }
    };
  }

  function drawCharts() {
    if (typeof window.Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source) { return; }
      var data = JSON.parse(source.textContent);
      var config = data.type === "trend" ? trendConfig(data) : stackedConfig(data);
      new window.Chart(canvas, config);
    });
  }

  function cellKey(row, index) {
    var cell = row.children[index];
    var raw = cell ? (cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim()) : "";
    return raw;
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead tr:first-child th");
    headers.forEach(function (th, index) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellKey(a, index), y = cellKey(b, index);
          // A missing figure sorts last whichever way: missing is not zero.
          if (x === "" && y === "") { return 0; }
          if (x === "") { return 1; }
          if (y === "") { return -1; }
          var nx = parseFloat(x), ny = parseFloat(y);
          var result = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "vi");
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("form[data-autosubmit] select, form[data-autosubmit] input[type=checkbox]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
    window.addEventListener("beforeprint", function () {
      if (window.Chart) { Object.values(window.Chart.instances).forEach(function (c) { c.resize(); }); }
    });
  });
})();
