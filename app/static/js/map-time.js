/* Time slider: shows the features active at the chosen moment.
 * Each feature carries `ovb_active`: a list of [startMs, endMs) intervals (computed by geo/maps.py).
 * Reads its settings from <script type="application/json" id="ovb-map-config"> (no inline JS). */
(function () {
  "use strict";

  function readConfig() {
    var el = document.getElementById("ovb-map-config");
    return el ? JSON.parse(el.textContent) : null;
  }

  function activeAt(props, t) {
    var iv = props && props.ovb_active;
    if (!iv) { return true; }
    for (var i = 0; i < iv.length; i++) {
      if (iv[i][0] <= t && t < iv[i][1]) { return true; }
    }
    return false;
  }

  function formatTime(t, lang) {
    return new Date(t).toLocaleString(lang === "en" ? "en-GB" : "da-DK", {
      timeZone: "Europe/Copenhagen", weekday: "short", day: "numeric", month: "short",
      year: "numeric", hour: "2-digit", minute: "2-digit"
    });
  }

  function localIso(t) {
    var parts = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Europe/Copenhagen", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).format(new Date(t));
    return parts.replace(" ", "T");
  }

  function collect(cfg) {
    var names = ["zones", "buffers", "events"];
    var out = [];
    names.forEach(function (name) {
      var group = window[cfg.layers[name]];
      if (group) { out.push({ name: name, group: group, layers: group.getLayers() }); }
    });
    return out;
  }

  /* Outside the window the map knows nothing about activity: show everything. */
  function apply(entries, t, inWindow) {
    var counts = {};
    entries.forEach(function (entry) {
      var shown = 0;
      entry.layers.forEach(function (layer) {
        var on = !inWindow || activeAt(layer.feature && layer.feature.properties, t);
        var has = entry.group.hasLayer(layer);
        if (on && !has) { entry.group.addLayer(layer); }
        if (!on && has) { entry.group.removeLayer(layer); }
        if (on) { shown += 1; }
      });
      counts[entry.name] = shown;
    });
    return counts;
  }

  function setup() {
    var cfg = readConfig();
    if (!cfg || !cfg.window) { return; }
    var entries = collect(cfg);
    var slider = document.getElementById("ovb-time");
    var output = document.getElementById("ovb-time-label");
    var step = 15 * 60 * 1000;
    function show(t) {
      var counts = apply(entries, t, cfg.window[0] <= t && t < cfg.window[1]);
      if (output) {
        output.textContent = formatTime(t, cfg.lang);
        output.dataset.at = localIso(t);
      }
      var atInput = document.getElementById("ovb-at");
      if (atInput) { atInput.value = localIso(t); }
      Object.keys(counts).forEach(function (k) {
        document.body.dataset["shown" + k.charAt(0).toUpperCase() + k.slice(1)] = String(counts[k]);
      });
      if (cfg.updateUrl && window.history && window.history.replaceState) {
        var url = new URL(window.location.href);
        url.searchParams.set("at", localIso(t));
        window.history.replaceState(null, "", url.toString());
      }
    }
    if (slider) {
      slider.min = "0";
      slider.max = String(Math.floor((cfg.window[1] - cfg.window[0]) / step));
      slider.step = "1";
      slider.value = String(Math.round((cfg.at - cfg.window[0]) / step));
      slider.addEventListener("input", function () {
        show(cfg.window[0] + Number(slider.value) * step);
      });
    }
    show(cfg.at);
    /* Other scripts (the event form) may move the moment: window.ovbMapTime.show(ms). */
    var geometries = {};
    entries.forEach(function (entry) {
      entry.layers.forEach(function (l) { if (l.feature && l.feature.id) { geometries[l.feature.id] = l.feature.geometry; } });
    });
    window.ovbMapTime = {
      geometry: function (id) { return geometries[id] || null; },
      show: function (t) {
        if (slider) { slider.value = String(Math.round((t - cfg.window[0]) / step)); }
        show(t);
      }
    };
    document.body.dataset.mapReady = "1";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
