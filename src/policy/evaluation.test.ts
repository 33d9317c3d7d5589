import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compiled-policy.js';
import { evaluateApplication } from './evaluation.js';
import type { EvaluationInput, Grant } from './evaluation.js';
import type { Hold, Policy } from './policy.js';
import { ASCEND, B200, H20, H200, ITEMS, baseInput, basePolicy, compiled, evaluate, ruleOf } from './test-support/policy-fixtures.js';
import type { PolicyItem } from './policy.js';

function withPolicy(change: (policy: Policy) => void): Policy {
  const policy = basePolicy();
  change(policy);
  return policy;
}

function withInput(change: (input: EvaluationInput) => void): EvaluationInput {
  const input = baseInput();
  change(input);
  return input;
}

function request(quantity: number, item: PolicyItem = H200): EvaluationInput {
  return withInput((input) => {
    input.application = { ...input.application, quantity, itemId: item.id };
  });
}

function grant(units: number, grantedAt: string, organisationId = 'org-a', itemId = H200.id): Grant {
  return { organisationId, itemId, units, grantedAt };
}

function hold(overrides: Partial<Hold>): Hold {
  return {
    id: 'H-1',
    kind: 'suspension',
    scope: { level: 'family', family: 'H200' },
    from: '2026-01-14T00:00:00.000Z',
    until: null,
    reasonCode: 'import-rules-pending',
    reason: 'imports suspended while conditions are drawn up',
    reasonChinese: '在制定条件期间暂停进口',
    placedBy: 'officer-1',
    ...overrides,
  };
}

describe('the base case', () => {
  it('passes every rule and admits the whole request', () => {
    const evaluation = evaluate(basePolicy(), baseInput());
    expect(evaluation.outcome).toBe('pass');
    expect(evaluation.admissibleUnits).toBe(1_000);
    expect(evaluation.rules.map((result) => result.outcome)).toEqual(evaluation.rules.map(() => 'pass'));
    expect(evaluation.english).toBe('admissible: 1,000 of 1,000 units requested');
    expect(evaluation.chinese).toBe('可批准数量：申请 1,000 台，可批准 1,000 台');
  });

  it('lists the rules in the documented order', () => {
    const names = evaluate(basePolicy(), baseInput()).rules.map((result) => result.rule);
    expect(names).toEqual([
      'policy-in-force',
      'technical-envelope',
      'end-use',
      'domestic-justification',
      'category-access',
      'holds',
      'national-quota',
      'category-budget',
      'group-cap',
      'adoption-cap',
      'domestic-pairing',
    ]);
  });

  it('gives the same evaluation for the same inputs', () => {
    const policy = compiled();
    expect(evaluateApplication(policy, baseInput())).toEqual(evaluateApplication(policy, baseInput()));
  });
});

describe('policy in force', () => {
  it('denies before the version takes effect', () => {
    const policy = withPolicy((p) => {
      p.effectiveFrom = '2026-04-01';
    });
    const result = ruleOf(evaluate(policy, baseInput()), 'policy-in-force');
    expect(result.outcome).toBe('deny');
    expect(result.english).toBe('policy in force: this version takes effect on 2026-04-01, after 2026-03-02; it does not apply yet');
  });

  it('applies on the last day of the period and not the day after', () => {
    const lastDay = withInput((input) => {
      input.now = '2026-12-31T23:59:59.999Z';
    });
    const dayAfter = withInput((input) => {
      input.now = '2027-01-01T00:00:00.000Z';
    });
    expect(ruleOf(evaluate(basePolicy(), lastDay), 'policy-in-force').outcome).toBe('pass');
    const after = evaluate(basePolicy(), dayAfter);
    expect(ruleOf(after, 'policy-in-force').outcome).toBe('deny');
    expect(after.admissibleUnits).toBe(0);
  });

  it('refuses a now that is not a normalised UTC instant, as a programmer error', () => {
    const input = withInput((i) => {
      i.now = '2026-03-02T09:00:00+08:00';
    });
    expect(() => evaluate(basePolicy(), input)).toThrow(/UTC instant/);
  });
});

