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

  function label(m, s) {
    return m < 1000 ? Math.round(m / 10) * 10 + " " + s.m : (m / 1000).toFixed(1).replace(".", ",") + " " + s.km;
  }

  function sortList(list, lat, lon, s) {
    var items = Array.prototype.slice.call(list.querySelectorAll("li.tap"));
    items.forEach(function (li) {
      li.dataset.distance = String(metres(lat, lon, Number(li.dataset.lat), Number(li.dataset.lon)));
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
