/* Small progressive enhancement: every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function openFiltersOnWideScreens(root) {
    var filters = root.querySelector("#filters");
    if (filters && window.matchMedia("(min-width: 56rem)").matches) filters.open = true;
  }

  function locate(onPoint, onRefused) {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(function (position) {
      onPoint(position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5));
    }, onRefused || function () {});
  }

  function enhance(root) {
    openFiltersOnWideScreens(root);
    root.querySelectorAll("[data-locate]").forEach(function (button) {
      if (!navigator.geolocation) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        locate(function (point) {
          var input = document.getElementById("near");
          input.value = point;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        });
      });
    });
    root.querySelectorAll("[data-near-me]").forEach(function (link) {
      if (!navigator.geolocation) return;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        locate(function (point) {
          window.location.href = link.getAttribute("href") + "&near=" + encodeURIComponent(point);
        }, function () {
          window.location.href = link.getAttribute("href");  // the page asks for a place (UX M3)
        });
      });
    });
    root.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          button.textContent = button.getAttribute("data-copied");
        });
      });
    });
    root.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    drawMap(root);
  }

  function drawMap(root) {
    var element = root.querySelector("#map");
    var data = document.getElementById("map-points");
    if (!element || !data || typeof L === "undefined" || element.dataset.drawn) return;
    var points = JSON.parse(data.textContent);
    element.dataset.drawn = "1";
    var map = L.map(element, { scrollWheelZoom: false });
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { maxZoom: 18, attribution: element.dataset.attribution }).addTo(map);
    }
    var bounds = [];
    points.forEach(function (p) {
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.name;
      var popup = document.createElement("div");
      popup.appendChild(link);
      if (p.place) popup.appendChild(document.createTextNode(" – " + p.place));
      L.marker([p.lat, p.lon], { alt: p.name, title: p.name }).addTo(map).bindPopup(popup);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
    else map.setView([60.19, 24.94], 10);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  // A swap replaces the search page's main part: keep the reader where they were instead of
  // letting the browser clamp the scroll to the footer while the new part lays out (UX audit H5).
  var scrollBeforeSwap = null;
  document.addEventListener("htmx:beforeSwap", function () { scrollBeforeSwap = window.scrollY; });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.detail.target.parentNode || document); });
  document.addEventListener("htmx:afterSettle", function () {
    if (scrollBeforeSwap !== null) window.scrollTo(0, scrollBeforeSwap);
    scrollBeforeSwap = null;
  });
  // Leaflet is loaded with defer after this file: draw once everything has run.
  window.addEventListener("load", function () { drawMap(document); });
})();
