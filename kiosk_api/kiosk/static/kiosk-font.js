/* Font size toggle (normal / large), remembered for this person's session only: the idle
   wipe clears sessionStorage, so the next person starts at the normal size. Loaded
   synchronously in <head> so a large size applies before the first paint. */
(function () {
  "use strict";
  var KEY = "kiosk.fontSize";
  var root = document.documentElement;

  function wanted() {
    try {
      return sessionStorage.getItem(KEY) === "large";
    } catch (e) {
      return false;
    }
  }

  function apply(large) {
    root.classList.toggle("font-large", large);
    var button = document.getElementById("font-toggle");
    if (button) {
      button.setAttribute("aria-pressed", large ? "true" : "false");
    }
  }

  apply(wanted());
  document.addEventListener("DOMContentLoaded", function () {
    apply(wanted());
    var button = document.getElementById("font-toggle");
    if (!button) {
      return;
    }
    button.addEventListener("click", function () {
      var large = !root.classList.contains("font-large");
      try {
        if (large) {
          sessionStorage.setItem(KEY, "large");
        } else {
          sessionStorage.removeItem(KEY);
        }
      } catch (e) {
        /* storage unavailable: the size still changes for this page */
      }
      apply(large);
    });
  });
})();
