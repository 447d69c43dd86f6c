/* Conflict decisions on the event page: each form posts JSON to POST /api/v1/conflicts/<key>/decision. */
(function () {
  "use strict";

  function submit(form, decision) {
    var note = form.querySelector("input[name=note]");
    var headers = { "Content-Type": "application/json", "Accept": "application/json" };
    var csrf = form.querySelector("input[name=csrf_token]");
    if (csrf) { headers["X-CSRFToken"] = csrf.value; }
    var out = form.querySelector(".decide-status") || document.createElement("span");
    out.className = "decide-status";
    out.setAttribute("role", "status");
    form.appendChild(out);
    fetch(form.action, {
      method: "POST", credentials: "same-origin", headers: headers,
      body: JSON.stringify({ decision: decision, note: note ? note.value : "" })
    }).then(function (resp) {
      if (resp.ok) { window.location.assign(form.dataset.reload); return null; }
      return resp.json().catch(function () { return {}; }).then(function (body) {
        out.textContent = (body.error && body.error.message) || String(resp.status);
      });
    }).catch(function () { out.textContent = "—"; });
  }

  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll("form.decide"), function (form) {
      var clicked = null;
      form.addEventListener("click", function (e) {
        if (e.target && e.target.name === "decision") { clicked = e.target.value; }
      });
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        submit(form, clicked || "acknowledged");
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
