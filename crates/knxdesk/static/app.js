// knxdesk progressive enhancement: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    var dismiss = t.closest("[data-dismiss]");
    if (dismiss) { dismiss.parentElement.remove(); return; }
    var open = t.closest("[data-open-dialog]");
    if (open) {
      var d = document.getElementById(open.getAttribute("data-open-dialog"));
      if (d && d.showModal) { d.showModal(); var f = d.querySelector("input:not([type=hidden]),select"); if (f) f.focus(); }
      return;
    }
    var close = t.closest("[data-close-dialog]");
    if (close) { var dlg = close.closest("dialog"); if (dlg) dlg.close(); return; }
    var nav = t.closest("[data-toggle-nav]");
    if (nav) {
      var sb = document.getElementById("sidebar");
      var isOpen = sb.classList.toggle("open");
      nav.setAttribute("aria-expanded", isOpen ? "true" : "false");
      return;
    }
    // Close open menus when clicking elsewhere.
    document.querySelectorAll("details[open]").forEach(function (d) { if (!d.contains(t)) d.removeAttribute("open"); });
  });
  // Destructive actions ask first and say what will happen.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var msg = form.getAttribute && form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") document.querySelectorAll("details[open]").forEach(function (d) { d.removeAttribute("open"); });
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (s) {
      s.addEventListener("change", function () { s.form.requestSubmit ? s.form.requestSubmit() : s.form.submit(); });
    });
    document.querySelectorAll("[data-hide-with-js]").forEach(function (b) { b.hidden = true; });
    document.querySelectorAll("dialog[data-open-on-load]").forEach(function (d) { if (d.showModal) d.showModal(); });
  });
})();
