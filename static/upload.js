// The upload page, enhanced: drop files, one request per file with its own progress bar.
// Without this file the form posts every file at once and the page shows the summary.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("upload-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var input = document.getElementById("upload-files");
  var zone = document.getElementById("drop-zone");
  var list = document.getElementById("upload-list");
  var progress = document.getElementById("upload-progress");
  var dropped = [];
  zone.querySelector(".drop-hint").hidden = false;

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    dropped = Array.prototype.slice.call(event.dataTransfer.files);
    input.required = false;
    send(dropped);
  });
  form.addEventListener("submit", function (event) {
    var files = Array.prototype.slice.call(input.files).concat(dropped);
    if (!files.length) {
      return; // the browser's own "choose a file" message
    }
    event.preventDefault();
    send(files);
  });

  function send(files) {
    progress.hidden = false;
    list.textContent = "";
    var counts = { indexed: 0, updated: 0, duplicate: 0, rejected: 0 };
    var rows = files.map(function (file) { return row(file.name); });
    var next = 0;
    var finished = 0;
    function one() {
      if (next >= files.length) {
        return;
      }
      var i = next++;
      post(files[i], rows[i], function (status) {
        counts[status] = (counts[status] || 0) + 1;
        finished += 1;
        if (finished === files.length) {
          summary(counts, files.length);
        }
        one();
      });
    }
    one();
    one(); // two files in flight at a time
  }

  function row(name) {
    var item = document.createElement("li");
    var label = document.createElement("span");
    label.textContent = name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var result = document.createElement("span");
    result.className = "result";
    result.textContent = "waiting";
    item.append(label, bar, result);
    list.append(item);
    return { bar: bar, result: result };
  }

  function post(file, shown, done) {
    var data = new FormData();
    data.append("csrf_token", form.elements.csrf_token.value);
    data.append("tag", form.elements.tag.value);
    data.append("file", file, file.name);
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        shown.bar.value = Math.round((100 * event.loaded) / event.total);
      }
    });
    request.addEventListener("load", function () {
      shown.bar.value = 100;
      var answer = null;
      try { answer = JSON.parse(request.responseText); } catch (e) { answer = null; }
      if (answer && answer.status) {
        show(shown.result, answer);
        done(answer.status);
      } else {
        var message = answer && answer.error ? answer.error.message : "HTTP " + request.status;
        shown.result.textContent = "refused: " + message;
        shown.result.classList.add("rejected");
        done("rejected");
      }
    });
    request.addEventListener("error", function () {
      shown.result.textContent = "not sent: the connection failed";
      shown.result.classList.add("rejected");
      done("rejected");
    });
    request.upload.addEventListener("load", function () {
      shown.result.textContent = "indexing";
    });
    shown.result.textContent = "sending";
    request.send(data);
  }

  function show(place, answer) {
    place.textContent = answer.status + (answer.status === "rejected" ? ": " + answer.reason : "");
    place.classList.add(answer.status);
    if (answer.html_url) {
      var link = document.createElement("a");
      link.href = answer.html_url;
      link.textContent = " open";
      place.append(" ", link);
    }
  }

  function summary(counts, total) {
    var line = document.createElement("p");
    line.id = "upload-done";
    line.setAttribute("role", "status");
    line.textContent = total + (total === 1 ? " file: " : " files: ") + counts.indexed + " indexed, " + counts.updated +
      " updated, " + counts.duplicate + " duplicates, " + counts.rejected + " rejected.";
    progress.append(line);
    form.reset();
    dropped = [];
  }
});
