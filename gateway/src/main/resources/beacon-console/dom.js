// DOM helpers that only ever create text: server data (chat content, device ids, names) is never parsed as HTML.

/** An element with attributes and children; string children become text nodes. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') element.className = value;
    else if (name.startsWith('data-')) element.setAttribute(name, String(value));
    else element[name] = value;
  }
  for (const child of children) {
    element.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
  }
  return element;
}

export const byId = (id) => document.getElementById(id);

/** Replaces the text of element id. */
export function text(id, value) {
  byId(id).textContent = String(value ?? '');
}

/** A one-line status at the bottom of the page. */
export function log(message) {
  text('log', `${new Date().toLocaleTimeString()}  ${message}`);
}

export function isoTime(epochMs) {
  return new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function age(epochMs) {
  const seconds = Math.max(0, Math.round((Date.now() - epochMs) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}