describe('technical envelope', () => {
  it('passes an item strictly below both limits', () => {
    const result = ruleOf(evaluate(basePolicy(), baseInput()), 'technical-envelope');
    expect(result.outcome).toBe('pass');
    expect(result.limitUnits).toBeNull();
    expect(result.figures).toMatchObject({ itemTpp: 15_832, tppBelow: 21_000, memoryBandwidthGbPerSecondBelow: 6_500 });
  });

  it('denies an item outside it, naming both limits', () => {
    const evaluation = evaluate(basePolicy(), request(10, B200));
    const result = ruleOf(evaluation, 'technical-envelope');
    expect(result.outcome).toBe('deny');
    expect(result.english).toBe(
      'technical envelope (class 3A090.a): NVIDIA B200 is outside it: TPP 36,000 is not below 21,000, memory bandwidth 8,000 GB/s is not below 6,500 GB/s; it cannot be licensed',
    );
    expect(result.chinese).toBe(
      '技术参数范围（管制编码 3A090.a）：NVIDIA B200 超出范围：TPP 36,000 未低于 21,000，内存带宽 8,000 GB/s 未低于 6,500 GB/s；不能获得许可',
    );
    expect(evaluation.admissibleUnits).toBe(0);
  });

  it('denies an item exactly at the limit: the limit is "below", not "at most"', () => {
    const atLimit: PolicyItem = { ...H200, id: 'at-limit', tpp: 21_000 };
    const input = withInput((i) => {
      i.items = new Map([...ITEMS, [atLimit.id, atLimit]]);
      i.application = { ...i.application, itemId: atLimit.id };
    });
    expect(ruleOf(evaluate(basePolicy(), input), 'technical-envelope').outcome).toBe('deny');
  });

  it('says so when no envelope covers the item', () => {
    const result = ruleOf(evaluate(basePolicy(), request(10, H20)), 'technical-envelope');
    expect(result.outcome).toBe('pass');
    expect(result.english).toBe('technical envelope: none applies to NVIDIA H20');
  });
});

describe('end use', () => {
  it('passes an allowed end use', () => {
    expect(ruleOf(evaluate(basePolicy(), baseInput()), 'end-use').english).toBe('end use: ai-training is allowed');
  });

  it('denies a denied end use', () => {
    const input = withInput((i) => {
      i.application = { ...i.application, endUse: 'military' };
    });
    const result = ruleOf(evaluate(basePolicy(), input), 'end-use');
    expect(result.outcome).toBe('deny');
    expect(result.chinese).toBe('最终用途：政策禁止 military 用途，不能获得许可');
  });

  it('denies an end use the allowed list does not name', () => {
    const input = withInput((i) => {
      i.application = { ...i.application, endUse: 'crypto-mining' };
    });
    const result = ruleOf(evaluate(basePolicy(), input), 'end-use');
    expect(result.outcome).toBe('deny');
    expect(result.english).toContain('not among the allowed end uses (ai-inference, ai-training)');
  });

  it('passes any end use that is not denied when the policy lists none as allowed', () => {
    const policy = withPolicy((p) => {
      p.endUses.allowed = [];
    });
    const input = withInput((i) => {
      i.application = { ...i.application, endUse: 'crypto-mining' };
    });
    expect(ruleOf(evaluate(policy, input), 'end-use').outcome).toBe('pass');
  });
});

describe('domestic justification', () => {
  it.each([null, '', '   '])('denies a foreign item when the justification is %j', (justification) => {
    const input = withInput((i) => {
      i.application = { ...i.application, domesticJustification: justification };
    });
    const evaluation = evaluate(basePolicy(), input);
    expect(ruleOf(evaluation, 'domestic-justification').outcome).toBe('deny');
    expect(evaluation.admissibleUnits).toBe(0);
  });

  it('does not ask it for a domestic item', () => {
    const input = withInput((i) => {
      i.application = { ...i.application, itemId: ASCEND.id, domesticJustification: null };
    });
    expect(ruleOf(evaluate(basePolicy(), input), 'domestic-justification').outcome).toBe('pass');
  });

  it('does not ask it when the policy does not', () => {
    const policy = withPolicy((p) => {
      p.endUses.domesticJustificationRequired = false;
    });
    const input = withInput((i) => {
      i.application = { ...i.application, domesticJustification: null };
    });
    expect(ruleOf(evaluate(policy, input), 'domestic-justification').outcome).toBe('pass');
  });
});

