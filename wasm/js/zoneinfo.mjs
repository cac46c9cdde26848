// IANA time zone data (TZif bytes) for the report core, which parses them with
// TimeZone::from_tzif. The wasm build copies the system's zone files into
// build/wasm/zoneinfo/ (cmake/copy_zoneinfo.cmake). Under Node we read that
// copy, falling back to /usr/share/zoneinfo; in a browser or worker we fetch
// it relative to this module, so the static server must serve build/wasm/.

const zoneinfoUrl = new URL('../../build/wasm/zoneinfo/', import.meta.url);
const systemZoneinfo = '/usr/share/zoneinfo/';
const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';
const cache = new Map();

/**
 * True for an IANA-style zone name ("Europe/Berlin", "UTC", "Etc/GMT+5"): the
 * same rule as the core's is_valid_zone_name, so no name can leave the folder.
 */
export function isValidZoneName(name) {
  if (typeof name !== 'string' || name.length === 0 || name.length > 255) return false;
  return name.split('/').every((segment) => /^[A-Za-z0-9_+][A-Za-z0-9_+-]*$/.test(segment));
}

/** Resolves to the TZif bytes of a zone; rejects (RangeError) for an invalid or unknown name. */
export function loadTzif(name) {
  if (!isValidZoneName(name)) {
    return Promise.reject(new RangeError(`invalid time zone name: ${JSON.stringify(name)}`));
  }
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = (isNode ? readFromDisk(name) : fetchFromServer(name)).then(checkTzif(name));
    bytes.catch(() => cache.delete(name));  // a failed load may be retried
    cache.set(name, bytes);
  }
  return bytes.then((data) => data.slice());  // callers get their own copy
}

/** Resolves to the sorted list of zone names available to loadTzif. */
export async function listZones() {
  if (isNode) {
    const { readFile } = await import('node:fs/promises');
    return JSON.parse(await readFile(new URL('zones.json', zoneinfoUrl), 'utf8'));
  }
  const response = await fetch(new URL('zones.json', zoneinfoUrl));
  if (!response.ok) throw new Error(`cannot list time zones: HTTP ${response.status}`);
  return response.json();
}

async function readFromDisk(name) {
  const { readFile } = await import('node:fs/promises');
  for (const location of [new URL(name, zoneinfoUrl), systemZoneinfo + name]) {
    try {
      return new Uint8Array(await readFile(location));
    } catch (error) {
      if (error.code !== 'ENOENT' && error.code !== 'EISDIR' && error.code !== 'ENOTDIR') throw error;
    }
  }
  throw new RangeError(`unknown time zone: ${JSON.stringify(name)}`);
}

async function fetchFromServer(name) {
  const response = await fetch(new URL(name, zoneinfoUrl));
  if (response.status === 404) throw new RangeError(`unknown time zone: ${JSON.stringify(name)}`);
  if (!response.ok) throw new Error(`cannot load time zone ${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// A file that is not TZif (e.g. /usr/share/zoneinfo/leapseconds) is no zone.
function checkTzif(name) {
  return (bytes) => {
    if (bytes.length < 44 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'TZif') {
      throw new RangeError(`unknown time zone: ${JSON.stringify(name)} (not TZif data)`);
    }
    return bytes;
  };
}
