import { describe, expect, it } from 'vitest';
import { href, matchRoute, ROUTES, type RouteName } from './routes';

describe('the route table', () => {
  it('builds every link so that the router shows its page again', () => {
    for (const name of Object.keys(ROUTES) as RouteName[]) {
      const params = Object.fromEntries([...ROUTES[name].path.matchAll(/:(\w+)/g)].map((m) => [m[1], 'a b/ü']));
      const link = href(name, params as never);
      const m = matchRoute(link);
      // An earlier route with a fixed segment may take it (`/manage/statistics/new`), never a later one.
      expect(m?.params ?? null, link).toEqual(params);
      expect(Object.keys(ROUTES).indexOf(m?.name ?? ''), link).toBeLessThanOrEqual(Object.keys(ROUTES).indexOf(name));
    }
  });

  it('encodes parameters and the query, leaving out empty values', () => {
    expect(href('course', { id: 'a/b' })).toBe('/courses/a%2Fb');
    expect(href('units', {}, { within: '63000', q: '' })).toBe('/manage/units?within=63000');
    expect(href('courses', {}, 'county=63000')).toBe('/courses?county=63000');
    expect(href('myHours', {}, { schoolYear: 115 })).toBe('/my/hours?schoolYear=115');
  });

  it('finds the page and its menu entry of a path with a query', () => {
    expect(matchRoute('/manage/units/63000/contacts?x=1')).toEqual({ name: 'contacts', params: { code: '63000' }, query: 'x=1', nav: 'contacts' });
    expect(matchRoute('/manage/statistics/new')?.name).toBe('newStatistics');
    expect(matchRoute('/manage/statistics/0a1b')?.name).toBe('statisticsRequest');
    expect(matchRoute('/nowhere')).toBeNull();
  });
});