describe('category access', () => {
  it('sends a category under review to a reviewer without changing the quantity', () => {
    const input = withInput((i) => {
      i.organisation = { ...i.organisation, category: 'telecom-operator' };
    });
    const evaluation = evaluate(basePolicy(), input);
    const result = ruleOf(evaluation, 'category-access');
    expect(result.outcome).toBe('review');
    expect(result.limitUnits).toBeNull();
    expect(result.english).toBe('category access: telecom operators are under review (tight control); a reviewer decides');
    expect(result.chinese).toBe('类别准入：电信运营商须经人工审查（从严管控），由审查人员决定');
    expect(evaluation.outcome).toBe('review');
    expect(evaluation.admissibleUnits).toBe(1_000);
    expect(evaluation.english).toBe('admissible: 1,000 of 1,000 units requested; a reviewer must decide');
  });

  it('denies a denied category', () => {
    const input = withInput((i) => {
      i.organisation = { ...i.organisation, category: 'vendor' };
    });
    const evaluation = evaluate(basePolicy(), input);
    expect(ruleOf(evaluation, 'category-access').outcome).toBe('deny');
    expect(evaluation.admissibleUnits).toBe(0);
  });

  it('applies the default access to a category the policy does not list, and says so', () => {
    const input = withInput((i) => {
      i.organisation = { ...i.organisation, category: 'research-institute' };
    });
    const result = ruleOf(evaluate(basePolicy(), input), 'category-access');
    expect(result.outcome).toBe('review');
    expect(result.english).toContain('the default for categories the policy does not list');
  });
});

describe('holds', () => {
  it('a suspension in force admits nothing', () => {
    const policy = withPolicy((p) => {
      p.holds = [hold({})];
    });
    const evaluation = evaluate(policy, baseInput());
    const result = ruleOf(evaluation, 'holds');
    expect(result.outcome).toBe('hold');
    expect(result.limitUnits).toBe(0);
    expect(result.references).toEqual(['H-1']);
    expect(result.english).toBe(
      'holds: suspension H-1 on family H200 in force since 2026-01-14 (import-rules-pending: imports suspended while conditions are drawn up); no new licences',
    );
    expect(result.chinese).toBe(
      '暂停与冻结措施：针对 H200 系列的暂停措施 H-1 自 2026-01-14 起生效（import-rules-pending：在制定条件期间暂停进口）；暂停签发新许可证',
    );
    expect(evaluation.outcome).toBe('hold');
    expect(evaluation.admissibleUnits).toBe(0);
    expect(evaluation.isDecisionDelayed).toBe(false);
  });

  it('a block in force delays the decision but keeps the quantity', () => {
    const policy = withPolicy((p) => {
      p.holds = [hold({ kind: 'block', scope: { level: 'category', category: 'big-tech-platform' } })];
    });
    const evaluation = evaluate(policy, baseInput());
    expect(ruleOf(evaluation, 'holds').limitUnits).toBeNull();
    expect(evaluation.outcome).toBe('hold');
    expect(evaluation.isDecisionDelayed).toBe(true);
    expect(evaluation.admissibleUnits).toBe(1_000);
    expect(evaluation.english).toContain('the decision is delayed while a block is in force');
  });

  it('a hold that starts tomorrow is not in force, and the sentence says when it starts', () => {
    const policy = withPolicy((p) => {
      p.holds = [hold({ from: '2026-03-03T00:00:00.000Z' })];
    });
    const evaluation = evaluate(policy, baseInput());
    const result = ruleOf(evaluation, 'holds');
    expect(result.outcome).toBe('pass');
    expect(result.english).toBe('holds: none in force; suspension H-1 on family H200 starts on 2026-03-03');
    expect(evaluation.admissibleUnits).toBe(1_000);
  });

  it('is in force from its first instant and not at its end (the window is half-open)', () => {
    const policy = withPolicy((p) => {
      p.holds = [hold({ from: '2026-03-02T09:00:00.000Z', until: '2026-03-02T10:00:00.000Z' })];
    });
    const atStart = baseInput();
    const atEnd = withInput((i) => {
      i.now = '2026-03-02T10:00:00.000Z';
    });
    expect(ruleOf(evaluate(policy, atStart), 'holds').outcome).toBe('hold');
    expect(ruleOf(evaluate(policy, atEnd), 'holds').outcome).toBe('pass');
  });

  it('a lapsed hold does not apply', () => {
    const policy = withPolicy((p) => {
      p.holds = [hold({ until: '2026-01-28T00:00:00.000Z' })];
    });
    expect(ruleOf(evaluate(policy, baseInput()), 'holds').outcome).toBe('pass');
  });

  it('an organisation hold on the group head covers its members', () => {
    const policy = withPolicy((p) => {
      p.holds = [hold({ scope: { level: 'organisation', organisation: 'org-parent' } })];
    });
    const member = withInput((i) => {
      i.organisation = { ...i.organisation, parentId: 'org-parent' };
      i.groupMemberIds = ['org-parent', 'org-a'];
    });
    expect(ruleOf(evaluate(policy, member), 'holds').outcome).toBe('hold');
    expect(ruleOf(evaluate(policy, baseInput()), 'holds').outcome).toBe('pass');
  });

  it('an organisation hold covers every organisation beneath it, however deep the group', () => {
    const policy = withPolicy((p) => {
      p.holds = [hold({ scope: { level: 'organisation', organisation: 'org-head' } })];
    });
    const grandchild = withInput((i) => {
      i.organisation = { ...i.organisation, parentId: 'org-middle' };
      i.groupMemberIds = ['org-a', 'org-head', 'org-middle'];
      i.groupAncestorIds = ['org-middle', 'org-head'];
    });
    expect(ruleOf(evaluate(policy, grandchild), 'holds')).toMatchObject({ outcome: 'hold', limitUnits: 0 });
    // Known only by its direct parent, the grandchild is outside the head's hold.
    const parentOnly = withInput((i) => {
      i.organisation = { ...i.organisation, parentId: 'org-middle' };
      i.groupMemberIds = ['org-a', 'org-head', 'org-middle'];
    });
    expect(ruleOf(evaluate(policy, parentOnly), 'holds').outcome).toBe('pass');
    // A hold on an organisation does not reach its parent or its siblings.
    const onChild = withPolicy((p) => {
      p.holds = [hold({ scope: { level: 'organisation', organisation: 'org-child' } })];
    });
    expect(ruleOf(evaluate(onChild, grandchild), 'holds').outcome).toBe('pass');
  });

  it('a region hold covers only applications for facilities in that region', () => {
    const policy = withPolicy((p) => {
      p.holds = [hold({ scope: { level: 'region', region: 'CN-GD' } })];
    });
    const inRegion = withInput((i) => {
      i.application = { ...i.application, region: 'CN-GD' };
    });
    expect(ruleOf(evaluate(policy, inRegion), 'holds').outcome).toBe('hold');
    expect(ruleOf(evaluate(policy, baseInput()), 'holds').outcome).toBe('pass');
  });

  it('a hold placed since the version was published applies like the version\'s own', () => {
    const placed = hold({ id: 'H-placed', from: '2026-03-01T12:00:00Z' });
    const evaluation = evaluateApplication(compilePolicy(basePolicy(), null, { placedHolds: [placed] }), baseInput());
    expect(ruleOf(evaluation, 'holds')).toMatchObject({ outcome: 'hold', references: ['H-placed'], limitUnits: 0 });
    expect(evaluation.admissibleUnits).toBe(0);
  });

  it('a hold on another item does not apply; a global hold does', () => {
    const other = withPolicy((p) => {
      p.holds = [hold({ scope: { level: 'item', item: H20.id } })];
    });
    const global = withPolicy((p) => {
      p.holds = [hold({ scope: { level: 'global' } })];
    });
    expect(ruleOf(evaluate(other, baseInput()), 'holds').outcome).toBe('pass');
    expect(ruleOf(evaluate(global, baseInput()), 'holds').outcome).toBe('hold');
  });
});

