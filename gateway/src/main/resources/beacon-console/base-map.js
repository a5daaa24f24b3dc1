// The map's background: the tile layer of the settings, and a bundled coarse outline of the world's land whenever
// tiles are not configured or cannot load (offline, a blocked tile server), so the map is never a blank grey area.
import { log } from './dom.js';
import { WORLD_LAND } from './world-outline.js';

const OUTLINE_PANE = 'outline';

/** Adds tiles from {@code tilesUrl} (none when empty) to {@code map}, and the outline when they are missing. */
export function addBaseMap(map, tilesUrl) {
  const L = globalThis.L;
  // Above the tiles (a failed tile is an empty square), below fences, tracks and markers.
  map.createPane(OUTLINE_PANE).style.zIndex = 250;
  let outline = null;
  const showOutline = () => {
    outline ??= L.polygon(landLatLngs(), {
      pane: OUTLINE_PANE,
      interactive: false,
      className: 'world-outline',
      color: '#8a9bb0',
      weight: 1,
      fillColor: '#f7f4ec',
      fillOpacity: 1,
    }).addTo(map);
  };
  if (!tilesUrl) {
    showOutline();
    return;
  }
  L.tileLayer(tilesUrl, { maxZoom: 19, attribution: '&copy; OpenStreetMap contributors' })
    .on('tileerror', () => {
      if (!outline) log('map tiles unreachable: showing the bundled world outline; markers and tracks still work');
      showOutline();
    })
    .addTo(map);
}

/** The land as one multi-polygon: a [[lat, lon], ...] ring per island or continent. */
function landLatLngs() {
  return WORLD_LAND.map((ring) => {
    const latLngs = [];
    for (let i = 0; i < ring.length; i += 2) latLngs.push([ring[i + 1], ring[i]]);
    return [latLngs];
  });
}
