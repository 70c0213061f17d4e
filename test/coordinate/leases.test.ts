// Deterministic lease tests against the test cluster on a 5.x, a 6.x before seq_no (6.2) and an
// 8.x / OpenSearch coordination index: racing claims, take-over after the lease time on the
// observer's own clock, a holder that lost its lease is refused and fenced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { connect } from '../../src/cluster/connect.js';
import { CoordIndex } from '../../src/coordinate/coord-index.js';
import { Coordinator } from '../../src/coordinate/coordinator.js';
import type { Clock } from '../../src/coordinate/lease-clock.js';
import type { PlanRecord } from '../../src/coordinate/types.js';

class FakeClock implements Clock {
  t = 0;
  now(): number {
    return this.t;
  }
}

const plan = (leaseMs: number): PlanRecord => ({
  kind: 'plan', leaseMs, source: 'src', dest: 'dst', createdBy: 't', createdAt: new Date().toISOString(),
  items: [{ id: 'a', sourceIndex: 'a', destIndex: 'a', docs: 10 }, { id: 'b#1/2', sourceIndex: 'b', destIndex: 'b', slice: { id: 0, max: 2 }, docs: 5 }],
});

for (const version of ['5.6', '6.2', '8.15', 'opensearch-2.11']) {
  test(`coordination on ${version}: one plan, racing claims, take-over, lost lease`, async () => {
    const c = await startTestCluster({ version });
    const cluster = await connect({ nodes: c.url });
    try {
      // 5.x and 6.2 have no if_seq_no: their guard is an external version
      assert.equal(cluster.dialect.writeGuard, ['5.6', '6.2'].includes(version) ? 'external_version' : 'seq_no');
      const clocks = [new FakeClock(), new FakeClock()];
      const [w1, w2] = clocks.map((clock, i) => new Coordinator({ index: new CoordIndex(cluster.transport, cluster.dialect, 'coord-test'), owner: `w${i + 1}`, clock }));
      // both propose a plan at once: one plans, the other joins the same plan
      const proposals = [plan(1000), { ...plan(9999), items: [] }];
      const joined = await Promise.all([w1!.join(proposals[0]!), w2!.join(proposals[1]!)]);
      assert.equal(joined.filter((j) => j.planned).length, 1);
      assert.deepEqual(joined[0]!.plan, joined[1]!.plan);
      const leaseMs = joined[0]!.plan.leaseMs;

      // two workers race for the same item: exactly one wins
      const s1 = await w1!.scan();
      const s2 = await w2!.scan();
      const item = s1.plan.items[0]!;
      const [l1, l2] = await Promise.all([w1!.claimItem(s1, item), w2!.claimItem(s2, item)]);
      assert.equal([l1, l2].filter(Boolean).length, 1, 'one claim wins');
      const holder = (l1 ?? l2)!;
      const [, oc, other] = l1 ? [clocks[0]!, clocks[1]!, w2!] : [clocks[1]!, clocks[0]!, w1!];

      // the holder renews with a checkpoint; the observer sees the record move, so no take-over
      assert.ok(await holder.renew((d) => ({ ...d, acknowledged: 3, positions: [{ mode: 'search-after', acknowledged: 3, done: false, searchAfter: ['x3'] }] })));
      let snap = await other.scan();
      assert.deepEqual(other.claimable(snap, false).map((i) => i.id), ['b#1/2']);
      oc.t += leaseMs - 1;
      snap = await other.scan();
      assert.ok(!other.claimable(snap, false).some((i) => i.id === item.id), 'not expired before the lease time');
      oc.t += 1;
      snap = await other.scan();
      assert.ok(other.claimable(snap, false).some((i) => i.id === item.id), 'expired after a lease time without renewal on the observer clock');

      // take-over resumes from the checkpoint
      const taken = await other.claimItem(snap, item);
      assert.ok(taken);
      assert.equal(taken.record.acknowledged, 3);
      assert.deepEqual(taken.record.positions[0]!.searchAfter, ['x3']);
      assert.equal(taken.record.attempts, 2);

      // the old holder's next renewal is refused: lease lost, fence aborted at once
      assert.equal(holder.signal.aborted, false);
      assert.equal(await holder.renew((d) => ({ ...d, acknowledged: 99 })), false);
      assert.ok(holder.signal.aborted);
      assert.match(holder.lost ?? '', /taken over/);
      snap = await other.scan();
      assert.equal(snap.items.get(item.id)!.doc.acknowledged, 3, 'the lost holder wrote nothing');

      // a holder whose renewals stop being confirmed stops by itself after 3/4 of the lease
      const clockOfTaker = l1 ? clocks[1]! : clocks[0]!;
      clockOfTaker.t += leaseMs * 0.75;
      assert.match(taken.lost ?? '', /no renewal confirmed/);
      assert.ok(taken.signal.aborted);
    } finally {
      await cluster.close();
      await c.close();
    }
  });
}
