import type { Actor } from '@fiu/core';
import { allowedActions } from './dissemination-rows';

const staff = (id: string, role: string): Actor => ({ type: 'staff', id, name: id, role });
const allowed = { allowed: true };

describe('allowedActions', () => {
  it('never offers the author approve or reject, whatever their role', () => {
    expect(allowedActions(staff('s1', 'supervisor'), { status: 'draft', author_id: 's1' }, allowed)).toEqual(['preview']);
    expect(allowedActions(staff('s2', 'supervisor'), { status: 'draft', author_id: 's1' }, allowed)).toEqual(['preview', 'approve', 'reject']);
  });

  it('offers analysts no decision, and approve only once every partner consented', () => {
    expect(allowedActions(staff('a1', 'analyst'), { status: 'draft', author_id: 's1' }, allowed)).toEqual(['preview']);
    expect(allowedActions(staff('s2', 'supervisor'), { status: 'draft', author_id: 's1' }, { allowed: false })).toEqual(['preview', 'reject']);
  });

  it('offers issue once approved and the download once issued', () => {
    expect(allowedActions(staff('a1', 'analyst'), { status: 'approved', author_id: 'a1' }, allowed)).toEqual(['preview', 'issue']);
    expect(allowedActions(staff('a1', 'analyst'), { status: 'issued', author_id: 'a1' }, allowed)).toEqual(['preview', 'download']);
  });
});
