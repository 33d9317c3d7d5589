/** The web app's closed lists are the server's: a state or reason added there must be added here (and to the messages). */
import { describe, expect, it } from 'vitest';
import { ALLOCATION_METHODS, INNER_ALLOCATION_METHODS } from '../../../src/allocation/allocation-problem.js';
import { EXCLUSION_REASONS, ROUND_STATES } from '../../../src/allocation/round.js';
import { APPLICATION_STATES, DECISIONS, RECOMMENDATION_REASONS } from '../../../src/applications/application.js';
import { LICENCE_STATES } from '../../../src/licensing/licence.js';
import { RULE_NAMES, RULE_OUTCOMES } from '../../../src/policy/evaluation.js';
import { ORGANISATION_CATEGORIES } from '../../../src/registry/organisation.js';
import { RESERVATION_STATES } from '../../../src/shipments/shipment.js';
import { MOVEMENT_KINDS } from '../../../src/shipments/licence-movement.js';
import * as web from './vocabulary';

describe('vocabulary', () => {
  it('matches the server’s lists', () => {
    expect(web.APPLICATION_STATES).toEqual(APPLICATION_STATES);
    expect(web.LICENCE_STATES).toEqual(LICENCE_STATES);
    expect(web.DECISIONS).toEqual(DECISIONS);
    expect(web.RECOMMENDATION_REASONS).toEqual(RECOMMENDATION_REASONS);
    expect(web.CATEGORIES).toEqual(ORGANISATION_CATEGORIES);
    expect(web.RULE_NAMES).toEqual(RULE_NAMES);
    expect(web.RULE_OUTCOMES).toEqual(RULE_OUTCOMES);
    expect(web.ALLOCATION_METHODS).toEqual(ALLOCATION_METHODS);
    expect(web.INNER_ALLOCATION_METHODS).toEqual(INNER_ALLOCATION_METHODS);
    expect(web.ROUND_STATES).toEqual(ROUND_STATES);
    expect(web.EXCLUSION_REASONS).toEqual(EXCLUSION_REASONS);
    expect(web.RESERVATION_STATES).toEqual(RESERVATION_STATES);
    expect(web.MOVEMENT_KINDS).toEqual(MOVEMENT_KINDS);
  });

  it('recognises its own values only', () => {
    expect(web.isCategory('telecom-operator')).toBe(true);
    expect(web.isCategory('__proto__')).toBe(false);
    expect(web.isRuleName('adoption-cap')).toBe(true);
    expect(web.isRole('customs')).toBe(true);
    expect(web.isRole('operator')).toBe(false);
  });
});
