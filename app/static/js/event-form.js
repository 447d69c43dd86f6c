/* Event form: the drawn geometry goes into the hidden `geometry` field, and every change asks
 * POST /api/v1/conflicts/check which conflicts the event would have, before anything is saved.
 * Text from the server is inserted with textContent only (titles are user input). */
(function () {
  "use strict";

  var TZ = "Europe/Copenhagen";

  function $(id) { return document.getElementById(id); }

  function readConfig() {
    var el = $("ovb-map-config");
    return el ? JSON.parse(el.textContent) : {};
  }

  function t(key) {
    var el = $("ovb-form-strings");
    var strings = el ? JSON.parse(el.textContent) : {};
    return strings[key] || key;
  }

  /* Offset (minutes) of Europe/Copenhagen at instant `ms`. */
  function zoneOffset(ms) {
    var p = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: TZ, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit"
    }).formatToParts(new Date(ms)).forEach(function (x) { p[x.type] = x.value; });
    var wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
    return Math.round((wall - ms) / 60000);
  }

  /* "2025-06-05T23:30" (local wall time) -> "2025-06-05T23:30:00+02:00". */
  function withOffset(local) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local || "");
    if (!m) { return null; }
    var guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
    var off = zoneOffset(guess - zoneOffset(guess) * 60000);
    var sign = off < 0 ? "-" : "+";
    var abs = Math.abs(off);
    var hh = String(Math.floor(abs / 60)).padStart(2, "0");
    var mm = String(abs % 60).padStart(2, "0");
    return m[0] + ":00" + sign + hh + ":" + mm;
  }

  function numberOrNull(v) {
    if (v === null || v === "") { return null; }
    var n = Number(v);
    return isNaN(n) ? v : n;
  }

  function featureFromForm(form) {
    var fd = new FormData(form);
    var raw = fd.get("geometry");
    var props = {
      title: fd.get("title") || "", kind: fd.get("kind"), status: fd.get("status"),
      classification: fd.get("classification"), organiser: fd.get("organiser") || null,
      starts_at: withOffset(fd.get("starts_at")), ends_at: withOffset(fd.get("ends_at")),
      buffer_m: numberOrNull(fd.get("buffer_m")), attendance: numberOrNull(fd.get("attendance")),
      officers_required: numberOrNull(fd.get("officers_required")) || 0,
      timezone: TZ
    };
    if (fd.get("setup_starts_at")) { props.setup_starts_at = withOffset(fd.get("setup_starts_at")); }
    if (fd.get("teardown_ends_at")) { props.teardown_ends_at = withOffset(fd.get("teardown_ends_at")); }
    if (fd.get("rrule")) { props.rrule = fd.get("rrule"); }
    var feature = { type: "Feature", geometry: raw ? JSON.parse(raw) : null, properties: props };
    var id = form.dataset.eventId;
    if (id) { feature.id = id; }
    return feature;
  }

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }

  function renderConflicts(list, conflicts, lang) {
    clear(list);
    conflicts.forEach(function (c) {
      var li = document.createElement("li");
      li.className = "conflict conflict-" + (c.severity || "medium");
      li.dataset.rule = c.rule;
      var badge = document.createElement("span");
      badge.className = "badge badge-" + (c.severity || "medium");
      badge.textContent = t("rule_" + c.rule);
      li.appendChild(badge);
      var text = document.createElement("span");
      text.textContent = " " + ((c.message && (c.message[lang] || c.message.da)) || c.rule);
      li.appendChild(text);
      list.appendChild(li);
    });
  }

  function setup() {
    var form = $("event-form");
    if (!form) { return; }
    var cfg = readConfig();
    var map = window[cfg.map];
    var drawn = cfg.drawnItems ? window[cfg.drawnItems] : null;
    var geomInput = $("geometry");
    var status = $("check-status");
    var geomError = $("geometry-error");
    var list = $("live-conflicts");
    var timer = null;
    var seq = 0;

    function setStatus(text, kind) {
      status.textContent = text;
      status.className = "check-status " + (kind || "");
    }

    function check() {
      var feature = featureFromForm(form);
      if (!feature.geometry) { setStatus(t("draw_first"), "info"); return; }
      if (!feature.properties.starts_at || !feature.properties.ends_at) {
        setStatus(t("times_first"), "info");
        return;
      }
      var mine = ++seq;
      setStatus(t("checking"), "info");
      var headers = { "Content-Type": "application/json", "Accept": "application/json" };
      var csrf = document.querySelector("meta[name=csrf-token]");
      if (csrf) { headers["X-CSRFToken"] = csrf.content; }
      fetch(form.dataset.checkUrl, {
        method: "POST", credentials: "same-origin", headers: headers, body: JSON.stringify(feature)
      }).then(function (resp) {
        return resp.json().catch(function () { return {}; }).then(function (body) {
          return { status: resp.status, body: body };
        });
      }).then(function (r) {
        if (mine !== seq) { return; }
        if (r.status === 200) {
          var conflicts = r.body.conflicts || [];
          geomError.textContent = "";
          renderConflicts(list, conflicts, cfg.lang);
          form.dataset.conflicts = String(conflicts.length);
          setStatus(conflicts.length ? t("n_conflicts").replace("%d", conflicts.length) : t("no_conflicts"),
                    conflicts.length ? "warn" : "ok");
          return;
        }
        clear(list);
        var err = (r.body && r.body.error) || {};
        var field = err.field || "";
        if (r.status === 401 || r.status === 403) {
          setStatus(t("sign_in"), "error");
        } else if (field.indexOf("geometry") !== -1 || err.code === "invalid_geometry") {
          geomError.textContent = t("bad_geometry") + " " + (err.message || "");
          setStatus(t("fix_geometry"), "error");
        } else {
          setStatus((err.message || t("check_failed")) + (field ? " (" + field + ")" : ""), "error");
        }
      }).catch(function () {
        if (mine === seq) { setStatus(t("check_failed"), "error"); }
      });
    }

    function followStart() {
      var iso = withOffset($("starts_at").value);
      if (iso && window.ovbMapTime) { window.ovbMapTime.show(Date.parse(iso)); }
    }

    function schedule() {
      followStart();
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(check, 350);
    }

    function keepOnly(layer) {
      if (drawn) {
        drawn.getLayers().forEach(function (l) { if (l !== layer) { drawn.removeLayer(l); } });
      }
      geomInput.value = JSON.stringify(layer.toGeoJSON().geometry);
      schedule();
    }

    if (drawn && geomInput.value) {
      L.geoJSON(JSON.parse(geomInput.value)).eachLayer(function (l) { drawn.addLayer(l); });
    }
    if (map) {
      map.on("draw:created", function (e) { window.setTimeout(function () { keepOnly(e.layer); }, 0); });
      map.on("draw:edited", function (e) { e.layers.eachLayer(function (l) { keepOnly(l); }); });
      map.on("draw:deleted", function () {
        if (!drawn || drawn.getLayers().length === 0) {
          geomInput.value = "";
          clear(list);
          setStatus(t("draw_first"), "info");
        }
      });
      if (drawn && drawn.getLayers().length) { map.fitBounds(drawn.getBounds(), { maxZoom: 16 }); }
    }
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    followStart();
    if (geomInput.value) { schedule(); }
    document.body.dataset.formReady = "1";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
