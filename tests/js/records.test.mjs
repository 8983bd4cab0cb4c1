// records.js in Node: the CSV that CRM records become, and the mistakes in
// records it refuses, each naming kind, record and field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordsToCsv, recordOfRow, RecordsError } from '../../www/records.js';

const FIELDS = { deals: ['deal_id', 'owner', 'amount', 'created_date', 'is_won'], reps: ['rep', 'quota'] };

test('records become one quoted CSV per kind, columns in canonical order', () => {
  const files = recordsToCsv(
    {
      deals: [
        { amount: 1500, deal_id: 'D1', owner: 'Siti "SA" Aminah' },
        { deal_id: 'D2', amount: 2.125, created_date: new Date('2024-03-05T00:00:00Z'), is_won: true, owner: null },
      ],
      reps: [],
    },
    FIELDS,
  );
  assert.deepEqual(
    files.map((f) => [f.name, f.kind]),
    [
      ['deals records', 'deals'],
      ['reps records', 'reps'],
    ],
  );
  assert.equal(
    files[0].text,
    [
      '"deal_id","owner","amount","created_date","is_won"',
      '"D1","Siti ""SA"" Aminah","1500","",""',
      '"D2","","2.1250","2024-03-05","true"',
      '',
    ].join('\n'),
  );
  assert.equal(files[1].text, '\n');
});

test('mistakes in records name kind, record and field', () => {
  const refused = (records, expected) =>
    assert.throws(
      () => recordsToCsv(records, FIELDS),
      (error) => {
        assert.ok(error instanceof RecordsError);
        assert.equal(error.name, 'SalesKpiRecordsError');
        for (const [key, value] of Object.entries(expected))
          assert.equal(error[key], value, `${key} in ${error.message}`);
        return true;
      },
    );
  refused({ leads: [] }, { kind: 'leads' });
  refused({ deals: {} }, { kind: 'deals' });
  refused({ deals: [{ deal_id: 'D1' }, { amout: 5 }] }, { kind: 'deals', record: 2, field: 'amout' });
  refused({ deals: [{ amount: Number.NaN }] }, { kind: 'deals', record: 1, field: 'amount' });
  refused({ deals: [{ owner: { name: 'Siti' } }] }, { kind: 'deals', record: 1, field: 'owner' });
  refused([], {});
});

test('a rejected row of a records file is told as its record', () => {
  assert.equal(recordOfRow('deals records', 4), 3);
  assert.equal(recordOfRow('deals.csv', 4), null);
});
