import { describe, expect, it } from 'vitest';
import { parseChanges } from './audit/changes';
import { moveItem } from './contacts/reorder';
import { telHref } from '../components/ContactCard';

describe('reordering contacts', () => {
  it('moves an item up or down by one place', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
  });

  it('does nothing past either end, and never mutates its input', () => {
    const list = ['a', 'b'];
    expect(moveItem(list, 0, -1)).toEqual(['a', 'b']);
    expect(moveItem(list, 1, 1)).toEqual(['a', 'b']);
    expect(list).toEqual(['a', 'b']);
  });
});

describe('audit changes', () => {
  it('reads {field: {from, to}}', () => {
    expect(parseChanges({ email: { from: 'a@x.tw', to: null }, isPublic: { from: true, to: false } })).toEqual([
      { field: 'email', from: 'a@x.tw', to: '∅' },
      { field: 'isPublic', from: 'true', to: 'false' },
    ]);
  });

  it('reads plain values and nothing', () => {
    expect(parseChanges({ login: 'new-user' })).toEqual([{ field: 'login', from: '', to: 'new-user' }]);
    expect(parseChanges(null)).toEqual([]);
  });
});

describe('telephone links', () => {
  it('dials the number, then the extension', () => {
    expect(telHref('02-2720-8889', '1234')).toBe('tel:0227208889,1234');
    expect(telHref('+886 2 2720 8889')).toBe('tel:+886227208889');
  });
});
