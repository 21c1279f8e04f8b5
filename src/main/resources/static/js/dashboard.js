// The dashboard's map, charts and sortable table, drawn from the figures the server embedded in
// #dashboard-data (the same figures as the page's tables, which are the text alternative).
(function () {
  'use strict';
  var dataElement = document.getElementById('dashboard-data');
  if (!dataElement) return;
  var d = JSON.parse(dataElement.textContent);
  var labels = document.getElementById('labels').dataset;
  var locale = document.documentElement.lang || 'en';
  var format = new Intl.NumberFormat(locale);
  var rtl = document.documentElement.dir === 'rtl';

  function fmt(value) { return value === null || value === undefined ? '—' : format.format(value); }
  function escapeHtml(text) {
    return String(text === null || text === undefined ? '' : text).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }

  // ---------------------------------------------------------------- map
  var COLOURS = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];

  /** Class limits by quantiles of the non-zero values: five classes, or fewer when few values. */
  function breaks(values) {
    var sorted = values.filter(function (v) { return v > 0; }).sort(function (a, b) { return a - b; });
    if (sorted.length === 0) return [];
    var limits = [];
    for (var i = 1; i <= COLOURS.length; i++) {
      var v = sorted[Math.min(sorted.length - 1, Math.ceil(i * sorted.length / COLOURS.length) - 1)];
      if (limits.length === 0 || v > limits[limits.length - 1]) limits.push(v);
    }
    return limits;
  }

  function colour(value, limits) {
    if (value === null || value === undefined || value <= 0) return '#f0f0f0';
    for (var i = 0; i < limits.length; i++) if (value <= limits[i]) return COLOURS[i];
    return COLOURS[COLOURS.length - 1];
  }

  function drawMap() {
    var element = document.getElementById('map');
    if (!element || typeof L === 'undefined') return;
    var byPcode = {};
    (d.areas || []).forEach(function (a) { byPcode[a.pcode] = a; });
    var limits = breaks((d.areas || []).map(function (a) { return a.idps; }));
    // no tile layer (the platform runs offline), so the zoom range is ours to set; clustering
    // needs a maximum zoom
    var map = L.map(element, {zoomSnap: 0.25, attributionControl: false, minZoom: 3, maxZoom: 16});
    map.setView([0, 0], 2);
    var overlays = {};
    var layersControl = L.control.layers(null, overlays, {position: 'topright'}).addTo(map);

    fetch(element.dataset.boundaries, {credentials: 'same-origin'})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (geojson) {
        var drawn = 0;
        var layer = L.geoJSON(geojson, {
          style: function (feature) {
            var area = byPcode[feature.properties.pcode];
            return {color: '#555', weight: 1, fillOpacity: 0.8,
              fillColor: colour(area ? area.idps : null, limits)};
          },
          onEachFeature: function (feature, featureLayer) {
            drawn++;
            var area = byPcode[feature.properties.pcode];
            var html = '<strong>' + escapeHtml(feature.properties.name) + '</strong><br>' +
              escapeHtml(labels.pcode) + ': ' + escapeHtml(feature.properties.pcode) + '<br>' +
              escapeHtml(labels.idps) + ': ' + fmt(area ? area.idps : null);
            if (area && area.idpChange !== null && area.idpChange !== undefined) {
              html += ' (' + escapeHtml(labels.change) + ' ' + (area.idpChange > 0 ? '+' : '') + fmt(area.idpChange) + ')';
            }
            if (!d.publicView) html += '<br>' + escapeHtml(labels.returnees) + ': ' + fmt(area ? area.returnees : null);
            featureLayer.bindTooltip(html, {sticky: true, direction: rtl ? 'left' : 'right'});
          }
        }).addTo(map);
        if (drawn > 0) map.fitBounds(layer.getBounds(), {padding: [8, 8]});
        element.dataset.features = String(drawn);
        element.dataset.ready = 'true';
      })
      .catch(function () { element.dataset.ready = 'failed'; });

    var legend = L.control({position: 'bottomright'});
    legend.onAdd = function () {
      var div = L.DomUtil.create('div', 'legend');
      var html = '<strong>' + escapeHtml(labels.legend) + '</strong><br>';
      var from = 1;
      limits.forEach(function (limit, i) {
        html += '<i style="background:' + COLOURS[i] + '"></i>' + fmt(from) + '–' + fmt(limit) + '<br>';
        from = limit + 1;
      });
      html += '<i style="background:#f0f0f0"></i>' + escapeHtml(labels.noData);
      div.innerHTML = html;
      return div;
    };
    legend.addTo(map);

    if (element.dataset.sites) drawSites(map, element, layersControl);
  }

  /**
   * The sites layer: the server groups the places of the current view into grid cells (a few
   * hundred marks whatever the number of places), so it is asked again after every move or zoom.
   * A cell of several places is a numbered mark that zooms in when clicked; a cell of one place is
   * a dot with its name. Marks stay out of the tab order: the table is the keyboard's way in.
   */
  function drawSites(map, element, layersControl) {
    var layer = L.layerGroup().addTo(map);
    var added = false;
    var pending = null;
    var timer = null;

    function load() {
      if (!map.hasLayer(layer)) return;
      var bounds = map.getBounds().pad(0.2);
      var bbox = [Math.max(-180, bounds.getWest()), Math.max(-90, bounds.getSouth()),
        Math.min(180, bounds.getEast()), Math.min(90, bounds.getNorth())]
        .map(function (v) { return v.toFixed(4); }).join(',');
      var url = element.dataset.sites + (element.dataset.sites.indexOf('?') < 0 ? '?' : '&') +
        'zoom=' + Math.round(map.getZoom()) + '&bbox=' + bbox;
      if (pending) pending.abort();
      pending = typeof AbortController === 'undefined' ? null : new AbortController();
      fetch(url, {credentials: 'same-origin', signal: pending ? pending.signal : undefined})
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (answer) {
          layer.clearLayers();
          answer.cells.forEach(function (c) {
            if (c[2] === 1) {
              layer.addLayer(L.circleMarker([c[0], c[1]], {radius: 5, color: '#0b5fa5', weight: 1, fillOpacity: 0.8})
                .bindTooltip(escapeHtml(c[4]) + ' (' + escapeHtml(c[3]) + ')'));
            } else {
              var size = c[2] < 10 ? 'small' : (c[2] < 100 ? 'medium' : 'large');
              var mark = L.marker([c[0], c[1]], {keyboard: false, icon: L.divIcon({
                className: 'marker-cluster marker-cluster-' + size,
                html: '<div><span>' + fmt(c[2]) + '</span></div>', iconSize: [40, 40]})});
              mark.bindTooltip(escapeHtml(labels.sites) + ': ' + fmt(c[2]));
              mark.on('click', function () { map.setView([c[0], c[1]], Math.min(map.getMaxZoom(), map.getZoom() + 2)); });
              layer.addLayer(mark);
            }
          });
          if (!added) {
            layersControl.addOverlay(layer, escapeHtml(labels.sites) + ' (' + fmt(answer.places) + ')');
            added = true;
          }
          element.dataset.sitesShown = String(answer.places);
          element.dataset.siteMarks = String(answer.cells.length);
        })
        .catch(function (error) {
          if (error && error.name === 'AbortError') return;
          console.error('sites', error);
          element.dataset.sitesShown = 'failed';
        });
    }

    map.on('moveend', function () {
      clearTimeout(timer);
      timer = setTimeout(load, 150);
    });
    map.on('overlayadd', function (event) { if (event.layer === layer) load(); });
    load();
  }

  // ---------------------------------------------------------------- charts
  function drawCharts() {
    if (typeof Chart === 'undefined') return;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    var series = d.series || [];
    var seriesCanvas = document.getElementById('series-chart');
    if (seriesCanvas) {
      var datasets = [{label: labels.idps, data: series.map(function (p) { return p.idps; }),
        borderColor: '#de2d26', backgroundColor: '#de2d26', tension: 0.2}];
      if (!d.publicView) {
        datasets.push({label: labels.returnees, data: series.map(function (p) { return p.returnees; }),
          borderColor: '#0b5fa5', backgroundColor: '#0b5fa5', tension: 0.2});
      }
      new Chart(seriesCanvas, {type: 'line',
        data: {labels: series.map(function (p) { return 'R' + p.round; }), datasets: datasets},
        options: {maintainAspectRatio: false, animation: false, locale: locale,
          scales: {x: {reverse: rtl}, y: {beginAtZero: true, position: rtl ? 'right' : 'left'}}}});
    }
    bar('reasons-chart', d.reasons || [], '#fb6a4a');
    bar('origins-chart', d.origins || [], '#6a51a3');
  }

  function bar(id, slices, colour) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, {type: 'bar',
      data: {labels: slices.map(function (s) { return s.label === null ? labels.originUnknown : s.label; }),
        datasets: [{label: labels.idps, data: slices.map(function (s) { return s.individuals; }), backgroundColor: colour}]},
      options: {indexAxis: 'y', maintainAspectRatio: false, animation: false, locale: locale,
        plugins: {legend: {display: false}},
        scales: {x: {beginAtZero: true, reverse: rtl}, y: {position: rtl ? 'right' : 'left'}}}});
  }

  // ---------------------------------------------------------------- sortable table
  function sortable(table) {
    var headers = table.querySelectorAll('thead th');
    headers.forEach(function (th, column) {
      var button = th.querySelector('button.sort');
      if (!button) return;
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var numeric = th.dataset.type === 'number';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          var result;
          if (numeric) {
            var vx = x.dataset.value === undefined || x.dataset.value === '' ? -Infinity : Number(x.dataset.value);
            var vy = y.dataset.value === undefined || y.dataset.value === '' ? -Infinity : Number(y.dataset.value);
            result = vx - vy;
          } else {
            result = x.textContent.trim().localeCompare(y.textContent.trim(), locale);
          }
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  drawMap();
  drawCharts();
  document.querySelectorAll('table[data-sortable]').forEach(sortable);
})();
