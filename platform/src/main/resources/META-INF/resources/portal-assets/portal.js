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

  // A function from an instant (ms) to the same wall-clock time in the IANA zone as if it were UTC,
  // for a time axis drawn with useUTC: its ticks and labels then read in that zone, whatever the
  // browser's own. Null if the browser does not know the zone.
  function wallClock(zone) {
    var format;
    try {
      format = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", second: "numeric"
      });
    } catch (e) {
      return null;
    }
    return function (ms) {
      var p = {};
      format.formatToParts(new Date(ms)).forEach(function (part) { p[part.type] = part.value; });
      return Date.UTC(+p.year, p.month - 1, +p.day, p.hour % 24, +p.minute, +p.second) + ms % 1000;
    };
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
      var zone = el.getAttribute("data-zone");
      var inZone = zone ? wallClock(zone) : null;
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
            var at = Date.parse(r.bucket);
            (byPoint[r.point] = byPoint[r.point] || []).push([inZone ? inZone(at) : at, r.avg]);
          });
          var names = Object.keys(byPoint).sort();
          chart.setOption({
            useUTC: inZone !== null,
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

  // A choice that applies at once (the page's content security policy allows no inline handler).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });
})();
