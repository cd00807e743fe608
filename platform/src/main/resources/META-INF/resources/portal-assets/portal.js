// ParkPulse portal: draws the charts the server-rendered pages describe in data-* attributes.
// The pages work without it; it only adds the charts and the live telemetry.
(function () {
  "use strict";
  if (typeof echarts === "undefined") {
    return;
  }
  var palette = ["#0b5cad", "#2f8a3b", "#b36b00", "#5b3cc4", "#b3261e", "#1f6fb2", "#8a8a00"];

  function json(el, name) {
    var text = el.getAttribute(name);
    return text ? JSON.parse(text) : [];
  }

  function draw(el, option) {
    var chart = echarts.init(el);
    option.color = palette;
    chart.setOption(option, true);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  var kinds = {
    bar: function (el) {
      draw(el, {
        grid: { left: 40, right: 10, top: 10, bottom: 30 },
        xAxis: { type: "category", data: json(el, "data-labels") },
        yAxis: { type: "value", minInterval: 1 },
        tooltip: {},
        series: [{ type: "bar", data: json(el, "data-values") }]
      });
    },
    line: function (el) {
      draw(el, {
        grid: { left: 40, right: 10, top: 10, bottom: 30 },
        xAxis: { type: "category", data: json(el, "data-labels") },
        yAxis: { type: "value" },
        tooltip: { trigger: "axis" },
        series: [{ type: "line", data: json(el, "data-values").map(function (v) { return Math.round(v * 100) / 100; }) }]
      });
    },
    radar: function (el) {
      var points = json(el, "data-points");
      draw(el, {
        tooltip: {},
        radar: { indicator: points.map(function (p) { return { name: p.name, max: 1 }; }) },
        series: [{ type: "radar", areaStyle: { opacity: 0.2 }, data: [{ value: points.map(function (p) { return p.value; }) }] }]
      });
    },
    history: function (el) {
      var points = json(el, "data-points");
      draw(el, {
        grid: { left: 40, right: 10, top: 10, bottom: 30 },
        xAxis: { type: "category", data: points.map(function (p) { return p.at; }) },
        yAxis: { type: "value", min: 0 },
        tooltip: { trigger: "axis" },
        series: [{ type: "line", data: points.map(function (p) { return p.total; }) }]
      });
    },
    production: function (el) {
      var points = json(el, "data-points");
      draw(el, {
        grid: { left: 50, right: 50, top: 30, bottom: 30 },
        legend: { data: [el.getAttribute("data-kwh"), el.getAttribute("data-oee")] },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: points.map(function (p) { return p.day; }) },
        yAxis: [{ type: "value", name: "kWh" }, { type: "value", name: "OEE", min: 0, max: 1 }],
        series: [
          { name: el.getAttribute("data-kwh"), type: "bar", data: points.map(function (p) { return p.kwh; }) },
          { name: el.getAttribute("data-oee"), type: "line", yAxisIndex: 1, connectNulls: false, data: points.map(function (p) { return p.oee; }) }
        ]
      });
    },
    rollups: function (el) {
      var chart = draw(el, { series: [] });
      var range = document.getElementById("range");
      var spans = { "1h": [3600e3, "1m"], "24h": [86400e3, "1m"], "7d": [7 * 86400e3, "1h"], "30d": [30 * 86400e3, "1d"] };
      function load() {
        var span = spans[range ? range.value : "24h"];
        var to = new Date();
        var from = new Date(to.getTime() - span[0]);
        var url = el.getAttribute("data-url") + "?resolution=" + span[1] +
          "&from=" + encodeURIComponent(from.toISOString()) + "&to=" + encodeURIComponent(to.toISOString());
        fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (page) {
          var byPoint = {};
          (page.rollups || []).forEach(function (r) {
            (byPoint[r.point] = byPoint[r.point] || []).push([r.bucket, r.avg]);
          });
          var names = Object.keys(byPoint).sort();
          chart.setOption({
            title: names.length ? undefined : { text: el.getAttribute("data-empty"), left: "center", top: "middle", textStyle: { fontSize: 14, color: "#5d6b7a" } },
            legend: { type: "scroll", data: names },
            grid: { left: 50, right: 20, top: 40, bottom: 40 },
            tooltip: { trigger: "axis" },
            xAxis: { type: "time" },
            yAxis: { type: "value", scale: true },
            series: names.map(function (n) { return { name: n, type: "line", showSymbol: false, data: byPoint[n] }; })
          }, true);
          el.setAttribute("data-loaded", String(names.length));
        });
      }
      if (range) {
        range.addEventListener("change", load);
      }
      load();
      setInterval(load, 15000);
    }
  };

  document.querySelectorAll(".chart[data-kind]").forEach(function (el) {
    var kind = kinds[el.getAttribute("data-kind")];
    if (kind) {
      kind(el);
    }
  });
})();
