// The statistics page's chart: data from the json_script tag «du-lieu-bieu-do» (CSP: scripts from 'self' only).
(function () {
  "use strict";
  var source = document.getElementById("du-lieu-bieu-do");
  var canvas = document.getElementById("bieu-do-khen-thuong");
  if (!source || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = ["#8b1a1a", "#1f5f8b", "#c48a00"];
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (s, i) {
        return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] };
      })
    },
    options: {
      indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } },
      plugins: { legend: { position: "bottom" } },
      locale: "vi-VN"
    }
  });
  canvas.setAttribute("data-ready", "1");
})();
