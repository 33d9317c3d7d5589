import { describe, expect, it } from 'vitest';
import { groupAncestors, groupMembers } from './get-evaluation-subject.js';

// A three-level group (head → middle → leaf, and a sibling under the head) and a standalone firm.
const parents = new Map<string, string | null>([
  ['head', null],
  ['middle', 'head'],
  ['leaf', 'middle'],
  ['sibling', 'head'],
  ['standalone', null],
]);

describe('an organisation\'s group', () => {
  it('lists the organisations above it, nearest first, up to the head', () => {
    expect(groupAncestors('leaf', parents)).toEqual(['middle', 'head']);
    expect(groupAncestors('sibling', parents)).toEqual(['head']);
    expect(groupAncestors('head', parents)).toEqual([]);
    expect(groupAncestors('standalone', parents)).toEqual([]);
    expect(groupAncestors('unknown', parents)).toEqual([]);
  });

  it('stops on a cycle instead of looping (updates refuse them; stored data is not trusted blindly)', () => {
    const cyclic = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
    ]);
    expect(groupAncestors('a', cyclic)).toEqual(['b', 'c']);
  });

  it('counts every member of the group, whatever its depth', () => {
    expect(groupMembers('leaf', parents)).toEqual(['head', 'leaf', 'middle', 'sibling']);
    expect(groupMembers('standalone', parents)).toEqual(['standalone']);
  });
});
