import { describe, expect, it } from 'vitest';
import type { Hold } from '../policy/index.js';
import { holdsCovering, holdsInForceAt } from './hold-coverage.js';

const hold = (id: string, kind: Hold['kind'], from: string, until: string | null): Hold => ({
  id,
  kind,
  scope: { level: 'organisation', organisation: 'org-1' },
  from,
  until,
  reasonCode: 'investigation',
  reason: 'inquiry',
  reasonChinese: null,
  placedBy: 'officer',
});

describe('holdsInForceAt', () => {
  const holds = [
    hold('lapsed', 'suspension', '2026-01-14', '2026-01-28'),
    hold('current', 'suspension', '2026-03-01T00:00:00.000Z', null),
    hold('future', 'suspension', '2026-04-01', null),
    hold('block', 'block', '2026-01-01', null),
  ];
  const now = new Date('2026-03-02T10:00:00.000Z');

  it('keeps the holds of the kind in force now, whatever they cover', () => {
    expect(holdsInForceAt(holds, now, 'suspension').map((each) => each.id)).toEqual(['current']);
    expect(holdsInForceAt(holds, now, 'block').map((each) => each.id)).toEqual(['block']);
    expect(holdsInForceAt(holds, new Date('2026-01-20T00:00:00.000Z'), 'suspension').map((each) => each.id)).toEqual(['lapsed']);
  });

  it('never drops a hold that covers a subject: the covering holds are among them', () => {
    const subject = { itemId: 'item-1', family: 'H200', organisationId: 'org-1', category: 'small-firm', region: null };
    for (const at of ['2026-01-20T00:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-05-01T00:00:00.000Z']) {
      const instant = new Date(at);
      const inForce = holdsInForceAt(holds, instant, 'suspension');
      expect(holdsCovering(inForce, subject, instant, 'suspension')).toEqual(holdsCovering(holds, subject, instant, 'suspension'));
    }
  });
});
