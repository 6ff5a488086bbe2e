// The creator portal's copy buttons (R31). The page works without this script: the codes are
// selectable text and the buttons stay hidden. No other script runs on the portal.
(function () {
  "use strict";
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    document.body.removeChild(area);
    return Promise.resolve(ok);
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return fallbackCopy(text); }
      );
    }
    return fallbackCopy(text);
  }
  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("button[data-copy]") : null;
    if (!button) return;
    var status = document.getElementById(button.getAttribute("data-status"));
    copy(button.getAttribute("data-copy")).then(function (ok) {
      if (status) status.textContent = ok ? "Copied" : "Select the code and copy it";
      if (ok) setTimeout(function () { if (status) status.textContent = ""; }, 4000);
    });
  });
})();
