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
    // Invite on a customer row: the one dialog of the page, filled in for that row.
    var inv = t.closest("[data-invite]");
    var dialog = document.getElementById("customer-invite");
    if (inv && dialog && dialog.showModal) {
      e.preventDefault();
      var form = dialog.querySelector("form");
      form.action = inv.getAttribute("href");
      dialog.querySelector("[data-invite-name]").textContent = inv.getAttribute("data-name");
      var email = form.querySelector("input[name=email]");
      email.value = inv.getAttribute("data-email");
      dialog.showModal(); email.focus();
      return;
    }
    var copy = t.closest("[data-copy]");
    if (copy) {
      var input = document.getElementById(copy.getAttribute("data-copy"));
      input.select();
      var done = function () { copy.textContent = copy.getAttribute("data-copied"); };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(input.value).then(done);
      else if (document.execCommand && document.execCommand("copy")) done();
      return;
    }
    var close = t.closest("[data-close-dialog]");
    if (close && close.tagName === "A" && close.closest("dialog")) e.preventDefault();
    if (close) { var dlg = close.closest("dialog"); if (dlg) dlg.close(); return; }
    var nav = t.closest("[data-toggle-nav]");
    if (nav) { setNav(!document.getElementById("sidebar").classList.contains("open")); return; }
    if (t.closest("[data-close-nav]")) { setNav(false); return; }
    // Close open menus when clicking elsewhere.
    document.querySelectorAll("details[open]").forEach(function (d) { if (!d.contains(t)) d.removeAttribute("open"); });
  });
  // Destructive actions ask first, in the page's own dialog, and say what will happen; an
  // action that would be refused says why before anything is sent.
  var confirmed = null;
  function ask(message, refuse, label, onYes, onNo) {
    var d = document.getElementById("confirm-dialog");
    if (!d || !d.showModal) { if (!refuse && window.confirm(message)) onYes(); else if (refuse) window.alert(message); else if (onNo) onNo(); return; }
    var accepted = false;
    d.onclose = function () { if (!accepted && onNo) onNo(); };
    var title = d.querySelector("#confirm-title"), yes = d.querySelector("[data-confirm-yes]"), no = d.querySelector("[data-close-dialog]");
    title.textContent = title.getAttribute(refuse ? "data-title-refuse" : "data-title-confirm");
    d.querySelector("#confirm-message").textContent = message;
    yes.hidden = refuse;
    yes.textContent = label || yes.getAttribute("data-label");
    no.textContent = no.getAttribute(refuse ? "data-label-ok" : "data-label-cancel");
    yes.onclick = function () { accepted = true; d.close(); onYes(); };
    d.showModal(); (refuse ? no : yes).focus();
  }
  document.addEventListener("submit", function (e) {
    var form = e.target;
    // The button may carry the question (one shared form, several actions: see customers).
    var by = e.submitter;
    var attr = function (n) { return (by && by.getAttribute(n)) || (form.getAttribute && form.getAttribute(n)); };
    var refuse = attr("data-refuse");
    if (refuse) { e.preventDefault(); ask(refuse, true, null, function () {}); return; }
    var msg = attr("data-confirm");
    if (msg && confirmed !== form) {
      e.preventDefault();
      // A picker that saves on change names its new value ({role}) and goes back when cancelled.
      var picked = form.querySelector("select");
      if (picked && picked.selectedOptions.length) msg = msg.replace("{$role}", picked.selectedOptions[0].textContent.trim());
      var label = by && !by.hidden ? by.textContent.trim() : null;
      ask(msg, false, label, function () {
        confirmed = form;
        if (form.requestSubmit) form.requestSubmit(by || undefined); else form.submit();
      }, function () { if (picked) form.reset(); });
      return;
    }
    confirmed = null;
    // Uploads: send with XMLHttpRequest to show a real progress bar, then follow the answer.
    if (form.hasAttribute && form.hasAttribute("data-upload") && window.XMLHttpRequest && window.FormData) {
      e.preventDefault();
      var bar = form.querySelector(".upload-progress");
      var button = form.querySelector("button[type=submit]");
      if (bar) { bar.hidden = false; bar.value = 0; }
      if (button) button.disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      // Redirects come back as 204 + X-Knxdesk-Location, so the next page (and its message) loads once.
      xhr.setRequestHeader("X-Knxdesk-Script", "1");
      xhr.upload.onprogress = function (ev) { if (bar && ev.lengthComputable) bar.value = Math.round(ev.loaded * 100 / ev.total); };
      xhr.onload = function () {
        var to = xhr.getResponseHeader("X-Knxdesk-Location");
        if (to) { window.location.assign(to); return; }
        document.open(); document.write(xhr.responseText); document.close();
      };
      xhr.onerror = function () { if (button) button.disabled = false; if (bar) bar.hidden = true; alert(form.getAttribute("data-error") || "Upload failed"); };
      xhr.send(new FormData(form));
    }
  });
  // The phone menu: opened by the ☰ button; closed by its × button, the backdrop or Escape,
  // and focus goes back where it came from.
  function setNav(open) {
    var sb = document.getElementById("sidebar");
    var toggle = document.querySelector("[data-toggle-nav]");
    if (!sb) return;
    sb.classList.toggle("open", open);
    document.body.classList.toggle("nav-open", open);
    if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { var first = sb.querySelector(".nav-close"); if (first) first.focus(); }
    else if (toggle && sb.contains(document.activeElement)) toggle.focus();
  }
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll("details[open]").forEach(function (d) { d.removeAttribute("open"); });
    if (document.body.classList.contains("nav-open")) setNav(false);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (s) {
      s.addEventListener("change", function () { s.form.requestSubmit ? s.form.requestSubmit() : s.form.submit(); });
    });
    document.querySelectorAll("[data-hide-with-js]").forEach(function (b) { b.hidden = true; });
    // A row of tabs wider than the phone scrolls so the current tab is in view.
    document.querySelectorAll(".tabs .active").forEach(function (a) {
      var bar = a.parentElement;
      bar.scrollLeft = a.offsetLeft - (bar.clientWidth - a.offsetWidth) / 2;
    });
    document.querySelectorAll("dialog[data-open-on-load]").forEach(function (d) { if (d.showModal) d.showModal(); });
    // Global search: Ctrl+K / ⌘K goes to the field; results load under it as you type; arrows
    // move through them, Enter opens one, Escape closes the list.
    var sform = document.querySelector("form[data-search]");
    if (sform) {
      var sinput = sform.querySelector("input[name=q]"), panel = document.getElementById("search-panel");
      var status = sform.querySelector("[data-search-status]"), timer = null, seq = 0;
      var showPanel = function (open) { panel.hidden = !open; sinput.setAttribute("aria-expanded", open ? "true" : "false"); };
      var load = function () {
        var q = sinput.value.trim(), mine = ++seq;
        if (!q) { panel.innerHTML = ""; showPanel(false); return; }
        fetch(sform.getAttribute("data-search") + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
          .then(function (html) {
            if (mine !== seq) return; // an answer to an older query
            panel.innerHTML = html; showPanel(true);
            var body = panel.querySelector("[data-search-summary]");
            if (body && status) status.textContent = body.getAttribute("data-search-summary");
          })
          .catch(function () { showPanel(false); });
      };
      sinput.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(load, 120); });
      sinput.addEventListener("focus", function () { if (panel.innerHTML) showPanel(true); });
      sform.addEventListener("keydown", function (e) {
        var hits = Array.prototype.slice.call(panel.querySelectorAll("a")), i = hits.indexOf(document.activeElement);
        if (e.key === "ArrowDown" && hits.length) { e.preventDefault(); showPanel(true); hits[Math.min(i + 1, hits.length - 1)].focus(); }
        else if (e.key === "ArrowUp" && i >= 0) { e.preventDefault(); if (i === 0) sinput.focus(); else hits[i - 1].focus(); }
        else if (e.key === "Escape" && !panel.hidden) { e.stopPropagation(); showPanel(false); sinput.focus(); }
      });
      document.addEventListener("keydown", function (e) {
        if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "k" || e.key === "K")) { e.preventDefault(); sinput.focus(); sinput.select(); }
      });
      document.addEventListener("click", function (e) { if (!sform.contains(e.target)) showPanel(false); });
      var kbd = sform.querySelector(".search-kbd");
      if (kbd && /Mac|iPhone|iPad/.test(navigator.platform || "")) kbd.textContent = "⌘K";
    }
    // Sections waiting for background work reload until it is done.
    var poll = document.querySelector("[data-poll]");
    if (poll) setTimeout(function () { window.location.reload(); }, parseInt(poll.getAttribute("data-poll"), 10) || 3000);
  });
})();

