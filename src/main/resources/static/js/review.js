// The place page's history chart (Chart.js); the table under it says the same in text.
(function () {
  'use strict';
  function drawPlaceChart() {
    var canvas = document.getElementById('place-chart');
    if (!canvas || typeof Chart === 'undefined') return;
    var points = JSON.parse(canvas.dataset.points || '[]');
    new Chart(canvas, {
      type: 'line',
      data: {
        labels: points.map(function (p) { return canvas.dataset.labelRound + ' ' + p.round; }),
        datasets: [
          { label: canvas.dataset.labelIdps, data: points.map(function (p) { return p.idps; }),
            borderColor: '#0b5fa5', backgroundColor: '#0b5fa5', tension: 0.2 },
          { label: canvas.dataset.labelReturnees, data: points.map(function (p) { return p.returnees; }),
            borderColor: '#1d7a3a', backgroundColor: '#1d7a3a', tension: 0.2 }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { beginAtZero: true } } }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawPlaceChart);
  else drawPlaceChart();
})();
