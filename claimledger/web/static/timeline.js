/* claimledger timeline: draws the chart from the JSON block the page carries.
 *
 * The data is parsed from <script type="application/json" id="timeline-data"> (never evaluated)
 * and every string from it that Plotly shows is escaped first: Plotly reads a few HTML-like
 * tags in labels, and a claimant's name comes from a document. A point links to its claim by
 * the claim's numeric id only.
 */
(function () {
  "use strict";

  var source = document.getElementById("timeline-data");
  var chart = document.getElementById("timeline-chart");
  if (!source || !chart || typeof window.Plotly === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);

  var PALETTE = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
    "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"
  ];
  var SYMBOL = {
    exact: "circle", approx: "diamond", range: "circle",
    more_than: "triangle-up", at_least: "triangle-up",
    less_than: "triangle-down", at_most: "triangle-down"
  };

  function esc(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function seriesName(s) {
    var name = s.claimant ? esc(s.claimant) : "the outlets (unattributed)";
    if (s.subset) {
      name += " (" + esc(s.subset) + ")";
    }
    return s.affiliation ? name + " · " + esc(s.affiliation) : name;
  }

  // A reference's value on a day: that day's (fill "exact"), or the latest before it
  // (fill "previous": a series that records changes only).
  function referenceAt(r, day) {
    var lo = 0;
    var hi = r.points.length - 1;
    var found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (r.points[mid][0] <= day) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    if (found < 0) { return null; }
    if (r.fill === "exact" && r.points[found][0] !== day) { return null; }
    return r.points[found][1];
  }

  function hover(s, p) {
    var period = p.cumulative
      ? "total as of " + esc(p.end || p.x)
      : esc(p.start || "…") + " – " + esc(p.end || p.x);
    var lines = [
      "<b>" + esc(p.value) + "</b> (" + esc(p.qualifier) + ")",
      seriesName(s),
      period,
      esc(p.documents) + " document(s), " + esc(p.independent) + " independent report(s)"
    ];
    if (p.location) {
      lines.push(esc(p.location));
    }
    if (p.cumulative) {
      data.references.forEach(function (r) {
        var v = referenceAt(r, p.x);
        if (v !== null) {
          lines.push(esc(r.source) + " that day: " + esc(Number(v).toLocaleString("en")));
        }
      });
    }
    lines.push("click: claim " + esc(p.claim));
    return lines.join("<br>");
  }

  var hasTotals = false;
  var hasPeriods = false;
  data.series.forEach(function (s) {
    s.points.forEach(function (p) {
      if (p.cumulative) { hasTotals = true; } else { hasPeriods = true; }
    });
  });
  if (data.references.length) { hasTotals = true; }
  var both = hasTotals && hasPeriods;
  var totalsAxis = "y";
  var periodsAxis = both ? "y2" : "y";

  var traces = [];
  data.references.forEach(function (r, i) {
    traces.push({
      type: "scatter",
      mode: "lines",
      name: esc(r.source) + " (reference)",
      x: r.points.map(function (p) { return p[0]; }),
      y: r.points.map(function (p) { return p[1]; }),
      yaxis: totalsAxis,
      line: { color: i ? "#555" : "#999", width: 1.5, dash: "dot", shape: r.fill === "previous" ? "hv" : "linear" },
      hoverinfo: "skip",
      legendrank: 2000
    });
  });

  data.series.forEach(function (s, i) {
    var color = PALETTE[i % PALETTE.length];
    var legendShown = false;
    [true, false].forEach(function (cumulative) {
      var pts = s.points.filter(function (p) { return p.cumulative === cumulative; });
      if (!pts.length) { return; }
      traces.push({
        type: "scatter",
        mode: cumulative ? "lines+markers" : "markers",
        name: seriesName(s),
        legendgroup: "claimant-" + i,
        showlegend: !legendShown,
        x: pts.map(function (p) { return p.x; }),
        y: pts.map(function (p) { return p.y; }),
        yaxis: cumulative ? totalsAxis : periodsAxis,
        customdata: pts.map(function (p) { return p.claim; }),
        text: pts.map(function (p) { return hover(s, p); }),
        hoverinfo: "text",
        marker: {
          color: color,
          size: 10,
          symbol: pts.map(function (p) { return SYMBOL[p.qualifier] || "circle"; }),
          line: { width: 1, color: "#fff" }
        },
        line: { color: color, width: 1.5 },
        error_y: {
          type: "data",
          symmetric: false,
          array: pts.map(function (p) { return p.high === null ? 0 : p.high - p.y; }),
          arrayminus: pts.map(function (p) { return p.low === null ? 0 : p.y - p.low; }),
          color: color,
          thickness: 1.5,
          width: 4
        }
      });
      legendShown = true;
    });
  });
  var narrow = chart.clientWidth < 600;
  var layout = {
    margin: narrow ? { l: 48, r: 8, t: 16, b: 30 } : { l: 70, r: 20, t: 30, b: 40 },
    font: { size: narrow ? 10 : 12 },
    hovermode: "closest",
    showlegend: true,
    legend: { orientation: "h", x: 0, y: -0.12, yanchor: "top" },
    xaxis: { type: "date", anchor: both ? "y2" : "y", automargin: true },
    yaxis: {
      title: { text: hasTotals ? "running total" : "for the period" },
      rangemode: "tozero",
      separatethousands: true,
      domain: both ? [0.42, 1] : [0, 1],
      automargin: true
    },
    annotations: []
  };
  if (both) {
    layout.yaxis2 = {
      title: { text: "for the period" },
      rangemode: "tozero",
      separatethousands: true,
      domain: [0, 0.32],
      automargin: true
    };
  }

  window.Plotly.newPlot(chart, traces, layout, {
    responsive: true,
    displaylogo: false,
    modeBarButtonsToRemove: ["sendDataToCloud", "select2d", "lasso2d"]
  }).then(function () {
    chart.setAttribute("data-ready", "true");
  });

  chart.on("plotly_click", function (event) {
    var point = event && event.points && event.points[0];
    if (point && typeof point.customdata === "number" && isFinite(point.customdata)) {
      window.location.assign("/claims/" + String(Math.floor(point.customdata)));
    }
  });
})();
