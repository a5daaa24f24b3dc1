// What a fix says beside its position (speed, course, altitude, accuracy, battery, attributes), as text: only what
// the device reported, so an absent value is never shown as 0.

/** Short parts for a label: "12.3 km/h", "270°", "118 m", "±5 m", "87 %", "name=value". */
export function describeDetails(fix) {
  const parts = [];
  if (fix.speed != null) parts.push(speedText(fix.speed));
  if (fix.course != null) parts.push(courseText(fix.course));
  if (fix.altitude != null) parts.push(`${Math.round(fix.altitude)} m`);
  if (fix.accuracy != null) parts.push(accuracyText(fix.accuracy));
  if (fix.battery != null) parts.push(batteryText(fix.battery));
  for (const [name, value] of Object.entries(fix.attributes ?? {})) parts.push(`${name}=${value}`);
  return parts;
}

/** m/s as km/h. */
export const speedText = (metresPerSecond) => `${(metresPerSecond * 3.6).toFixed(1)} km/h`;
export const courseText = (degrees) => `${Math.round(degrees)}°`;
export const accuracyText = (metres) => `±${Math.round(metres)} m`;
export const batteryText = (percent) => `${Math.round(percent)} %`;

/** [label, value] rows of a popup: every reported detail, named. */
export function detailRows(fix) {
  const rows = [];
  if (fix.speed != null) rows.push(['speed', speedText(fix.speed)]);
  if (fix.course != null) rows.push(['course', courseText(fix.course)]);
  if (fix.altitude != null) rows.push(['altitude', `${Math.round(fix.altitude)} m`]);
  if (fix.accuracy != null) rows.push(['accuracy', accuracyText(fix.accuracy)]);
  if (fix.battery != null) rows.push(['battery', batteryText(fix.battery)]);
  for (const [name, value] of Object.entries(fix.attributes ?? {})) rows.push([name, String(value)]);
  return rows;
}
