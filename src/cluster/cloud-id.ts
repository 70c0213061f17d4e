// Elastic Cloud's cloud.id ("name:base64(host[:port]$es_uuid[:port]$kibana_uuid)") turned into the HTTPS endpoint,
// as the official clients decode it.

/** The Elasticsearch endpoint of an Elastic Cloud deployment, or an Error saying what is wrong with the id. */
export function cloudIdToUrl(cloudId: string): string {
  const colon = cloudId.indexOf(':');
  const encoded = colon >= 0 ? cloudId.slice(colon + 1) : cloudId;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const [hostPart, esPart] = decoded.split('$');
  if (!hostPart || !esPart || !/^[\w.:-]+$/.test(hostPart + esPart)) {
    throw new Error('is not an Elastic Cloud id (expected "name:base64" as shown on the deployment page)');
  }
  const [host, hostPort] = hostPart.split(':');
  const [esId, esPort] = esPart.split(':');
  const port = esPort ?? hostPort;
  return `https://${esId}.${host}${port && port !== '443' ? `:${port}` : ''}`;
}
