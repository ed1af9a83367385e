// TensorCast Global Store dashboard: the progressive layer. Every page works without this
// file (plain links and GET forms); it adds auto-refresh, the throughput chart and
// submit-on-change filters. Served from /ui/assets under a CSP without inline script.
(function () {
  'use strict';

  var REFRESH_MS = 5000;
  var PAUSE_KEY = 'tensorcast-dashboard-paused';
  var timer = null;
  var chart = null;
  var lastGood = null;

  function storedPause() {
    try {
      return window.localStorage.getItem(PAUSE_KEY) === '1';
    } catch {
      return false;
    }
  }

  function storePause(paused) {
    try {
      window.localStorage.setItem(PAUSE_KEY, paused ? '1' : '0');
    } catch {
      // private mode: pausing still works for this page
    }
  }

  var paused = storedPause();

  function clockText(date) {
    return date.toTimeString().slice(0, 8);
  }

  function setStatus(text, isError) {
    var status = document.getElementById('refresh-status');
    if (!status) return;
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  function showToggle() {
    var toggle = document.getElementById('refresh-toggle');
    if (!toggle) return;
    toggle.hidden = false;
    toggle.textContent = paused ? 'Resume auto-refresh' : 'Pause auto-refresh';
    toggle.setAttribute('aria-pressed', paused ? 'true' : 'false');
  }

  function schedule() {
    if (timer) window.clearTimeout(timer);
    timer = paused ? null : window.setTimeout(refresh, REFRESH_MS);
  }

  // Re-renders the page in place from the server: same URL (filters and page included), so a
  // refresh shows exactly what a reload would, without losing scroll position.
  function refresh() {
    timer = null;
    var url = window.location.href;
    fetch(url, { headers: { Accept: 'text/html' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        return response.text().then(function (text) {
          return { status: response.status, text: text };
        });
      })
      .then(function (result) {
        if (paused || url !== window.location.href) return;
        var doc = new DOMParser().parseFromString(result.text, 'text/html');
        var fresh = doc.getElementById('content');
        var current = document.getElementById('content');
        if (!fresh || !current) throw new Error('unexpected answer (HTTP ' + result.status + ')');
        var chartNode = document.getElementById('throughput-chart');
        var freshChart = fresh.querySelector('#throughput-chart');
        if (chartNode && freshChart && chart) freshChart.replaceWith(chartNode);
        current.replaceWith(fresh);
        enhanceForms();
        lastGood = new Date();
        if (result.status >= 500) {
          setStatus('Server answered HTTP ' + result.status + ' at ' + clockText(lastGood), true);
        } else {
          setStatus('Updated ' + clockText(lastGood), false);
        }
        return updateChart();
      })
      .catch(function (error) {
        setStatus(
          'Refresh failed (' +
            (error && error.message ? error.message : 'network error') +
            ')' +
            (lastGood ? '; showing data from ' + clockText(lastGood) : ''),
          true,
        );
      })
      .then(schedule);
  }

  function enhanceForms() {
    var forms = document.querySelectorAll('form[data-autosubmit]');
    Array.prototype.forEach.call(forms, function (form) {
      Array.prototype.forEach.call(form.querySelectorAll('select'), function (select) {
        select.addEventListener('change', function () {
          if (form.requestSubmit) form.requestSubmit();
          else form.submit();
        });
      });
      // Empty fields stay out of the URL, so deep links carry only the filters in use.
      form.addEventListener('submit', function () {
        Array.prototype.forEach.call(form.elements, function (field) {
          if (field.name && field.value === '') field.disabled = true;
        });
      });
    });
  }

  function chartWidth(node) {
    return Math.max(300, node.clientWidth - 16);
  }

  function updateChart() {
    var node = document.getElementById('throughput-chart');
    if (!node || typeof window.uPlot !== 'function') return Promise.resolve();
    return fetch(node.getAttribute('data-series-url'), { cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) throw new Error('chart data HTTP ' + response.status);
        return response.json();
      })
      .then(function (series) {
        var data = [series.t, series.heartbeatsPerSecond, series.writesPerSecond];
        if (chart) {
          chart.setData(data);
          return;
        }
        var fallback = node.querySelector('.chart-fallback');
        if (fallback) fallback.hidden = true;
        chart = new window.uPlot(
          {
            width: chartWidth(node),
            height: 220,
            series: [
              {},
              { label: 'heartbeats/s', stroke: '#2759c4', width: 2 },
              { label: 'writes/s', stroke: '#c46a27', width: 2 },
            ],
            axes: [{}, { label: 'per second' }],
            scales: {
              y: {
                range: function (u, min, max) {
                  return [0, Math.max(1, max * 1.1)];
                },
              },
            },
          },
          data,
          node,
        );
        window.addEventListener('resize', function () {
          chart.setSize({ width: chartWidth(node), height: 220 });
        });
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    enhanceForms();
    showToggle();
    var toggle = document.getElementById('refresh-toggle');
    if (toggle) {
      toggle.addEventListener('click', function () {
        paused = !paused;
        storePause(paused);
        showToggle();
        if (paused) setStatus('Auto-refresh paused', false);
        schedule();
        if (!paused) refresh();
      });
    }
    if (paused) setStatus('Auto-refresh paused', false);
    updateChart().catch(function (error) {
      setStatus('Chart unavailable: ' + error.message, true);
    });
    schedule();
  });
})();
