// The idle session timeout (accounts/sessions.py): the server ends a session after
// SESSION_IDLE_MINUTES without a request. <body data-session-remaining="seconds left"
// data-session-warn="seconds before the end to warn" data-session-keepalive="url">.
// Shortly before the end a notice offers 继续使用 (a POST to the keep-alive URL); at the end the
// page is opened again, and the server either shows the login page with the reason or, if the
// person used another tab meanwhile, the page itself.
(function () {
  var body = document.body;
  if (!body || !body.dataset.sessionKeepalive) return;
  var warnBefore = parseInt(body.dataset.sessionWarn, 10) || 120;
  var warnTimer, endTimer, tick, deadline, notice;

  function csrfToken() {
    try { return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function left() { return Math.max(0, Math.round((deadline - Date.now()) / 1000)); }

  function minutesSeconds(seconds) {
    var s = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (s < 10 ? "0" : "") + s;
  }

  function hide() {
    clearInterval(tick);
    if (notice) { notice.remove(); notice = null; }
  }

  function show() {
    if (notice) return;
    notice = document.createElement("div");
    notice.className = "toast-container position-fixed top-0 start-50 translate-middle-x p-3";
    notice.innerHTML =
      '<div class="toast show border-warning" role="alertdialog" aria-live="assertive" data-testid="idle-warning">' +
      '<div class="toast-header text-bg-warning"><i class="bi bi-clock-history me-2"></i>' +
      '<strong class="me-auto">即将自动退出</strong></div>' +
      '<div class="toast-body">您已较长时间未操作，为保护数据安全，系统将在 ' +
      '<strong data-countdown></strong> 后自动退出。' +
      '<div class="mt-2 pt-2 border-top d-flex gap-2">' +
      '<button type="button" class="btn btn-primary btn-sm" data-keep-alive>继续使用</button>' +
      "</div></div></div>";
    document.body.appendChild(notice);
    var countdown = notice.querySelector("[data-countdown]");
    var update = function () { countdown.textContent = minutesSeconds(left()); };
    update();
    tick = setInterval(update, 1000);
    notice.querySelector("[data-keep-alive]").addEventListener("click", keepAlive);
    notice.querySelector("[data-keep-alive]").focus();
  }

  function end() {
    hide();
    // A GET of this page: the server decides whether the session is over.
    window.location.assign(window.location.pathname + window.location.search);
  }

  function start(seconds) {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    hide();
    deadline = Date.now() + seconds * 1000;
    warnTimer = setTimeout(show, Math.max(0, seconds - warnBefore) * 1000);
    endTimer = setTimeout(end, seconds * 1000 + 1000);
  }

  function keepAlive() {
    fetch(body.dataset.sessionKeepalive, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok || response.redirected) return end();
      return response.json().then(function (data) { start(data.remaining); });
    }, end);
  }

  // A request the page makes through htmx is use, unless it says it is background polling;
  // the server says how long is left after it.
  document.addEventListener("htmx:afterRequest", function (e) {
    var xhr = e.detail && e.detail.xhr;
    var remaining = xhr && xhr.getResponseHeader("X-Session-Remaining");
    if (remaining && parseInt(remaining, 10) > 0) start(parseInt(remaining, 10));
  });

  var initial = parseInt(body.dataset.sessionRemaining, 10);
  if (initial > 0) start(initial);
})();
