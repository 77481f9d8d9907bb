/* Console behaviour, loaded from this site (the CSP allows no inline script):
   - committee switcher: submit on change;
   - charts: each <canvas data-chart="id"> reads its data from the JSON script element with that id and is drawn
     with the vendored Chart.js, with labelled axes, dates and dollar amounts. A table with the same figures sits
     beside each chart for screen readers and for print;
   - wide tables (<table class="stack">) label each cell with its column heading (data-label), so that on a phone
     the stylesheet can show each row as a card of "heading: value" lines instead of a table to scroll sideways. */
(function () {
  "use strict";
  function money(v) {
    return "$" + Number(v).toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 0 });
  }
  function moneyCents(v) {
    return "$" + Number(v).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  function drawCharts(root) {
    if (typeof Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      canvas.dataset.drawn = "1";
      new Chart(canvas, {
        type: spec.type || "bar",
        data: {
          labels: spec.labels,
          datasets: [{ label: spec.series, data: spec.values, backgroundColor: "#2f6fb2", borderColor: "#0b4f94", borderWidth: 1 }]
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          indexAxis: spec.horizontal ? "y" : "x",
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { label: function (ctx) { return spec.series + ": " + moneyCents(ctx.parsed[spec.horizontal ? "x" : "y"]); } } }
          },
          scales: {
            x: spec.horizontal
              ? { beginAtZero: true, title: { display: true, text: spec.value_axis }, ticks: { callback: money } }
              : { title: { display: true, text: spec.label_axis }, ticks: { autoSkip: true, maxRotation: 60, minRotation: 0 } },
            y: spec.horizontal
              ? { title: { display: true, text: spec.label_axis } }
              : { beginAtZero: true, title: { display: true, text: spec.value_axis }, ticks: { callback: money } }
          }
        }
      });
    });
  }
  function labelCells(root) {
    root.querySelectorAll("table.stack").forEach(function (table) {
      var headings = [];
      table.querySelectorAll("thead th").forEach(function (th) {
        for (var i = 0; i < (th.colSpan || 1); i++) { headings.push(th.textContent.replace(/[▲▼]/g, "").trim()); }
      });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (cell, index) {
          if (cell.colSpan === 1 && headings[index]) { cell.setAttribute("data-label", headings[index]); }
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    labelCells(document);
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    drawCharts(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); labelCells(event.target); });
})();
