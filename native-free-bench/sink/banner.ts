// GET / of the sink and the page source: the version banner a client reads to pick its dialect.
export interface Version {
  number: string;
  major: number;
  minor: number;
}

export function parseVersion(v: string): Version {
  const full: Record<string, string> = { '2.4': '2.4.6', '5.6': '5.6.6', '6.2': '6.2.0', '6.8': '6.8.23', '7.10': '7.10.2', '7.17': '7.17.25', '8.15': '8.15.0' };
  const number = full[v] ?? (/^\d+\.\d+\.\d+$/.test(v) ? v : `${v}.0`);
  const [major, minor] = number.split('.').map(Number) as [number, number];
  return { number, major, minor };
}

/** ES >= 7.14 sends x-elastic-product; the official client 8 refuses a cluster without it */
export function productHeader(v: Version): Record<string, string> {
  return v.major > 7 || (v.major === 7 && v.minor >= 14) ? { 'x-elastic-product': 'Elasticsearch' } : {};
}

export function banner(v: Version, role: string): unknown {
  return {
    name: `bench-${role}`, cluster_name: `bench-${role}`, cluster_uuid: `bench-${role}-uuid`,
    version: {
      number: v.number, build_flavor: 'default', build_type: 'tar', build_hash: 'bench', build_date: '2024-08-05T10:05:34.233Z',
      build_snapshot: false, lucene_version: '9.11.1', minimum_wire_compatibility_version: '7.17.0', minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'You Know, for Search',
  };
}
