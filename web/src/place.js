// Aiguillage: the place page's small map, and the print button of the fiche d'orientation.
// Both pages are complete without it.
(function () {
  'use strict';

  var mapElement = document.getElementById('carte-lieu');
  if (mapElement && window.L) {
    var position = [parseFloat(mapElement.dataset.lat), parseFloat(mapElement.dataset.lon)];
    if (isFinite(position[0]) && isFinite(position[1])) {
      var attribution = document.createElement('div');
      attribution.textContent = mapElement.dataset.attribution || '';
      var map = L.map(mapElement, { scrollWheelZoom: false }).setView(position, 16);
      L.tileLayer(mapElement.dataset.tileUrl, { maxZoom: 19, attribution: attribution.innerHTML }).addTo(map);
      L.marker(position, { title: mapElement.dataset.nom, alt: mapElement.dataset.nom, keyboard: false }).addTo(map);
    }
  }

  var print = document.getElementById('imprimer');
  if (print) {
    print.hidden = false;
    print.addEventListener('click', function () {
      window.print();
    });
    document.querySelectorAll('.sans-script').forEach(function (hint) {
      hint.hidden = true;
    });
  }
})();
