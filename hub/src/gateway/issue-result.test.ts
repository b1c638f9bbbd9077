import { describe, expect, it } from 'vitest';
import { office } from '../domain/test-fixtures.ts';
import { issueResult } from './issue-result.ts';

describe('issueResult', () => {
  it('counts only who is ahead of the ticket: a reprint minutes later does not add the people who came after', () => {
    const o = office();
    o.issue('pagos');
    const mine = o.issue('pagos');
    expect(issueResult(o.state, mine, 'tok', true).peopleAhead).toBe(1);
    for (let i = 0; i < 4; i++) o.issue('pagos');
    expect(issueResult(o.state, mine, 'tok').peopleAhead).toBe(1);
    const a = o.open('a1', 'c1');
    o.callNext(a);
    expect(issueResult(o.state, o.ticket(mine.id), 'tok').peopleAhead).toBe(0);
  });
});
