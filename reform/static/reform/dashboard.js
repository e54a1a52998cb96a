// The CCHC dashboard's charts (Chart.js 4, vendored): data from the page's json_script tag, so
// the chart shows the very numbers of the table. CSP allows only 'self' scripts: no inline code.
(function () {
  "use strict";
  var source = document.getElementById("reform-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var low = "rgba(220, 53, 69, 0.85)";
  function colours(base) {
    return data.highlighted.map(function (h) { return h ? low : base; });
  }
  function percent(value) { return value === null ? "—" : value.toLocaleString("vi-VN") + "%"; }
  var rates = document.getElementById("reform-chart-rates");
  if (rates) {
    rates.chart = new Chart(rates, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Tỷ lệ đúng hạn (%)", data: data.onTime, backgroundColor: colours("rgba(13, 110, 253, 0.75)") },
          { label: "Tỷ lệ trực tuyến (%)", data: data.online, backgroundColor: "rgba(25, 135, 84, 0.6)" }
        ]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: {
          title: { display: true, text: "Tỷ lệ hồ sơ đúng hạn và tiếp nhận trực tuyến" },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + percent(c.raw); } } }
        }
      }
    });
  }
  var index = document.getElementById("reform-chart-index");
  if (index) {
    index.chart = new Chart(index, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: "Điểm chỉ số CCHC", data: data.index, backgroundColor: colours("rgba(111, 66, 193, 0.7)") }]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { min: 0, max: 100 } },
        plugins: { title: { display: true, text: "Điểm chỉ số cải cách hành chính (đỏ: dưới ngưỡng)" } }
      }
    });
  }
  document.documentElement.dataset.reformCharts = "ready";
})();