describe('national quota', () => {
  it('limits to the units that remain', () => {
    const input = withInput((i) => {
      i.nationalGranted = [{ itemId: H200.id, units: 699_500 }];
    });
    const evaluation = evaluate(basePolicy(), input);
    const result = ruleOf(evaluation, 'national-quota');
    expect(result.outcome).toBe('limit');
    expect(result.limitUnits).toBe(500);
    expect(result.isBinding).toBe(true);
    expect(result.english).toBe('national quota (family H200): 500 of 700,000 units and 7,916,000 of 11,082,400,000 TPP remain; at most 500 units fit');
    expect(evaluation.admissibleUnits).toBe(500);
    expect(evaluation.english).toBe('admissible: 500 of 1,000 units requested; bound by national quota');
  });

  it('limits to whole units that fit the TPP remaining, rounded down', () => {
    const policy = withPolicy((p) => {
      p.nationalQuotas = [{ appliesTo: { family: 'H200' }, units: 700_000, tpp: 15_832 * 300 + 15_831 }];
    });
    const result = ruleOf(evaluate(policy, baseInput()), 'national-quota');
    expect(result.limitUnits).toBe(300);
    expect(result.figures).toMatchObject({ remainingTpp: 15_832 * 300 + 15_831 });
  });

  it('counts the national grants of every item of the family, not other families', () => {
    const sibling: PolicyItem = { ...H200, id: 'nvidia-h200-nvl' };
    const input = withInput((i) => {
      i.items = new Map([...ITEMS, [sibling.id, sibling]]);
      i.nationalGranted = [
        { itemId: sibling.id, units: 699_000 },
        { itemId: H20.id, units: 50_000 },
      ];
    });
    expect(ruleOf(evaluate(basePolicy(), input), 'national-quota').limitUnits).toBe(1_000);
  });

  it('never goes below zero when the quota is overdrawn', () => {
    const input = withInput((i) => {
      i.nationalGranted = [{ itemId: H200.id, units: 800_000 }];
    });
    const result = ruleOf(evaluate(basePolicy(), input), 'national-quota');
    expect(result.limitUnits).toBe(0);
    expect(result.figures['remainingUnits']).toBe(0);
  });

  it('denies an item no quota covers', () => {
    const policy = withPolicy((p) => {
      p.nationalQuotas = p.nationalQuotas.filter((quota) => !('family' in quota.appliesTo && quota.appliesTo.family === 'H20'));
    });
    const result = ruleOf(evaluate(policy, request(10, H20)), 'national-quota');
    expect(result.outcome).toBe('deny');
    expect(result.english).toBe('national quota: none covers NVIDIA H20 in this period; it cannot be licensed');
  });

  it('applies an item quota and a family quota together', () => {
    const policy = withPolicy((p) => {
      p.nationalQuotas.push({ appliesTo: { item: H200.id }, units: 600, tpp: null });
    });
    const evaluation = evaluate(policy, baseInput());
    const quotas = evaluation.rules.filter((result) => result.rule === 'national-quota');
    expect(quotas.map((result) => [result.subject, result.limitUnits])).toEqual([
      ['family H200', 700_000],
      ['item nvidia-h200', 600],
    ]);
    // The category's 60 % share applies to each quota: 360 of the item quota's 600 units.
    expect(evaluation.rules.filter((result) => result.rule === 'category-budget').map((result) => result.limitUnits)).toEqual([420_000, 360]);
    expect(evaluation.admissibleUnits).toBe(360);
  });
});

