/* Data requests: while the title is typed, list published datasets that
 * may already answer it, under the title field.
 *
 * The container (#satudata-similar) carries its heading (translated in
 * the template) and, in data attributes, the id of the title field, the
 * URL of package_search and the base URL of a dataset page. This script
 * only fills the list, with text nodes (never HTML from the server).
 */
(function () {
  "use strict";

  var DELAY = 400;
  var MIN_CHARS = 3;
  var ROWS = 5;
  var MAX_WORDS = 8;

  /* The words of the title as a search query: any of them may match
   * (the search joins bare words with AND, which a long title would
   * rarely satisfy); query syntax characters are dropped. */
  function query(title) {
    var words = title.toLowerCase()
      .replace(/[^0-9a-z\u00c0-\u024f]+/g, " ")
      .split(" ")
      .filter(function (word) {
        return word.length >= MIN_CHARS &&
          ["and", "or", "not", "to"].indexOf(word) === -1;
      });
    return words.slice(0, MAX_WORDS).join(" OR ");
  }

  function start(box) {
    var field = document.getElementById(box.getAttribute("data-field"));
    var list = box.querySelector("ul");
    var api = box.getAttribute("data-api");
    var base = box.getAttribute("data-dataset-url").replace(/\/$/, "");
    var timer = null;
    var asked = 0;
    if (!field || !list || !api) {
      return;
    }

    function show(results) {
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      results.forEach(function (pkg) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = base + "/" + encodeURIComponent(pkg.name);
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = pkg.title || pkg.name;
        item.appendChild(link);
        if (pkg.organization && pkg.organization.title) {
          item.appendChild(document.createTextNode(
            " (" + pkg.organization.title + ")"));
        }
        list.appendChild(item);
      });
      box.hidden = results.length === 0;
    }

    function search() {
      var q = query(field.value);
      if (field.value.trim().length < MIN_CHARS || !q) {
        show([]);
        return;
      }
      var mine = ++asked;
      var url = api + "?rows=" + ROWS + "&q=" + encodeURIComponent(q);
      fetch(url, {headers: {"Accept": "application/json"},
                  credentials: "same-origin"})
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (body) {
          if (mine !== asked) {
            return;  // a later search is on its way
          }
          show(body && body.success ? body.result.results : []);
        })
        .catch(function () {
          if (mine === asked) {
            show([]);
          }
        });
    }

    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY);
    });
    if (field.value) {
      search();
    }
  }

  function init() {
    var box = document.getElementById("satudata-similar");
    if (box) {
      start(box);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
