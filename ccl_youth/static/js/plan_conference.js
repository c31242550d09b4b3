// The conference view's arrow keys: Right / Page Down go to the next part, Left / Page Up to
// the previous one, by following that part's own "Next" and "Previous" links.
(function () {
  "use strict";
  function current() {
    var slides = document.querySelectorAll(".conf-slide");
    var mid = window.innerHeight / 3;
    var found = slides[0];
    for (var i = 0; i < slides.length; i += 1) {
      if (slides[i].getBoundingClientRect().top <= mid) { found = slides[i]; }
    }
    return found;
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var rel = { ArrowRight: "next", PageDown: "next", ArrowLeft: "prev", PageUp: "prev" }[event.key];
    var slide = rel && current();
    var link = slide && slide.querySelector('.conf-nav a[rel="' + rel + '"]');
    if (!link) { return; }
    event.preventDefault();
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    history.replaceState(null, "", link.getAttribute("href"));
    target.scrollIntoView();
    var heading = target.querySelector("h1, h2");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
  });
})();
