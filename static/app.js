// Progressive enhancement only: every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.copy-link[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) {
      return; // the plain "Link to this search" stays the way to copy
    }
    button.hidden = false;
    var status = button.parentElement.querySelector(".copy-status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(
        function () { if (status) { status.textContent = "Link copied."; } },
        function () { if (status) { status.textContent = "Could not copy: use the link."; } }
      );
    });
  });
});
