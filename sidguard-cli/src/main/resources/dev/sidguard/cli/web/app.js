// sidguard's local page: sends the chosen HAR to this server's /api/scan and /api/sanitize,
// shows the verdict and findings, and offers both results for download. Text from the HAR is
// only ever set with textContent, never parsed as HTML.
"use strict";

const MAX_PARSE_BYTES = 64 * 1024 * 1024; // request URLs are read from sanitized copies up to this size

const $ = (id) => document.getElementById(id);
let urls = [];

document.addEventListener("DOMContentLoaded", () => {
  $("origin").textContent = location.host;
  const drop = $("drop");
  ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (e) => {
    e.preventDefault();
    drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer.files.length > 0) {
      $("har").files = e.dataTransfer.files;
      $("status").textContent = "Ready: " + e.dataTransfer.files[0].name;
    }
  });
  $("check").addEventListener("submit", (e) => {
    e.preventDefault();
    check();
  });
});

async function check() {
  const file = $("har").files[0];
  if (!file) {
    return;
  }
  const policy = $("policy").value;
  const status = $("status");
  status.classList.remove("error");
  status.textContent = "Checking " + file.name + " (" + size(file.size) + ")…";
  $("run").disabled = true;
  $("result").hidden = true;
  urls.forEach(URL.revokeObjectURL);
  urls = [];
  try {
    const scanResponse = await post("/api/scan?policy=" + encodeURIComponent(policy), file);
    const report = await scanResponse.json();
    status.textContent = "Sanitizing " + file.name + "…";
    const sanitized = await (await post("/api/sanitize?policy=" + encodeURIComponent(policy), file)).blob();
    const requests = await requestLines(sanitized);
    show(file.name, report, sanitized, requests);
    status.textContent = "Done: " + file.name + " checked with the " + policy + " policy.";
  } catch (err) {
    status.classList.add("error");
    status.textContent = err.message;
  } finally {
    $("run").disabled = false;
  }
}

async function post(path, file) {
  const response = await fetch(path, { method: "POST", body: file, headers: { "Content-Type": "application/json" } });
  if (!response.ok) {
    let message = "HTTP " + response.status;
    try {
      message = (await response.json()).error || message;
    } catch (ignored) {
      // not JSON: keep the status
    }
    throw new Error(message);
  }
  return response;
}

// "METHOD url" of every entry of the sanitized copy, so URLs are shown without their secrets.
async function requestLines(blob) {
  if (blob.size > MAX_PARSE_BYTES) {
    return null;
  }
  try {
    const har = JSON.parse(await blob.text());
    return har.log.entries.map((e) => (e.request.method || "") + " " + (e.request.url || ""));
  } catch (ignored) {
    return null;
  }
}

function show(name, report, sanitized, requests) {
  const file = report.files[0];
  const verdict = $("verdict");
  verdict.textContent = file.verdict;
  verdict.className = file.verdict;
  $("summary").textContent = file.summary;

  const base = name.replace(/\.(har|json)$/i, "");
  link($("download-har"), sanitized, base + ".sanitized.har");
  link($("download-report"), new Blob([JSON.stringify(report, null, 2)], { type: "application/json" }),
    base + ".scan.json");
  $("sanitized-note").textContent = requests === null
    ? "The sanitized copy is too large to list its request URLs here; the download has them."
    : "The sanitized copy has " + requests.length + " entries.";

  const byKind = new Map();
  for (const f of report.findings) {
    const k = byKind.get(f.kind) || { count: 0, live: 0 };
    k.count++;
    if (f.live === "true") {
      k.live++;
    }
    byKind.set(f.kind, k);
  }
  const kinds = $("kinds").tBodies[0];
  kinds.replaceChildren();
  [...byKind.entries()].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])).forEach(([kind, k]) => {
    kinds.append(row([kind, String(k.count), String(k.live)]));
  });
  if (byKind.size === 0) {
    kinds.append(row(["none", "0", "0"]));
  }

  const body = $("findings").tBodies[0];
  body.replaceChildren();
  for (const f of report.findings) {
    const entry = f.entry === null ? "—" : String(f.entry);
    const request = f.entry !== null && requests && requests[f.entry] ? requests[f.entry] : (f.host || "");
    const tr = row([entry, f.kind, f.location, liveText(f.live), request]);
    tr.cells[2].className = "mono";
    tr.cells[3].className = "live-" + f.live;
    tr.cells[4].className = "mono";
    body.append(tr);
  }
  $("result").hidden = false;
  $("verdict-heading").focus?.();
}

function liveText(live) {
  return live === "true" ? "yes" : live === "false" ? "no" : "unknown";
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const text of cells) {
    const td = document.createElement("td");
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

function link(a, blob, filename) {
  const url = URL.createObjectURL(blob);
  urls.push(url);
  a.href = url;
  a.download = filename;
}

function size(bytes) {
  return bytes < 1024 * 1024 ? Math.ceil(bytes / 1024) + " KB" : (bytes / 1024 / 1024).toFixed(1) + " MB";
}