describe('category budget', () => {
  it('limits to what remains of the category share of the quota', () => {
    // 60 % of 700,000 units is 420,000.
    const input = withInput((i) => {
      i.nationalGranted = [{ itemId: H200.id, units: 500_000 }];
      i.categoryGranted = [{ itemId: H200.id, units: 419_900 }];
    });
    const result = ruleOf(evaluate(basePolicy(), input), 'category-budget');
    expect(result.outcome).toBe('limit');
    expect(result.limitUnits).toBe(100);
    expect(result.figures).toMatchObject({ budgetUnits: 420_000, remainingUnits: 100, shareBasisPoints: 6_000 });
    expect(result.english).toBe(
      'category budget (60 % of family H200 for big-tech platforms): 100 of 420,000 units and 1,583,200 of 6,649,440,000 TPP remain; at most 100 units fit',
    );
  });

  it('does not limit a category without a share', () => {
    const input = withInput((i) => {
      i.organisation = { ...i.organisation, category: 'research-institute' };
    });
    const result = ruleOf(evaluate(basePolicy(), input), 'category-budget');
    expect(result.outcome).toBe('pass');
    expect(result.limitUnits).toBeNull();
  });
});

describe('group cap', () => {
  it('a group of one counts only its own grants', () => {
    const input = withInput((i) => {
      i.grants = [grant(199_500, '2026-02-01T00:00:00.000Z')];
      i.fleet = { asOf: '2026-02-15', holdings: [{ itemId: ASCEND.id, installedUnits: 2_000_000 }], domesticUnitsCommitted: 1_000_000 };
    });
    const result = ruleOf(evaluate(basePolicy(), input), 'group-cap');
    expect(result.limitUnits).toBe(500);
    expect(result.english).toBe('group cap (all items): the organisation (a group of one) has been granted 199,500 of 200,000 units this period; at most 500 more units');
    expect(result.chinese).toBe('集团上限（全部型号）：本机构（无其他集团成员）本期已获批 199,500 台（上限 200,000 台）；最多还可批准 500 台');
  });

  it('adds up the grants of every member in the period, and only in the period', () => {
    const input = withInput((i) => {
      i.organisation = { ...i.organisation, parentId: 'org-parent' };
      i.groupMemberIds = ['org-parent', 'org-a', 'org-b'];
      i.grants = [
        grant(100_000, '2026-01-29T00:00:00.000Z', 'org-parent'),
        grant(99_000, '2026-02-10T00:00:00.000Z', 'org-b', H20.id),
        // Before the period: counts for neither the cap nor pairing.
        grant(50_000, '2025-12-20T00:00:00.000Z', 'org-b'),
      ];
    });
    const result = ruleOf(evaluate(basePolicy(), input), 'group-cap');
    expect(result.figures).toMatchObject({ grantedUnits: 199_000, memberCount: 3 });
    expect(result.limitUnits).toBe(1_000);
    expect(result.outcome).toBe('pass');
  });

  it('a cap on one family ignores grants of other families', () => {
    const policy = withPolicy((p) => {
      p.groupCaps = [{ appliesTo: { family: 'H200' }, unitsMax: 10_000 }];
    });
    const input = withInput((i) => {
      i.grants = [grant(9_000, '2026-02-01T00:00:00.000Z', 'org-a', H20.id)];
    });
    expect(ruleOf(evaluate(policy, input), 'group-cap').limitUnits).toBe(10_000);
  });
});

