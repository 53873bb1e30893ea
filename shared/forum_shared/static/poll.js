// Progressive enhancement: an element with data-poll="<url>" is refreshed from that URL (an HTML
// fragment) every data-poll-seconds seconds, until the fragment holds an element with
// data-final. Without JavaScript the page refreshes itself (a <noscript> meta refresh).
(function () {
  "use strict";
  document.querySelectorAll("[data-poll]").forEach(function (region) {
    var url = region.getAttribute("data-poll");
    var seconds = Number(region.getAttribute("data-poll-seconds")) || 5;
    function poll() {
      if (region.querySelector("[data-final]")) { return; }
      fetch(url, { headers: { Accept: "text/html" }, cache: "no-store" })
        .then(function (answer) { return answer.ok ? answer.text() : null; })
        .then(function (html) {
          if (html !== null && html.trim() !== region.innerHTML.trim()) { region.innerHTML = html; }
        })
        .catch(function () { /* the hall's Wi-Fi: try again at the next tick */ })
        .then(function () { window.setTimeout(poll, seconds * 1000); });
    }
    window.setTimeout(poll, seconds * 1000);
  });
})();
