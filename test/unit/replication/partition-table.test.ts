import { PartitionTable } from '../../../src/replication/partition-table.ts';

describe('PartitionTable', () => {
  it('keeps a value per topic and partition, counts the partitions that have one, and forgets them all on clear', () => {
    const table = new PartitionTable<number>();
    table.set('orders', 7, 1);
    table.set('orders', 0, 2);
    table.set('orders.eu', 7, 3);
    table.set('orders', 7, 4); // replaced, not counted twice
    expect([table.get('orders', 7), table.get('orders', 0), table.get('orders.eu', 7), table.get('orders', 3), table.get('payments', 0)]).toEqual([4, 2, 3, undefined, undefined]);
    expect(table.size).toBe(3);
    table.clear();
    expect([table.get('orders', 7), table.size]).toEqual([undefined, 0]);
  });
});
