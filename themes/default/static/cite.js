// The citation box of a statement page: fills in the date the reader
// accessed the page (their browser's today) and shows a Copy button for
// each style. Without JavaScript the citations stay on the page as
// plain text to select, without the access date.
(function () {
  "use strict";
  var months = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  function today() {
    var d = new Date();
    return months[d.getMonth()] + " " + d.getDate() + ", " + d.getFullYear();
  }
  function ready() {
    var date = today();
    document.querySelectorAll("[data-accessed]").forEach(function (slot) {
      slot.textContent = date;
      var wrap = slot.closest(".cite-accessed");
      if (wrap) wrap.hidden = false;
    });
    document.querySelectorAll("button.copy-citation").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = target.textContent.replace(/\s+/g, " ").trim();
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 2000);
        }, function () {
          // No permission: select the text so that Ctrl-C copies it.
          var range = document.createRange();
          range.selectNodeContents(target);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
