// The search index is most of what a page weighs (over a megabyte): ask for it only when the
// reader starts to search. Material requests search/search_index.json with XMLHttpRequest as the
// page starts; that request is held back until the search box is focused or opened (click,
// or the f / s / "/" shortcuts). From file:// the index is read from disk: nothing is held back.
(function () {
  "use strict";
  if (location.protocol === "file:" || !window.XMLHttpRequest) return;
  var INDEX = /(^|\/)search\/search_index\.json([?#]|$)/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var started = false;

  function start() {
    if (started) return;
    started = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.kbSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.kbSearchIndex && !started) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".md-search")) start();
  }, true);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest('[for="__search"], .md-search')) start();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "f" || event.key === "s" || event.key === "/") start();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search") start();
  }, true);
})();