describe('adoption cap', () => {
  it('admits floor((p·D − (q−p)·F) / ((q−p)·t)) units', () => {
    // D = 200,000 × 12,800; F = 50,000 × 2,368; t = 15,832; p/q = 1/2.
    const input = withInput((i) => {
      i.fleet = {
        asOf: '2025-12-31',
        holdings: [
          { itemId: ASCEND.id, installedUnits: 200_000 },
          { itemId: H20.id, installedUnits: 50_000 },
        ],
        domesticUnitsCommitted: 1_000_000,
      };
      i.application = { ...i.application, quantity: 200_000 };
    });
    const domestic = 200_000 * 12_800;
    const foreign = 50_000 * 2_368;
    const expected = Math.floor((5_000 * domestic - 5_000 * foreign) / (5_000 * 15_832));
    const result = ruleOf(evaluate(basePolicy(), input), 'adoption-cap');
    expect(result.limitUnits).toBe(expected);
    expect(result.figures).toMatchObject({ domesticCompute: domestic, foreignCompute: foreign, unitCompute: 15_832 });
    // The limit keeps the share at or under the cap; one more unit would not.
    const share = (units: number) => (foreign + units * 15_832) / (domestic + foreign + units * 15_832);
    expect(share(expected)).toBeLessThanOrEqual(0.5);
    expect(share(expected + 1)).toBeGreaterThan(0.5);
  });

  it('says it as the regulator would, in English and Chinese', () => {
    // Measured in units: D = 100,000, F = 68,800, so at most 31,200 more foreign units keep the
    // share at 50 %; 97,157 requested would make it 62.4 %.
    const policy = withPolicy((p) => {
      p.adoptionCap = { measure: 'units', foreignShareMaxBasisPoints: 5_000 };
      p.domesticPairing = null;
      p.groupCaps = [];
    });
    const input = withInput((i) => {
      i.fleet = {
        asOf: '2025-12-31',
        holdings: [
          { itemId: ASCEND.id, installedUnits: 100_000 },
          { itemId: H20.id, installedUnits: 68_800 },
        ],
        domesticUnitsCommitted: 0,
      };
      i.application = { ...i.application, quantity: 97_157 };
    });
    const result = ruleOf(evaluate(policy, input), 'adoption-cap');
    expect(result.english).toBe('adoption cap: foreign share of units after grant would be 62.4 % (cap 50 %); at most 31,200 units keep it under the cap');
    expect(result.chinese).toBe('采用率上限：授予后外国芯片数量占比将为 62.4%（上限 50%）；最多 31,200 台可保持在上限以内');
  });

  it('with no fleet declared, admits nothing below a cap of 100 %', () => {
    const input = withInput((i) => {
      i.fleet = null;
    });
    const evaluation = evaluate(basePolicy(), input);
    const result = ruleOf(evaluation, 'adoption-cap');
    expect(result.limitUnits).toBe(0);
    expect(result.english).toBe('adoption cap (no fleet declared): foreign share after grant would be 100.0 % (cap 50 %); no unit keeps it within the cap');
    expect(result.chinese).toBe('采用率上限（未申报算力清单）：授予后外国芯片算力占比将为 100.0%（上限 50%）；任何数量都将超出上限');
    expect(evaluation.admissibleUnits).toBe(0);
  });

  it('with zero domestic compute, admits nothing', () => {
    const input = withInput((i) => {
      i.fleet = { asOf: '2025-12-31', holdings: [{ itemId: H20.id, installedUnits: 10 }], domesticUnitsCommitted: 1_000 };
    });
    expect(ruleOf(evaluate(basePolicy(), input), 'adoption-cap').limitUnits).toBe(0);
  });

  it('adds grants made after the declaration, and not those it already includes', () => {
    const fleet = { asOf: '2026-02-15', holdings: [{ itemId: ASCEND.id, installedUnits: 10_000 }], domesticUnitsCommitted: 100_000 };
    const before = withInput((i) => {
      i.fleet = fleet;
      i.grants = [grant(1_000, '2026-02-15T23:00:00.000Z')];
    });
    const after = withInput((i) => {
      i.fleet = fleet;
      i.grants = [grant(1_000, '2026-02-16T00:00:00.000Z')];
    });
    const included = ruleOf(evaluate(basePolicy(), before), 'adoption-cap');
    const added = ruleOf(evaluate(basePolicy(), after), 'adoption-cap');
    expect(included.figures['foreignCompute']).toBe(0);
    expect(added.figures['foreignCompute']).toBe(1_000 * 15_832);
    expect(added.figures['foreignComputeGrantedAfterDeclaration']).toBe(1_000 * 15_832);
    // D = 128,000,000: 8,084 units before; 1,000 fewer once the later grant is counted.
    expect(included.limitUnits).toBe(8_084);
    expect(added.limitUnits).toBe(7_084);
  });

  it('counts only the organisation itself, not other members of its group', () => {
    const input = withInput((i) => {
      i.groupMemberIds = ['org-a', 'org-b'];
      i.grants = [grant(50_000, '2026-02-01T00:00:00.000Z', 'org-b')];
    });
    expect(ruleOf(evaluate(basePolicy(), input), 'adoption-cap').figures['foreignCompute']).toBe(0);
  });

  it('does not limit a domestic item, nor a cap of 100 %', () => {
    const domestic = withInput((i) => {
      i.application = { ...i.application, itemId: ASCEND.id };
      i.fleet = null;
    });
    expect(ruleOf(evaluate(basePolicy(), domestic), 'adoption-cap').limitUnits).toBeNull();
    const whole = withPolicy((p) => {
      p.adoptionCap = { measure: 'tpp', foreignShareMaxBasisPoints: 10_000 };
    });
    expect(ruleOf(evaluate(whole, withInput((i) => (i.fleet = null))), 'adoption-cap').limitUnits).toBeNull();
  });

  it('a cap of 0 admits no foreign unit', () => {
    const policy = withPolicy((p) => {
      p.adoptionCap = { measure: 'tpp', foreignShareMaxBasisPoints: 0 };
    });
    expect(ruleOf(evaluate(policy, baseInput()), 'adoption-cap').limitUnits).toBe(0);
  });

  it('stays exact where the products pass 2^53', () => {
    // p·D = 9,999 × 10^15 is far beyond 2^53 ≈ 9.007 × 10^15.
    const huge: PolicyItem = { ...ASCEND, id: 'huge-domestic', tpp: 1_000_000_000 };
    const policy = withPolicy((p) => {
      p.adoptionCap = { measure: 'tpp', foreignShareMaxBasisPoints: 9_999 };
    });
    const input = withInput((i) => {
      i.items = new Map([...ITEMS, [huge.id, huge]]);
      i.fleet = { asOf: '2025-12-31', holdings: [{ itemId: huge.id, installedUnits: 1_000_000 }], domesticUnitsCommitted: 0 };
    });
    const domestic = 10n ** 15n;
    const expected = (9_999n * domestic) / (1n * 15_832n);
    expect(ruleOf(evaluate(policy, input), 'adoption-cap').limitUnits).toBe(Number(expected));
  });
});

