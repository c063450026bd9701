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

  function plural(n, one, many) {
    return esc(n) + " " + (Number(n) === 1 ? one : many);
  }

  function periodWords(p) {
    if (p.cumulative) { return "total as of " + esc(p.end || p.x); }
    if (p.start && p.start === p.end) { return "on " + esc(p.start); }
    return esc(p.start || "…") + " – " + esc(p.end || p.x);
  }

  // The tooltip says what a reader would: "at least 226", "1 document", never a field's id.
  function hover(s, p) {
    var lines = [
      "<b>" + esc(p.value) + "</b> " + (p.cumulative ? "(running total)" : "(for the period)"),
      seriesName(s),
      periodWords(p),
      plural(p.documents, "document", "documents") + ", " +
        plural(p.independent, "independent report", "independent reports")
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

  var DAY = 86400000;
  function dayMs(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

  // Figures for a period are bars, one slot per claimant within the day, so two claimants'
  // figures for the same day stand side by side rather than hiding each other.
  var barSeries = data.series.filter(function (s) {
    return s.points.some(function (p) { return !p.cumulative; });
  });
  var slot = 0.8 * DAY / Math.max(1, barSeries.length);

  function points(s, cumulative) {
    return s.points.filter(function (p) { return p.cumulative === cumulative; });
  }

  function bars(pts, low) {
    return pts.map(function (p) {
      var bound = low ? p.low : p.high;
      if (bound === null) { return 0; }
      return low ? p.y - bound : bound - p.y;
    });
  }

  data.series.forEach(function (s, i) {
    var color = PALETTE[i % PALETTE.length];
    var name = seriesName(s);
    var totals = points(s, true);
    var periods = points(s, false);
    var common = {
      name: name,
      legendgroup: "claimant-" + i,
      hoverinfo: "text",
      hoverlabel: { align: "left" }
    };
    if (totals.length) {
      // Running totals as a line: the claimant's count growing (or not) over time.
      traces.push(Object.assign({}, common, {
        type: "scatter",
        mode: "lines+markers",
        showlegend: true,
        x: totals.map(function (p) { return p.x; }),
        y: totals.map(function (p) { return p.y; }),
        yaxis: totalsAxis,
        customdata: totals.map(function (p) { return p.claim; }),
        text: totals.map(function (p) { return hover(s, p); }),
        marker: {
          color: color,
          size: 9,
          symbol: totals.map(function (p) { return SYMBOL[p.qualifier] || "circle"; }),
          line: { width: 1, color: "#fff" }
        },
        line: { color: color, width: 2.5 },
        error_y: {
          type: "data", symmetric: false, array: bars(totals, false),
          arrayminus: bars(totals, true), color: color, thickness: 1.5, width: 4
        }
      }));
    }
    if (periods.length) {
      var k = barSeries.indexOf(s);
      traces.push(Object.assign({}, common, {
        type: "bar",
        showlegend: !totals.length,
        x: periods.map(function (p) { return p.x; }),
        y: periods.map(function (p) { return p.y; }),
        yaxis: periodsAxis,
        width: periods.map(function () { return slot; }),
        offset: periods.map(function () { return -0.4 * DAY + k * slot; }),
        customdata: periods.map(function (p) { return p.claim; }),
        text: periods.map(function (p) { return hover(s, p); }),
        textposition: "none",
        marker: { color: color, opacity: 0.75, line: { width: 0 } },
        error_y: {
          type: "data", symmetric: false, array: bars(periods, false),
          arrayminus: bars(periods, true), color: "#333", thickness: 1.2, width: 3
        }
      }));
    }
  });
  // The references last, drawn over the claims: a claimant whose totals match a reference
  // shows it as dots on its line rather than hiding it.
  data.references.forEach(function (r, i) {
    traces.push({
      type: "scatter",
      mode: "lines",
      name: esc(r.source) + " (reference)",
      x: r.points.map(function (p) { return p[0]; }),
      y: r.points.map(function (p) { return p[1]; }),
      yaxis: totalsAxis,
      line: { color: i ? "#333" : "#666", width: 2, dash: "dot", shape: r.fill === "previous" ? "hv" : "linear" },
      hoverinfo: "skip",
      legendrank: 2000
    });
  });
  var narrow = chart.clientWidth < 600;

  // Whole days on the x axis whatever the number of dates: one date is a window of a day and
  // a half around it (Plotly's own range for one point is a millisecond, ticked in fractions of a
  // second), two dates are days apart, not hours; longer spans tick weekly, then monthly.
  var days = [];
  data.series.forEach(function (s) {
    s.points.forEach(function (p) { days.push(dayMs(p.x)); });
  });
  var first = days.length ? Math.min.apply(null, days) : null;
  var last = days.length ? Math.max.apply(null, days) : null;
  var xaxis = { type: "date", anchor: both ? "y2" : "y", automargin: true, hoverformat: "%Y-%m-%d" };
  if (first !== null) {
    var span = Math.round((last - first) / DAY) + 2;  // the days shown, with the margins
    var perLabel = narrow ? 7 : 14;  // day labels that fit the chart's width
    var dayFormat = narrow ? "%b %-d" : "%Y-%m-%d";  // a phone's labels: "May 3"
    // Three quarters of a day either side: room for a day's bars, and no tick of its own.
    xaxis.range = [first - 0.75 * DAY, last + 0.75 * DAY];
    xaxis.tick0 = isoDay(first);
    if (span <= perLabel) {
      xaxis.dtick = DAY;
      xaxis.tickformat = dayFormat;
    } else if (span <= perLabel * 7) {
      xaxis.dtick = 7 * DAY;
      xaxis.tickformat = dayFormat;
    } else if (span <= perLabel * 31) {
      xaxis.dtick = "M1";
      xaxis.tickformat = "%b %Y";
    } else {
      xaxis.dtick = span <= perLabel * 92 ? "M3" : "M12";
      xaxis.tickformat = span <= perLabel * 92 ? "%b %Y" : "%Y";
    }
  }
  var layout = {
    margin: narrow ? { l: 48, r: 8, t: 16, b: 30 } : { l: 70, r: 20, t: 30, b: 40 },
    font: { size: narrow ? 10 : 12 },
    hovermode: "closest",
    showlegend: true,
    barmode: "overlay",
    legend: { orientation: "h", x: 0, y: -0.12, yanchor: "top" },
    xaxis: xaxis,
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