// The service board: a card dropped on another column moves the case there. The drop posts
// the board's one move form, as the buttons under each card's "Move" (the keyboard and
// no-script way) do, so the server decides and answers the same way.
(function () {
  var board = document.querySelector('[data-board]');
  if (!board) return;
  var dragged = null;
  board.addEventListener('dragstart', function (e) {
    var card = e.target.closest && e.target.closest('.board-card');
    if (!card) return;
    dragged = card;
    card.classList.add('dragging');
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', card.dataset.number);
  });
  board.addEventListener('dragend', function () {
    if (dragged) dragged.classList.remove('dragging');
    dragged = null;
    board.querySelectorAll('.drop-target').forEach(function (c) { c.classList.remove('drop-target'); });
  });
  board.addEventListener('dragover', function (e) {
    var column = e.target.closest && e.target.closest('.board-column');
    if (!column || !dragged || column.dataset.status === dragged.dataset.status) return;
    e.preventDefault();
    board.querySelectorAll('.drop-target').forEach(function (c) { if (c !== column) c.classList.remove('drop-target'); });
    column.classList.add('drop-target');
  });
  board.addEventListener('drop', function (e) {
    var column = e.target.closest && e.target.closest('.board-column');
    var form = document.getElementById('board-move');
    if (!column || !dragged || !form) return;
    e.preventDefault();
    // The server decides whether the move is allowed (a closed case only reopens) and says so.
    var input = document.createElement('input');
    input.type = 'hidden';
    input.name = 'move';
    input.value = dragged.dataset.number + ':' + column.dataset.status;
    form.appendChild(input);
    var status = document.querySelector('[data-board-status]');
    if (status) status.textContent = column.querySelector('h2').textContent;
    form.submit();
  });
})();
