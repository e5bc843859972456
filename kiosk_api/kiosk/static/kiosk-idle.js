/* The end of one person's use: after the idle time (KIOSK_IDLE_SECONDS, from the page) or on
   "结束使用", forget everything of theirs and return home. A warning shows for the last few
   seconds; any touch or key keeps the session going. */
(function () {
  "use strict";
  var body = document.body;
  var idleMs = Number(body.dataset.idleSeconds) * 1000;
  var warning = document.getElementById("idle-warning");
  var count = document.getElementById("idle-count");
  var stay = document.getElementById("idle-stay");
  var endButton = document.getElementById("end-session");
  // Up to 10 s of warning, less on a short timeout, never under one second.
  var warnMs = Math.min(10000, Math.max(1000, Math.floor(idleMs / 3)));
  var lastActive = Date.now();
  var wiping = false;

  function cookieNames() {
    return document.cookie
      .split(";")
      .map(function (pair) {
        return pair.split("=")[0].trim();
      })
      .filter(Boolean);
  }

  function nothingToWipe() {
    // A fresh home page with empty storage has nobody's data: no reload every minute.
    return (
      body.dataset.fresh === "1" &&
      sessionStorage.length === 0 &&
      localStorage.length === 0 &&
      cookieNames().length === 0
    );
  }

  function clearBrowser() {
    [window.sessionStorage, window.localStorage].forEach(function (storage) {
      try {
        storage.clear();
      } catch (e) {
        /* storage disabled: nothing stored either */
      }
    });
    // The device cookie is HttpOnly, so script never sees it; every cookie it can see goes.
    cookieNames().forEach(function (name) {
      ["/", "/kiosk", location.pathname].forEach(function (path) {
        document.cookie = name + "=; Max-Age=0; path=" + path;
      });
    });
  }

  function wipe() {
    if (wiping) {
      return;
    }
    wiping = true;
    clearBrowser();
    var home = function () {
      // replace: the next person's Back cannot return to this page.
      location.replace(body.dataset.homeUrl);
    };
    // The server forgets the session (the chat's sender id) and expires its cookies.
    fetch(body.dataset.resetUrl, { method: "POST", credentials: "same-origin", keepalive: true })
      .then(home, home);
    setTimeout(home, 3000);
  }

  function active() {
    lastActive = Date.now();
    if (!warning.hidden) {
      warning.hidden = true;
    }
  }

  function tick() {
    if (wiping) {
      return;
    }
    var left = idleMs - (Date.now() - lastActive);
    if (nothingToWipe()) {
      if (left <= 0) {
        active();
      }
      return;
    }
    if (left <= 0) {
      wipe();
    } else if (left <= warnMs) {
      count.textContent = String(Math.ceil(left / 1000));
      if (warning.hidden) {
        warning.hidden = false;
        stay.focus();
      }
    }
  }

  if (!(idleMs > 0)) {
    return;
  }
  ["pointerdown", "keydown", "input", "wheel", "scroll", "touchstart"].forEach(function (type) {
    document.addEventListener(type, active, { capture: true, passive: true });
  });
  window.addEventListener("pageshow", active);
  stay.addEventListener("click", active);
  if (endButton) {
    endButton.addEventListener("click", wipe);
  }
  setInterval(tick, 250);
})();
