// The shape of the bulks sent: how many requests, how full. Under back-pressure this is what
// tells a healthy copy (full bulks, fewer of them) from one collapsing into single documents.
export interface BulkShapeSummary {
  requests: number;
  /** documents per bulk request: 10th percentile and median */
  docsP10: number;
  docsP50: number;
  /** mean request body size in bytes */
  bytesMean: number;
}

export class BulkShape {
  /** docs per request → how many requests had that many (bounded by the bulk size cap) */
  private readonly byDocs = new Map<number, number>();
  private requests = 0;
  private bytes = 0;

  record(docs: number, bytes: number): void {
    this.requests++;
    this.bytes += bytes;
    this.byDocs.set(docs, (this.byDocs.get(docs) ?? 0) + 1);
  }

  summary(): BulkShapeSummary {
    return {
      requests: this.requests,
      docsP10: this.percentile(0.1),
      docsP50: this.percentile(0.5),
      bytesMean: this.requests ? Math.round(this.bytes / this.requests) : 0,
    };
  }

  private percentile(p: number): number {
    if (this.requests === 0) return 0;
    const rank = Math.max(1, Math.ceil(p * this.requests));
    let seen = 0;
    for (const docs of [...this.byDocs.keys()].sort((a, b) => a - b)) {
      seen += this.byDocs.get(docs)!;
      if (seen >= rank) return docs;
    }
    return 0;
  }
}
