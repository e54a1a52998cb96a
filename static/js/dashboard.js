// Charts of the first page's panels (core.dashboard). Each <canvas data-chart="id"> reads its spec
// from the json_script tag of that id: {type, labels, series: [{label, data}], links, stacked, unit}.
// A click on a bar (or slice) opens that label's link, elsewhere on the chart the panel's detail page.
// No inline script: the Content-Security-Policy allows scripts from 'self' only.
(function () {
  "use strict";

  var COLOURS = ["#1d3557", "#d4a73a", "#8b1e1e", "#457b9d", "#2a9d8f", "#e76f51", "#6c757d", "#a8dadc"];

  function number(value) {
    return typeof value === "number" ? value.toLocaleString("vi-VN") : value;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var round = spec.type === "doughnut" || spec.type === "pie";
    var datasets = spec.series.map(function (series, i) {
      var colour = round ? spec.labels.map(function (_l, j) { return COLOURS[j % COLOURS.length]; })
        : COLOURS[i % COLOURS.length];
      return { label: series.label, data: series.data, backgroundColor: colour, borderColor: round ? "#fff" : colour };
    });
    var scales = round ? {} : {
      x: { stacked: !!spec.stacked, ticks: { autoSkip: false, maxRotation: 60 } },
      y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { callback: number } }
    };
    var chart = new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: {
          legend: { display: round || spec.series.length > 1, position: "bottom" },
          tooltip: { callbacks: { label: function (ctx) {
            return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + number(ctx.parsed.y !== undefined && !round ? ctx.parsed.y : ctx.parsed);
          } } }
        },
        onHover: function (event, elements) {
          canvas.style.cursor = elements.length || canvas.getAttribute("data-link") ? "pointer" : "default";
        }
      }
    });
    // The click is the canvas's own listener (not Chart.js's onClick): a click anywhere opens a
    // page, that bar's link when the pointer is on one, else the panel's detail page.
    canvas.addEventListener("click", function (event) {
      var link = "";
      var hit = chart.getElementsAtEventForMode(event, "nearest", { intersect: true }, false);
      if (hit.length && spec.links && spec.links[hit[0].index]) {
        link = spec.links[hit[0].index];
      }
      link = link || canvas.getAttribute("data-link");
      if (link) {
        window.location.assign(link);
      }
    });
    canvas.setAttribute("data-rendered", "1");
    return chart;
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) {
      draw(canvases[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
