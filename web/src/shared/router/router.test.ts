import { describe, expect, it } from 'vitest';
import { matchPath } from './router';

describe('matchPath', () => {
  it('matches literal segments and reads parameters', () => {
    expect(matchPath('/review', '/review')).toEqual({});
    expect(matchPath('/applications/:id', '/applications/019b-abc')).toEqual({ id: '019b-abc' });
    expect(matchPath('/licences/:id', '/licences/a%20b')).toEqual({ id: 'a b' });
  });

  it('refuses other lengths, other segments and malformed escapes', () => {
    expect(matchPath('/applications/:id', '/applications')).toBeNull();
    expect(matchPath('/applications/:id', '/applications/1/timeline')).toBeNull();
    expect(matchPath('/portal/new', '/portal/fleet')).toBeNull();
    expect(matchPath('/licences/:id', '/licences/%E0%A4%A')).toBeNull();
  });
});
