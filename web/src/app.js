// Aiguillage: the map and search page.
//
// Progressive enhancement of a page that works without it: the form and the result list are
// rendered by the server. This script adds the Leaflet map, submits the form in the background
// (the server renders the same result list, `partiel=resultats`), keeps the URL in step with
// the form (shareable link, back button), and syncs the list with the map. It holds no
// rendering of its own for places: every text shown comes escaped from the server.
(function () {
  'use strict';

  var form = document.getElementById('recherche');
  var mapElement = document.getElementById('carte');
  if (!form || !mapElement || !window.L) {
    return;
  }

  // Metropolitan France, when nothing was searched yet.
  var FRANCE = [[41.3, -5.2], [51.1, 9.6]];
  // Wide views get server-side clusters from /api/v1/places/map; this is only a hint of the
  // pixel size of a cluster cell, the server decides.
  var MAP_ENDPOINT = '/api/v1/places/map';

  var map = L.map(mapElement, { zoomSnap: 0.5 });
  map.fitBounds(FRANCE);
  L.tileLayer(mapElement.dataset.tileUrl, {
    maxZoom: 19,
    attribution: escapeHtml(mapElement.dataset.attribution || '')
  }).addTo(map);

  var viewportLayer = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  var serverClusters = L.layerGroup();
  var resultLayer = L.featureGroup();
  var originLayer = L.layerGroup();
  var boundaryLayer = L.featureGroup();
  map.addLayer(boundaryLayer).addLayer(viewportLayer).addLayer(serverClusters).addLayer(resultLayer).addLayer(originLayer);
  var markersById = {};

  // ---- The form and the URL ----

  function formQuery() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim() !== '') {
        params.append(name, value);
      }
    });
    return params.toString();
  }

  function setHiddenPoint(lat, lon) {
    form.querySelectorAll('input[type=hidden][name=lat], input[type=hidden][name=lon]').forEach(function (input) {
      input.remove();
    });
    if (lat === null) {
      return;
    }
    [['lat', lat], ['lon', lon]].forEach(function (pair) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = pair[0];
      input.value = pair[1].toFixed(5);
      form.appendChild(input);
    });
  }

  // The form as the URL says (after the back button).
  function fillForm(query) {
    var params = new URLSearchParams(query);
    form.querySelector('#q').value = params.get('q') || '';
    form.querySelectorAll('input[type=checkbox]').forEach(function (box) {
      box.checked = params.getAll(box.name).indexOf(box.value) !== -1;
    });
    var lat = parseFloat(params.get('lat'));
    var lon = parseFloat(params.get('lon'));
    setHiddenPoint(isFinite(lat) && isFinite(lon) ? lat : null, lon);
  }

  var pending = null;

  function search(query, push) {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var url = '/?' + (query ? query + '&' : '') + 'partiel=resultats';
    var results = document.getElementById('resultats');
    results.setAttribute('aria-busy', 'true');
    return fetch(url, { signal: pending.signal, headers: { Accept: 'text/html' } })
      .then(function (response) {
        // A 400 answer is the result section saying what is wrong with the search: it is
        // shown like any answer. Any other failure has no section to show.
        if (!response.ok && response.status !== 400) {
          throw new Error('HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var template = document.createElement('template');
        template.innerHTML = html.trim();
        var fresh = template.content.querySelector('#resultats');
        if (!fresh) {
          throw new Error('réponse inattendue');
        }
        document.getElementById('resultats').replaceWith(fresh);
        if (push) {
          history.pushState(null, '', query ? '/?' + query : '/');
        }
        showResults(true);
        refreshViewport();
      })
      .catch(function (error) {
        if (error.name !== 'AbortError') {
          results.removeAttribute('aria-busy');
          say('La recherche a échoué : vérifiez la connexion et réessayez.');
        }
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    search(formQuery(), true);
  });
  // A new text replaces a point chosen before.
  form.querySelector('#q').addEventListener('input', function () {
    setHiddenPoint(null);
  });
  // Filters apply at once.
  form.querySelectorAll('input[type=checkbox]').forEach(function (box) {
    box.addEventListener('change', function () {
      search(formQuery(), true);
    });
  });
  form.querySelector('button.appliquer').hidden = true;
  window.addEventListener('popstate', function () {
    var query = location.search.replace(/^\?/, '');
    fillForm(query);
    search(query, false);
  });

  function searchFrom(lat, lon) {
    form.querySelector('#q').value = '';
    setHiddenPoint(lat, lon);
    search(formQuery(), true);
  }

  var locate = document.getElementById('me-localiser');
  if (navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener('click', function () {
      say('Recherche de votre position…');
      navigator.geolocation.getCurrentPosition(
        function (position) {
          searchFrom(position.coords.latitude, position.coords.longitude);
        },
        function () {
          say("Votre position n'est pas disponible : indiquez une commune ou une adresse.");
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 }
      );
    });
  }

  map.on('click', function (event) {
    searchFrom(event.latlng.lat, event.latlng.lng);
  });

  // A short message for screen readers and everyone, in the result section.
  function say(text) {
    var results = document.getElementById('resultats');
    var message = results.querySelector('p.message-script');
    if (!message) {
      message = document.createElement('p');
      message.className = 'message message-script';
      results.insertBefore(message, results.children[1] || null);
    }
    message.textContent = text;
  }

  // ---- The result list on the map ----

  function showResults(fit) {
    var section = document.getElementById('resultats');
    section.removeAttribute('aria-busy');
    resultLayer.clearLayers();
    originLayer.clearLayers();
    markersById = {};
    section.querySelectorAll('li.lieu').forEach(function (item, index) {
      var lat = parseFloat(item.dataset.lat);
      var lon = parseFloat(item.dataset.lon);
      if (!isFinite(lat) || !isFinite(lon)) {
        return;
      }
      var link = item.querySelector('a.lieu-nom');
      var name = link ? link.textContent : '';
      // The number drawn on the marker is the one beside the name in the list.
      var icon = L.divIcon({ className: 'repere', html: String(index + 1), iconSize: L.point(28, 28) });
      var marker = L.marker([lat, lon], { icon: icon, title: (index + 1) + '. ' + name, keyboard: false });
      marker.on('click', function () {
        highlight(item.dataset.id);
        item.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
        if (link) {
          link.focus({ preventScroll: true });
        }
      });
      marker.addTo(resultLayer);
      markersById[item.dataset.id] = marker;
      ['mouseenter', 'focusin'].forEach(function (type) {
        item.addEventListener(type, function () {
          highlight(item.dataset.id);
        });
      });
    });
    var lat = parseFloat(section.dataset.lat);
    var lon = parseFloat(section.dataset.lon);
    if (isFinite(lat) && isFinite(lon)) {
      L.circleMarker([lat, lon], { radius: 7, color: '#0b57a4', weight: 3, fillOpacity: 0.3, interactive: false })
        .addTo(originLayer);
    }
    showBoundary(section.dataset.territoire);
    if (!fit) {
      return;
    }
    var bounds = resultLayer.getLayers().length ? resultLayer.getBounds() : null;
    if (isFinite(lat) && isFinite(lon)) {
      bounds = bounds ? bounds.extend([lat, lon]) : L.latLngBounds([[lat, lon], [lat, lon]]);
    }
    var box = (section.dataset.bbox || '').split(',').map(parseFloat);
    if (!bounds && box.length === 4 && box.every(isFinite)) {
      bounds = L.latLngBounds([[box[1], box[0]], [box[3], box[2]]]);
    }
    if (bounds) {
      map.fitBounds(bounds.pad(0.1), { maxZoom: 16 });
    }
  }

  // The searched territory's outline: the map stays readable when tiles cannot load.
  var shownBoundary = null;

  function showBoundary(code) {
    if (code === shownBoundary) {
      return;
    }
    shownBoundary = code;
    boundaryLayer.clearLayers();
    if (!code) {
      return;
    }
    fetch('/api/v1/territories/' + encodeURIComponent(code) + '/boundary.geojson')
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (feature) {
        if (feature && shownBoundary === code) {
          L.geoJSON(feature, {
            interactive: false,
            style: { color: '#0b57a4', weight: 2, fill: true, fillOpacity: 0.04, dashArray: '6 4' }
          }).addTo(boundaryLayer);
        }
      })
      .catch(function () {
        // No outline: the places are still shown.
      });
  }

  var highlighted = null;

  function setActive(marker, active) {
    marker.setZIndexOffset(active ? 1000 : 0);
    var element = marker.getElement();
    if (element) {
      element.classList.toggle('actif', active);
    }
  }

  function highlight(id) {
    if (highlighted && markersById[highlighted]) {
      setActive(markersById[highlighted], false);
    }
    document.querySelectorAll('#resultats li.lieu.actif').forEach(function (item) {
      item.classList.remove('actif');
    });
    highlighted = id;
    var marker = markersById[id];
    if (marker) {
      setActive(marker, true);
    }
    var item = document.querySelector('#resultats li.lieu[data-id="' + cssEscape(id) + '"]');
    if (item) {
      item.classList.add('actif');
    }
  }

  // ---- Every place in view, clustered by the server for wide views ----

  var viewportRequest = null;

  function apiFilters() {
    var params = new URLSearchParams();
    var form = new FormData(document.getElementById('recherche'));
    ['services', 'publics', 'prise_en_charge'].forEach(function (name) {
      var values = form.getAll(name);
      if (values.length) {
        params.set(name, values.join('|'));
      }
    });
    if (form.get('gratuit')) {
      params.set('frais', 'Gratuit');
    }
    if (form.get('ouvert')) {
      params.set('open_now', 'true');
    }
    return params;
  }

  function refreshViewport() {
    if (viewportRequest) {
      viewportRequest.abort();
    }
    viewportRequest = new AbortController();
    var b = map.getBounds();
    var clamp = function (v, limit) {
      return Math.max(-limit, Math.min(limit, v));
    };
    var params = apiFilters();
    params.set('bbox', [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)]
      .map(function (v) {
        return v.toFixed(5);
      })
      .join(','));
    params.set('zoom', String(Math.max(0, Math.min(20, Math.round(map.getZoom())))));
    fetch(MAP_ENDPOINT + '?' + params.toString(), { signal: viewportRequest.signal })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (collection) {
        if (collection) {
          drawViewport(collection);
        }
      })
      .catch(function () {
        // The background layer is a help, not the answer: the list stays.
      });
  }

  function drawViewport(collection) {
    viewportLayer.clearLayers();
    serverClusters.clearLayers();
    var places = [];
    collection.features.forEach(function (feature) {
      var c = feature.geometry && feature.geometry.coordinates;
      if (!c) {
        return;
      }
      var p = feature.properties;
      if (p.kind === 'cluster') {
        var size = p.count < 100 ? 'small' : p.count < 1000 ? 'medium' : 'large';
        var icon = L.divIcon({
          html: '<div><span>' + Number(p.count) + '</span></div>',
          className: 'marker-cluster marker-cluster-' + size,
          iconSize: L.point(40, 40)
        });
        var cluster = L.marker([c[1], c[0]], { icon: icon, keyboard: false, title: p.count + ' lieux' });
        cluster.on('click', function () {
          var box = p.bbox;
          map.fitBounds([[box[1], box[0]], [box[3], box[2]]], { maxZoom: map.getZoom() + 3 });
        });
        serverClusters.addLayer(cluster);
      } else if (!markersById[p.id]) {
        var marker = L.circleMarker([c[1], c[0]], {
          radius: 6, color: '#4a4f57', weight: 1, fillColor: '#ffffff', fillOpacity: 0.9
        });
        var link = document.createElement('a');
        link.href = '/lieux/' + encodeURIComponent(p.id);
        link.textContent = p.nom || p.id;
        marker.bindPopup(link);
        places.push(marker);
      }
    });
    viewportLayer.addLayers(places);
  }

  map.on('moveend', refreshViewport);

  // ---- Small helpers ----

  function escapeHtml(text) {
    var div = document.createElement('div');
    div.textContent = text;
    return div.innerHTML;
  }

  function cssEscape(text) {
    return window.CSS && CSS.escape ? CSS.escape(text) : String(text).replace(/["\\]/g, '\\$&');
  }

  history.replaceState(null, '', location.href);
  showResults(true);
  refreshViewport();
})();
