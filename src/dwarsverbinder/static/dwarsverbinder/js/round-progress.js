/* The progress bar of a round that is being sent (templates/surveys/rounds/detail.html).

   The sending itself runs in the background worker; this only asks the round's progress
   address (JSON: status, sent, to_send, text) every few seconds and moves the bar. When
   the round is no longer sending, the page is loaded again to show the result. Without
   JavaScript the page has a "Look again" link instead. A file of its own, because the
   Content-Security-Policy allows no inline script. */
(function () {
  "use strict";

  var INTERVAL_MS = 2000;
  var box = document.querySelector("[data-progress-url]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-progress-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[role=status]");

  function show(data) {
    bar.max = Math.max(data.to_send, 1);
    bar.value = Math.min(data.sent, bar.max);
    bar.textContent = data.text;
    if (text.textContent !== data.text) {
      text.textContent = data.text;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.status === "sending") {
          window.setTimeout(poll, INTERVAL_MS);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        // A hiccup (a deploy, the network): try again a little later.
        window.setTimeout(poll, INTERVAL_MS * 5);
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
