/* Now and near: sort the officer's lists by distance from the phone's position and centre the map. */
(function () {
  "use strict";

  function strings() {
    var el = document.getElementById("ovb-officer-strings");
    return el ? JSON.parse(el.textContent) : {};
  }

  function metres(lat1, lon1, lat2, lon2) {
    var r = 6371000, rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * r * Math.asin(Math.sqrt(a));
  }

  /* Metres from a point to a GeoJSON geometry (0 inside a polygon), on a local flat projection. */
  function toXY(lon, lat, lat0) {
    var k = 111320;
    return [lon * k * Math.cos(lat0 * Math.PI / 180), lat * k];
  }

  function segDist(p, a, b) {
    var dx = b[0] - a[0], dy = b[1] - a[1];
    var len = dx * dx + dy * dy;
    var t = len ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len)) : 0;
    var x = a[0] + t * dx - p[0], y = a[1] + t * dy - p[1];
    return Math.sqrt(x * x + y * y);
  }

  function ringInfo(p, ring, lat0) {
    var inside = false, best = Infinity;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var a = toXY(ring[j][0], ring[j][1], lat0), b = toXY(ring[i][0], ring[i][1], lat0);
      best = Math.min(best, segDist(p, a, b));
      if ((b[1] > p[1]) !== (a[1] > p[1]) && p[0] < (a[0] - b[0]) * (p[1] - b[1]) / (a[1] - b[1]) + b[0]) {
        inside = !inside;
      }
    }
    return { inside: inside, dist: best };
  }

  function geomDistance(g, lat, lon) {
    var p = toXY(lon, lat, lat);
    var polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : null;
    if (polys) {
      var best = Infinity;
      polys.forEach(function (rings) {
        var outer = ringInfo(p, rings[0], lat);
        var inHole = rings.slice(1).some(function (h) { return ringInfo(p, h, lat).inside; });
        best = Math.min(best, outer.inside && !inHole ? 0 : outer.dist);
      });
      return best;
    }
    var lines = g.type === "LineString" ? [g.coordinates] : g.type === "MultiLineString" ? g.coordinates : null;
    if (lines) {
      var d = Infinity;
      lines.forEach(function (line) {
        for (var i = 1; i < line.length; i++) {
          d = Math.min(d, segDist(p, toXY(line[i - 1][0], line[i - 1][1], lat), toXY(line[i][0], line[i][1], lat)));
        }
      });
      return d;
    }
    return null;
  }

  function label(m, s) {
    if (m === 0) { return s.inside; }
    return m < 1000 ? Math.round(m / 10) * 10 + " " + s.m : (m / 1000).toFixed(1).replace(".", ",") + " " + s.km;
  }

  function sortList(list, lat, lon, s) {
    var items = Array.prototype.slice.call(list.querySelectorAll("li.tap"));
    items.forEach(function (li) {
      var g = window.ovbMapTime && li.dataset.id ? window.ovbMapTime.geometry(li.dataset.id) : null;
      var exact = g ? geomDistance(g, lat, lon) : null;
      li.dataset.distance = String(exact !== null ? exact : metres(lat, lon, Number(li.dataset.lat), Number(li.dataset.lon)));
      var d = li.querySelector(".distance");
      if (d) { d.textContent = label(Number(li.dataset.distance), s); }
    });
    items.sort(function (a, b) { return Number(a.dataset.distance) - Number(b.dataset.distance); });
    items.forEach(function (li) { list.appendChild(li); });
  }

  function setup() {
    var s = strings();
    var status = document.getElementById("locate-status");
    var cfgEl = document.getElementById("ovb-map-config");
    var cfg = cfgEl ? JSON.parse(cfgEl.textContent) : {};
    var map = cfg.map ? window[cfg.map] : null;
    if (!navigator.geolocation) { status.textContent = s.denied; return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      var lat = pos.coords.latitude, lon = pos.coords.longitude;
      ["zones-now", "events-today"].forEach(function (id) {
        var list = document.getElementById(id);
        if (list) { sortList(list, lat, lon, s); }
      });
      status.textContent = s.found;
      status.dataset.lat = String(lat);
      status.dataset.lon = String(lon);
      if (map) {
        map.setView([lat, lon], 15);
        L.circleMarker([lat, lon], { radius: 9, color: "#fff", weight: 3, fillColor: "#1a73e8", fillOpacity: 1,
          className: "ovb-me" }).addTo(map);
      }
      document.body.dataset.located = "1";
    }, function () {
      status.textContent = s.denied;
      document.body.dataset.located = "0";
    }, { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
