// The sex-and-age pyramid and the shelter chart of a dashboard or place page, drawn from the
// figures the server embedded in #breakdowns-data (the same figures as the tables under the charts,
// which are their text alternative). Hidden (disclosure-controlled) counts are null: no bar.
(function () {
  'use strict';
  var dataElement = document.getElementById('breakdowns-data');
  if (!dataElement || typeof Chart === 'undefined') return;
  var b = JSON.parse(dataElement.textContent);
  if (!b) return;
  var labels = document.getElementById('breakdown-labels').dataset;
  var locale = document.documentElement.lang || 'en';
  var format = new Intl.NumberFormat(locale);
  var rtl = document.documentElement.dir === 'rtl';
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;

  function fmt(value) { return value === null || value === undefined ? labels.hidden : format.format(Math.abs(value)); }

  var pyramid = document.getElementById('pyramid-chart');
  if (pyramid && b.bands && b.bands.length) {
    // women to the left (negative), men to the right; mirrored in right-to-left pages
    var women = b.bands.map(function (x) { return x.females === null ? null : -x.females; });
    var men = b.bands.map(function (x) { return x.males; });
    new Chart(pyramid, {type: 'bar',
      data: {labels: b.bands.map(function (x) { return x.label; }),
        datasets: [
          {label: labels.women, data: women, backgroundColor: '#c2185b'},
          {label: labels.men, data: men, backgroundColor: '#0b5fa5'}]},
      options: {indexAxis: 'y', maintainAspectRatio: false, animation: false, locale: locale,
        plugins: {tooltip: {callbacks: {label: function (c) { return c.dataset.label + ': ' + fmt(c.raw); }}}},
        scales: {
          x: {stacked: true, reverse: rtl, ticks: {callback: function (v) { return format.format(Math.abs(v)); }}},
          y: {stacked: true, position: rtl ? 'right' : 'left'}}}});
    pyramid.dataset.ready = 'true';
  }

  var shelter = document.getElementById('shelter-chart');
  if (shelter && b.shelters && b.shelters.length) {
    new Chart(shelter, {type: 'bar',
      data: {labels: b.shelters.map(function (s) { return s.label; }),
        datasets: [{label: labels.idps, data: b.shelters.map(function (s) { return s.individuals; }),
          backgroundColor: '#31a354'}]},
      options: {indexAxis: 'y', maintainAspectRatio: false, animation: false, locale: locale,
        plugins: {legend: {display: false},
          tooltip: {callbacks: {label: function (c) { return c.dataset.label + ': ' + fmt(c.raw); }}}},
        scales: {x: {beginAtZero: true, reverse: rtl}, y: {position: rtl ? 'right' : 'left'}}}});
    shelter.dataset.ready = 'true';
  }
})();