describe('domestic pairing', () => {
  it('admits committed / r less the foreign units already granted in the period', () => {
    const input = withInput((i) => {
      i.fleet = { asOf: '2025-12-31', holdings: [{ itemId: ASCEND.id, installedUnits: 1_000_000 }], domesticUnitsCommitted: 1_000 };
      i.grants = [
        grant(1_500, '2026-02-01T00:00:00.000Z'),
        // A domestic grant is not a foreign unit to pair.
        grant(700, '2026-02-01T00:00:00.000Z', 'org-a', ASCEND.id),
      ];
    });
    const result = ruleOf(evaluate(basePolicy(), input), 'domestic-pairing');
    expect(result.figures).toMatchObject({ foreignUnitsAllowed: 2_000, foreignUnitsGranted: 1_500 });
    expect(result.limitUnits).toBe(500);
    expect(result.english).toBe(
      'domestic pairing: 1,000 domestic units committed allow 2,000 foreign units at 1 domestic per 2 foreign; 1,500 already granted this period, so at most 500 more',
    );
    expect(result.chinese).toBe(
      '国产配套：已承诺采购国产芯片 1,000 台，按每 2 台外国芯片配 1 台国产芯片，可对应外国芯片 2,000 台；本期已获批 1,500 台，最多还可批准 500 台',
    );
  });

  it('rounds a ratio that is not whole down', () => {
    const policy = withPolicy((p) => {
      p.domesticPairing = { domesticUnits: 3, perForeignUnits: 2 };
    });
    const input = withInput((i) => {
      i.fleet = { asOf: '2025-12-31', holdings: [{ itemId: ASCEND.id, installedUnits: 1_000_000 }], domesticUnitsCommitted: 1_000 };
    });
    expect(ruleOf(evaluate(policy, input), 'domestic-pairing').limitUnits).toBe(666);
  });

  it('with no fleet declared, nothing is committed and nothing admitted', () => {
    const input = withInput((i) => {
      i.fleet = null;
    });
    const result = ruleOf(evaluate(basePolicy(), input), 'domestic-pairing');
    expect(result.limitUnits).toBe(0);
    expect(result.english).toContain('no fleet declared');
  });
});

