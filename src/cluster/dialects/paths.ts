// URL path pieces: index names are encoded but keep "," (lists) and "*" (patterns) readable.

export function indexPath(index: string): string {
  return index
    .split(',')
    .map((part) => encodeURIComponent(part.trim()).replace(/%2A/gi, '*'))
    .join(',');
}
