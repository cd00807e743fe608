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
    // A month of energy: kWh a day as bars, tCO2 a day as a line on its own axis; a day without
    // any reading is a gap (null), not zero. Drawn at once, without animation.
    energy: function (el) {
      var points = json(el, "data-points");
      draw(el, {
        animation: false,
        grid: { left: 60, right: 60, top: 30, bottom: 30 },
        legend: { data: [el.getAttribute("data-kwh"), el.getAttribute("data-tco2")] },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: points.map(function (p) { return p.day.substring(5); }) },
        yAxis: [{ type: "value", name: "kWh" }, { type: "value", name: "tCO2" }],
        series: [
          { name: el.getAttribute("data-kwh"), type: "bar", data: points.map(function (p) { return p.kwh; }) },
          { name: el.getAttribute("data-tco2"), type: "line", yAxisIndex: 1, connectNulls: false, data: points.map(function (p) { return p.tco2; }) }
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
        var url = el.getAttribute("data-url") + "?resolution=" + span[1] + "&aggregates=avg" +
          "&from=" + encodeURIComponent(from.toISOString()) + "&to=" + encodeURIComponent(to.toISOString());
        fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (page) {
          var byPoint = {};
          (page.series || []).forEach(function (s) {
            byPoint[s.point] = s.bucket.map(function (at, i) { return [inZone ? inZone(at) : at, s.avg[i]]; });
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

  // A rule preview: the points the rule reads over the last 24 hours, with a line where it would
  // have raised (red) and cleared (green).
  kinds.preview = function (el) {
    var zone = el.getAttribute("data-zone");
    var inZone = zone ? wallClock(zone) : null;
    function at(ms) {
      return inZone ? inZone(ms) : ms;
    }
    var series = json(el, "data-series");
    var marks = json(el, "data-transitions").map(function (t) {
      var raised = t.change === "raised";
      return { xAxis: at(t.at), name: el.getAttribute(raised ? "data-raised" : "data-cleared"),
        lineStyle: { color: raised ? "#b3261e" : "#1d7a3a", type: raised ? "solid" : "dashed", width: 2 } };
    });
    draw(el, {
      useUTC: inZone !== null,
      animation: false,
      legend: { data: series.map(function (s) { return s.point; }) },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "time" },
      yAxis: { type: "value", scale: true },
      series: series.map(function (s, i) {
        return { name: s.point, type: "line", showSymbol: false,
          data: s.samples.map(function (p) { return [at(p[0]), p[1]]; }),
          markLine: i === 0 ? { symbol: "none", silent: true, label: { formatter: "{b}" }, data: marks } : undefined };
      })
    });
    el.setAttribute("data-drawn", String(marks.length));
  };

  // The park's map: its outline (GeoJSON) or site plan (an image placed by its edges), the
  // geofences coloured by kind, and the tracked devices, refreshed every 5 s. No online tiles: the
  // shapes are registered as an ECharts map of their own.
  var zoneColours = { forbidden: "rgba(179,38,30,0.35)", hazard: "rgba(179,107,0,0.30)", parking: "rgba(47,138,59,0.25)" };

  function box(points) {
    var w = 180, s = 90, e = -180, n = -90;
    points.forEach(function (c) { w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]); });
    if (w > e) { return null; }
    var padLon = Math.max((e - w) * 0.15, 0.0005), padLat = Math.max((n - s) * 0.15, 0.0005);
    return { west: w - padLon, south: s - padLat, east: e + padLon, north: n + padLat };
  }

  function rectangle(name, b) {
    return { type: "Feature", properties: { name: name }, geometry: { type: "Polygon", coordinates: [[
      [b.west, b.south], [b.east, b.south], [b.east, b.north], [b.west, b.north], [b.west, b.south]]] } };
  }

  // The latitude of a feature's first position, as the map's reference latitude.
  function latitude(feature) {
    var c = feature.geometry.coordinates;
    while (Array.isArray(c[0])) { c = c[0]; }
    return c[1];
  }

  kinds.parkmap = function (el) {
    var map = el.getAttribute("data-map") ? JSON.parse(el.getAttribute("data-map")) : null;
    var zones = json(el, "data-zones");
    var positions = json(el, "data-positions");
    var features = [];
    var corners = [];
    zones.forEach(function (z) { z.polygon.forEach(function (c) { corners.push(c); }); });
    positions.forEach(function (p) { corners.push([p.lon, p.lat]); });
    var image = null;
    if (map && map.kind === "outline") {
      map.outline.features.forEach(function (f) { features.push(f); });
    } else if (map && map.kind === "image") {
      image = map;
      features.push(rectangle("site-plan", map.bounds));
    } else {
      var b = box(corners) || { west: 121.49, south: 31.19, east: 121.51, north: 31.21 };
      features.push(rectangle("area", b));
    }
    var regions = [];
    zones.forEach(function (z) {
      var name = "zone:" + z.id;
      features.push({ type: "Feature", properties: { name: name }, geometry: { type: "Polygon", coordinates: [z.polygon] } });
      regions.push({ name: name, itemStyle: { areaColor: zoneColours[z.kind], borderColor: "#5d6b7a" },
        label: { show: true, formatter: z.name, color: "#1d2733" } });
    });
    var mapName = "park-" + el.getAttribute("data-park");
    echarts.registerMap(mapName, { type: "FeatureCollection", features: features });
    var chart = draw(el, {
      // Positions move every few seconds: drawn at once, not animated in.
      animation: false,
      tooltip: { trigger: "item", formatter: function (p) {
        return p.seriesType === "scatter" ? p.name + "<br>" + p.value[1].toFixed(6) + ", " + p.value[0].toFixed(6) : p.name.replace(/^zone:/, "");
      } },
      geo: {
        // A degree of longitude is cos(latitude) of a degree of latitude on the ground.
        map: mapName, roam: true, aspectScale: Math.cos(latitude(features[0]) * Math.PI / 180),
        itemStyle: { areaColor: image ? "rgba(0,0,0,0)" : "#eef3f8", borderColor: "#8a9bab" },
        emphasis: { itemStyle: { areaColor: "#dce7f2" }, label: { show: false } },
        label: { show: false },
        regions: regions
      },
      series: [{ type: "scatter", coordinateSystem: "geo", symbolSize: 14, z: 10,
        itemStyle: { color: "#0b5cad", borderColor: "#ffffff", borderWidth: 2 },
        label: { show: true, position: "right", formatter: "{b}", fontSize: 12, fontWeight: "bold", color: "#0b2e55" },
        data: [] }]
    });
    function show(list) {
      chart.setOption({ series: [{ data: list.map(function (p) { return { name: p.device, value: [p.lon, p.lat] }; }) }] });
      el.setAttribute("data-drawn", String(list.length));
    }
    function placeImage() {
      if (!image) { return; }
      var nw = chart.convertToPixel({ geoIndex: 0 }, [image.bounds.west, image.bounds.north]);
      var se = chart.convertToPixel({ geoIndex: 0 }, [image.bounds.east, image.bounds.south]);
      if (!nw || !se) { return; }
      chart.setOption({ graphic: [{ id: "site-plan", type: "image", z: -10, silent: true,
        style: { image: image.image, x: nw[0], y: nw[1], width: se[0] - nw[0], height: se[1] - nw[1] } }] });
    }
    // A device's last hour, drawn as a line when its "track" button is pressed.
    function track(button) {
      var url = button.getAttribute("data-track-url") + "?from=" +
        encodeURIComponent(new Date(Date.now() - 3600e3).toISOString());
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (t) {
          if (!t) { return; }
          var coords = t.positions.map(function (p) { return [p.lon, p.lat]; });
          chart.setOption({ series: [{}, { id: "track", type: "lines", coordinateSystem: "geo", polyline: true,
            lineStyle: { color: "#b36b00", width: 3, opacity: 0.8 }, data: [{ name: t.device, coords: coords }] }] });
          el.setAttribute("data-track", t.device + " " + coords.length);
        });
    }
    document.querySelectorAll("button[data-track-url]").forEach(function (button) {
      button.addEventListener("click", function () { track(button); });
    });
    show(positions);
    placeImage();
    chart.on("georoam", placeImage);
    window.addEventListener("resize", placeImage);
    setInterval(function () {
      fetch(el.getAttribute("data-positions-url"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (list) { if (list) { show(list); } });
    }, 5000);
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
