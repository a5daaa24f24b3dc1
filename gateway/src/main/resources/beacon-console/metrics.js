// Reads Prometheus text: sums of series by name and label, and per-second rates between two scrapes.

/** Parses the text exposition into {name, labels (the raw label text), value} samples. */
export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match) samples.push({ name: match[1], labels: match[2] ?? '', value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the samples named name whose labels contain every one of labelParts (e.g. 'type="csv"'). */
export function sum(samples, name, ...labelParts) {
  return samples.filter((s) => s.name === name && labelParts.every((p) => s.labels.includes(p)))
    .reduce((total, s) => total + s.value, 0);
}

/** Per-second rates of counters between scrapes, one named series at a time. */
export class Rates {
  #previous = new Map();

  rate(key, value, now = Date.now()) {
    const before = this.#previous.get(key);
    this.#previous.set(key, { value, at: now });
    if (!before || now <= before.at || value < before.value) return null;
    return (value - before.value) * 1000 / (now - before.at);
  }
}

export async function scrape(url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return parseMetrics(await response.text());
}
