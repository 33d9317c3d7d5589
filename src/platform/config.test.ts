import { describe, expect, it } from 'vitest';
import { readConfig, VERIFY_RATE_LIMIT_BURST_DEFAULT, VERIFY_RATE_LIMIT_PER_SECOND_DEFAULT } from './config.js';

describe('readConfig', () => {
  it('keeps the production limit of the public licence check when nothing is set', () => {
    expect(readConfig({}).verifyRateLimit).toEqual({ burst: 60, perSecond: 1 });
    expect({ burst: VERIFY_RATE_LIMIT_BURST_DEFAULT, perSecond: VERIFY_RATE_LIMIT_PER_SECOND_DEFAULT }).toEqual({ burst: 60, perSecond: 1 });
  });

  it('reads the limit of the public licence check from the environment', () => {
    expect(readConfig({ GATEHOUSE_VERIFY_RATE_LIMIT_BURST: '500', GATEHOUSE_VERIFY_RATE_LIMIT_PER_SECOND: ' 20 ' }).verifyRateLimit).toEqual({ burst: 500, perSecond: 20 });
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => readConfig({ GATEHOUSE_VERIFY_RATE_LIMIT_BURST: '0' })).toThrow(/GATEHOUSE_VERIFY_RATE_LIMIT_BURST must be a whole number ≥ 1/);
    expect(() => readConfig({ GATEHOUSE_VERIFY_RATE_LIMIT_PER_SECOND: '0.5' })).toThrow(/GATEHOUSE_VERIFY_RATE_LIMIT_PER_SECOND/);
    expect(() => readConfig({ GATEHOUSE_VERIFY_RATE_LIMIT_PER_SECOND: 'lots' })).toThrow(/GATEHOUSE_VERIFY_RATE_LIMIT_PER_SECOND/);
  });
});