describe('the admissible quantity', () => {
  it('is the smallest limit, and every rule with that limit is marked binding', () => {
    const input = withInput((i) => {
      i.nationalGranted = [{ itemId: H200.id, units: 699_700 }];
      i.categoryGranted = [{ itemId: H200.id, units: 419_700 }];
    });
    const evaluation = evaluate(basePolicy(), input);
    expect(evaluation.admissibleUnits).toBe(300);
    expect(evaluation.rules.filter((result) => result.isBinding).map((result) => result.rule)).toEqual(['national-quota', 'category-budget']);
    expect(evaluation.english).toBe('admissible: 300 of 1,000 units requested; bound by national quota, category budget');
    expect(evaluation.chinese).toBe('可批准数量：申请 1,000 台，可批准 300 台；受国家配额、类别预算约束');
  });

  it('is zero when any rule denies, whatever the limits say', () => {
    const input = withInput((i) => {
      i.application = { ...i.application, endUse: 'military' };
    });
    const evaluation = evaluate(basePolicy(), input);
    expect(evaluation.outcome).toBe('deny');
    expect(evaluation.admissibleUnits).toBe(0);
    expect(evaluation.english).toBe('admissible: 0 of 1,000 units requested; denied by end use');
  });

  it('takes deny over hold over review over limit', () => {
    const policy = withPolicy((p) => {
      p.holds = [hold({})];
    });
    const telecom = withInput((i) => {
      i.organisation = { ...i.organisation, category: 'telecom-operator' };
    });
    expect(evaluate(policy, telecom).outcome).toBe('hold');
    const military = withInput((i) => {
      i.organisation = { ...i.organisation, category: 'telecom-operator' };
      i.application = { ...i.application, endUse: 'military' };
    });
    expect(evaluate(policy, military).outcome).toBe('deny');
  });

  it('without sentences has the same outcomes and numbers, and empty text', () => {
    const input = withInput((i) => {
      i.nationalGranted = [{ itemId: H200.id, units: 699_700 }];
    });
    const full = evaluateApplication(compiled(), input);
    const bare = evaluateApplication(compiled(), input, { withSentences: false });
    const strip = (evaluation: typeof full) => ({
      ...evaluation,
      english: '',
      chinese: '',
      rules: evaluation.rules.map((result) => ({ ...result, english: '', chinese: '' })),
    });
    expect(bare).toEqual(strip(full));
    expect(bare.rules.every((result) => result.english === '' && result.chinese === '')).toBe(true);
    expect(full.rules.every((result) => result.english !== '' && result.chinese !== '')).toBe(true);
  });

  it('carries the policy id and the hash it was compiled with', () => {
    const policy = basePolicy();
    const evaluation = evaluateApplication({ ...compiled(policy), policyHash: 'a'.repeat(64) }, baseInput());
    expect(evaluation.policyId).toBe('test-policy');
    expect(evaluation.policyHash).toBe('a'.repeat(64));
  });
});
