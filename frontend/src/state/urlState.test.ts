import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { anyOf, formatFilters, parseFilters, withLabelValue } from './filters';
import { applyNavigation, defaultViewState, parseViewState, serializeViewState, shareableSearch } from './urlState';
import { selectorOf, type Filter, type ViewState } from './viewState';

const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

describe('URL state round trip', () => {
  const full: ViewState = {
    view: 'diff',
    datasource: 'prod-eu_1',
    profileType: CPU,
    service: 'checkout/api',
    filters: [
      { label: 'pod', op: '=~', value: 'cart-.*|web\\.1' },
      { label: 'region', op: '!=', value: 'eu "west", 1' },
      { label: 'k8s.ns', op: '!~', value: 'kube-.*' },
      { label: 'zone', op: '=', value: '' },
    ],
    range: { from: '1763700000000', to: '1763703600000' },
    groupBy: 'pod',
    maxNodes: 8192,
    search: 'check,^pay',
    baseline: { filters: [{ label: 'pod', op: '=', value: 'a' }], range: { from: 'now-6h', to: 'now-5h' } },
    comparison: { filters: [{ label: 'pod', op: '=~', value: 'b|c' }], range: { from: 'now-1h/h', to: 'now' } },
    frameFilters: { focus: 'main\\.(work|serve)', ignore: 'gopark', hide: '^runtime[./]', show: '.', granularity: 'filefunctions' },
    focusPath: ['main.main', 'main.work "x"'],
    details: 'main.work',
    tree: 'bottom-up',
  };

  test('every field survives serialize → parse', () => {
    assert.deepEqual(parseViewState(serializeViewState(full)), full);
  });

  test('the default state is an empty query string but for the range, and reads back as the default', () => {
    const text = serializeViewState(defaultViewState());
    assert.equal(text, 'from=now-1h&to=now');
    assert.deepEqual(parseViewState(text), defaultViewState());
    assert.deepEqual(parseViewState(''), defaultViewState());
  });

  test("parameters the app does not own (Grafana's orgId) are kept, ours are replaced", () => {
    const text = serializeViewState({ ...defaultViewState(), view: 'labels' }, 'orgId=3&view=service&service=old');
    const params = new URLSearchParams(text);
    assert.equal(params.get('orgId'), '3');
    assert.equal(params.get('view'), 'labels');
    assert.equal(params.get('service'), null);
  });

  test('a quoted UTF-8 label name round-trips', () => {
    const state: ViewState = { ...defaultViewState(), filters: [{ label: 'servicé name', op: '=', value: 'x' }] };
    assert.deepEqual(parseViewState(serializeViewState(state)).filters, state.filters);
  });
});

describe('invalid URL values are dropped with their defaults', () => {
  const parse = (query: string) => parseViewState(query);

  test('an unknown view falls back to All services', () => {
    assert.equal(parse('view=flamegraph').view, 'all-services');
    assert.equal(parse('view=').view, 'all-services');
    assert.equal(parse('view=labels').view, 'labels');
  });

  for (const bad of ['cpu', 'a:b:c:d', 'a:b:c:d:e:f', 'a::c:d:e', ' a:b:c:d:e']) {
    test(`the profile type ${JSON.stringify(bad)} is dropped`, () => {
      assert.equal(parse(new URLSearchParams({ profileType: bad }).toString()).profileType, undefined);
    });
  }

  for (const [from, to] of [
    ['yesterday', 'now'],
    ['now-1h', 'now+'],
    ['12abc', '13'],
    ['now-1x', 'now'],
    ['-5', 'now'],
    ['1e12', 'now'],
    ['2000', '1000'],
  ]) {
    test(`the range ${from} … ${to} is replaced by the default`, () => {
      assert.deepEqual(parse(new URLSearchParams({ from: from!, to: to! }).toString()).range, { from: 'now-1h', to: 'now' });
    });
  }

  test('a range missing one end is the default range', () => {
    assert.deepEqual(parse('from=1000').range, { from: 'now-1h', to: 'now' });
  });

  test('valid relative and absolute ends are kept', () => {
    assert.deepEqual(parse('from=now-7d%2Fd&to=now-1d-2h').range, { from: 'now-7d/d', to: 'now-1d-2h' });
    assert.deepEqual(parse('from=1000&to=1000').range, { from: '1000', to: '1000' });
  });

  for (const bad of ['abc', '0', '-5', '1.5', '1e3', '99999999', '1048577', '']) {
    test(`maxNodes=${JSON.stringify(bad)} is dropped`, () => {
      assert.equal(parse(`maxNodes=${encodeURIComponent(bad)}`).maxNodes, undefined);
    });
  }

  for (const bad of ['a b', 'pod,region', 'x"y', '{pod}', 'a=b', 'tab\there']) {
    test(`groupBy=${JSON.stringify(bad)} is not a label name and is dropped`, () => {
      assert.equal(parse(new URLSearchParams({ groupBy: bad }).toString()).groupBy, undefined);
    });
  }

  test('UTF-8 and dotted label names are kept as group-by', () => {
    assert.equal(parse(new URLSearchParams({ groupBy: 'região' }).toString()).groupBy, 'região');
    assert.equal(parse('groupBy=service.name').groupBy, 'service.name');
  });

  test('maxNodes in range is kept as a number', () => {
    assert.equal(parse('maxNodes=1048576').maxNodes, 1048576);
  });

  test('a data source uid with characters a uid cannot have, and a group-by that is not a label name, are dropped', () => {
    const state = parse(new URLSearchParams({ datasource: '../etc', groupBy: 'a b' }).toString());
    assert.equal(state.datasource, undefined);
    assert.equal(state.groupBy, undefined);
  });

  test('bad matchers are dropped one by one; good ones around them are kept', () => {
    const query = new URLSearchParams({ filters: '{pod=="a", region="eu", zone<>"b", host=~"(", env!~"dev.*", name=x, ="v", tier=~"web"}' });
    assert.deepEqual(parse(query.toString()).filters, [
      { label: 'region', op: '=', value: 'eu' },
      { label: 'env', op: '!~', value: 'dev.*' },
      { label: 'tier', op: '=~', value: 'web' },
    ]);
  });

  test('parseFilters says why each matcher was dropped', () => {
    const { filters, dropped } = parseFilters('{pod=="a", zone<>"b", host=~"(", name=x, a="b" c}');
    assert.deepEqual(filters, []);
    assert.equal(dropped.length, 5);
    assert.match(dropped[0]!, /pod==.*unknown operator after "pod"/);
    assert.match(dropped[1]!, /zone<>.*unknown operator/);
    assert.match(dropped[2]!, /host=~.*not a valid regular expression/);
    assert.match(dropped[3]!, /name=x.*double-quoted/);
    assert.match(dropped[4]!, /unexpected text after the value/);
  });

  test('filters without braces are dropped entirely, with the reason', () => {
    assert.deepEqual(parseFilters('pod="a"'), { filters: [], dropped: ['"pod=\\"a\\"": expected {label="value", …}'] });
    assert.deepEqual(parse('filters=pod%3D%22a%22').filters, []);
  });

  test('a comma inside a quoted value does not split the matcher', () => {
    assert.deepEqual(parseFilters('{msg="a, b", x!="y"}').filters, [
      { label: 'msg', op: '=', value: 'a, b' },
      { label: 'x', op: '!=', value: 'y' },
    ]);
  });

  test('comparison sides with a broken range take the main range', () => {
    const state = parse('from=now-3h&to=now&baselineFilters=%7Bpod%3D%22a%22%7D&baselineFrom=x&baselineTo=now');
    assert.deepEqual(state.baseline, { filters: [{ label: 'pod', op: '=', value: 'a' }], range: { from: 'now-3h', to: 'now' } });
    assert.equal(state.comparison, undefined);
  });
});

describe("reset rules (Explore Profiles')", () => {
  const start: ViewState = {
    view: 'labels',
    datasource: 'embedded',
    profileType: CPU,
    service: 'checkout',
    filters: [{ label: 'pod', op: '=', value: 'a' }],
    range: { from: 'now-1h', to: 'now' },
    groupBy: 'pod',
    search: 'chk',
  };

  test('changing the data source clears the filters', () => {
    const next = applyNavigation(start, { datasource: 'prod' });
    assert.deepEqual(next.filters, []);
    assert.equal(next.groupBy, 'pod', 'same view: the group-by stays');
  });

  test('changing the service clears the filters and the comparison sides', () => {
    const withSides = { ...start, view: 'diff' as const, baseline: { filters: [], range: start.range }, comparison: { filters: [], range: start.range } };
    const next = applyNavigation(withSides, { service: 'cart' });
    assert.deepEqual(next.filters, []);
    assert.equal(next.baseline, undefined);
    assert.equal(next.comparison, undefined);
    assert.equal(next.service, 'cart');
  });

  test('re-selecting the same service or data source keeps the filters', () => {
    assert.deepEqual(applyNavigation(start, { service: 'checkout', datasource: 'embedded' }).filters, start.filters);
  });

  test('a patch that sets filters with a new service wins over the reset', () => {
    const filters: Filter[] = [{ label: 'region', op: '=', value: 'eu' }];
    assert.deepEqual(applyNavigation(start, { service: 'cart', filters }).filters, filters);
  });

  test('switching view resets the quick search and the group-by, and keeps the filters', () => {
    const next = applyNavigation(start, { view: 'service' });
    assert.equal(next.search, undefined);
    assert.equal(next.groupBy, undefined);
    assert.deepEqual(next.filters, start.filters);
    assert.ok(!('search' in next) && !('groupBy' in next), 'reset keys are removed, not left undefined');
  });

  test('staying on the same view keeps search and group-by', () => {
    const next = applyNavigation(start, { range: { from: '1', to: '2' } });
    assert.equal(next.search, 'chk');
    assert.equal(next.groupBy, 'pod');
  });

  test('going to diff with both sides keeps them; leaving diff drops them', () => {
    const side = { filters: [{ label: 'pod', op: '=' as const, value: 'a' }], range: start.range };
    const diff = applyNavigation(start, { view: 'diff', baseline: side, comparison: side });
    assert.deepEqual(diff.baseline, side);
    const back = applyNavigation(diff, { view: 'labels' });
    assert.equal(back.baseline, undefined);
    assert.equal(back.comparison, undefined);
  });
});

describe('selector and filter building', () => {
  test('selectorOf puts the service first and quotes values', () => {
    assert.equal(selectorOf('checkout', [{ label: 'pod', op: '=~', value: 'a|b' }]), '{service_name="checkout", pod=~"a|b"}');
    assert.equal(selectorOf(undefined, []), '{}');
    assert.equal(selectorOf(undefined, [{ label: 'my label', op: '!=', value: 'say "hi"' }]), '{"my label"!="say \\"hi\\""}');
  });

  test('the URL form of filters is the selector without the service', () => {
    const filters: Filter[] = [{ label: 'pod', op: '!~', value: 'x' }];
    assert.equal(formatFilters(filters), selectorOf(undefined, filters));
  });

  test('include widens = to =~ with escaped values, and does not repeat a value', () => {
    let filters = withLabelValue([], 'pod', 'cart.1', 'include');
    assert.deepEqual(filters, [{ label: 'pod', op: '=', value: 'cart.1' }]);
    filters = withLabelValue(filters, 'pod', 'web(2)', 'include');
    assert.deepEqual(filters, [{ label: 'pod', op: '=~', value: 'cart\\.1|web\\(2\\)' }]);
    assert.deepEqual(withLabelValue(filters, 'pod', 'web(2)', 'include'), filters);
  });

  test('exclude gathers in !~ and removes an include of the same value', () => {
    let filters = withLabelValue([{ label: 'pod', op: '=', value: 'a' }], 'region', 'eu', 'exclude');
    filters = withLabelValue(filters, 'region', 'us', 'exclude');
    assert.deepEqual(filters, [
      { label: 'pod', op: '=', value: 'a' },
      { label: 'region', op: '!~', value: 'eu|us' },
    ]);
    assert.deepEqual(withLabelValue([{ label: 'pod', op: '=', value: 'a' }], 'pod', 'a', 'exclude'), [{ label: 'pod', op: '!=', value: 'a' }]);
  });

  test('anyOf selects one value with = and several with an anchored-safe alternation', () => {
    assert.deepEqual(anyOf('pod', ['a']), { label: 'pod', op: '=', value: 'a' });
    assert.deepEqual(anyOf('pod', ['a+', 'b']), { label: 'pod', op: '=~', value: 'a\\+|b' });
    assert.ok(new RegExp(`^(?:${anyOf('pod', ['a+', 'b']).value})$`).test('a+'));
  });
});

describe('share link', () => {
  test('relative times become the ms they resolve to; everything else is kept', () => {
    const state: ViewState = { ...defaultViewState(), view: 'labels', service: 'checkout', groupBy: 'pod' };
    const params = new URLSearchParams(shareableSearch(state, { from: 1000.7, to: 2000.2 }, 'orgId=2'));
    assert.equal(params.get('from'), '1000');
    assert.equal(params.get('to'), '2001');
    assert.equal(params.get('groupBy'), 'pod');
    assert.equal(params.get('orgId'), '2');
  });

  test('an absolute range is shared as it is', () => {
    const state: ViewState = { ...defaultViewState(), range: { from: '5', to: '9' } };
    assert.equal(new URLSearchParams(shareableSearch(state, { from: 5, to: 9 })).get('from'), '5');
  });

  test('a comparison side on the main range moves with it, a side with its own relative range is kept', () => {
    const state: ViewState = {
      ...defaultViewState(),
      view: 'diff',
      baseline: { filters: [], range: { from: 'now-1h', to: 'now' } },
      comparison: { filters: [], range: { from: 'now-2d', to: 'now-1d' } },
    };
    const params = new URLSearchParams(shareableSearch(state, { from: 100, to: 200 }));
    assert.equal(params.get('baselineFrom'), '100');
    assert.equal(params.get('comparisonFrom'), 'now-2d');
  });
});

describe('frame filters, focus path, details and call tree in the URL', () => {
  const base: ViewState = { ...defaultViewState(), view: 'flame-graph', profileType: CPU, service: 'checkout' };

  test('written under their own names, read back', () => {
    const text = serializeViewState({ ...base, frameFilters: { hide: '^runtime' }, focusPath: ['main'], details: 'work', tree: 'top-down' });
    const params = new URLSearchParams(text);
    assert.equal(params.get('hide'), '^runtime');
    assert.equal(params.get('focusPath'), '["main"]');
    assert.equal(params.get('details'), 'work');
    assert.equal(params.get('tree'), 'top-down');
  });

  test('a bad focus path or call-tree direction is dropped with its default', () => {
    const state = parseViewState('view=flame-graph&focusPath=main&tree=sideways&hide=x');
    assert.equal(state.focusPath, undefined);
    assert.equal(state.tree, undefined);
    assert.deepEqual(state.frameFilters, { hide: 'x' });
  });

  test('another service or profile type clears the focus path and the drawer, keeps the frame filters', () => {
    const current: ViewState = { ...base, frameFilters: { hide: 'x' }, focusPath: ['main'], details: 'work', tree: 'top-down' };
    for (const patch of [{ service: 'cart' }, { profileType: 'memory:alloc_space:bytes:space:bytes' }]) {
      const next = applyNavigation(current, patch);
      assert.equal(next.focusPath, undefined);
      assert.equal(next.details, undefined);
      assert.deepEqual(next.frameFilters, { hide: 'x' });
      assert.equal(next.tree, 'top-down');
    }
  });

  test('another view also leaves the call tree; another granularity clears the focus path', () => {
    const current: ViewState = { ...base, frameFilters: { hide: 'x' }, focusPath: ['main'], details: 'work', tree: 'top-down' };
    assert.equal(applyNavigation(current, { view: 'diff' }).tree, undefined);
    const regrained = applyNavigation(current, { frameFilters: { hide: 'x', granularity: 'lines' } });
    assert.equal(regrained.focusPath, undefined);
    assert.equal(regrained.tree, 'top-down');
    const refiltered = applyNavigation(current, { frameFilters: { hide: 'y' } });
    assert.deepEqual(refiltered.focusPath, ['main'], 'a new regex keeps the focus');
  });

  test('clearing every filter removes frameFilters from the state', () => {
    assert.equal('frameFilters' in applyNavigation({ ...base, frameFilters: { hide: 'x' } }, { frameFilters: {} }), false);
  });
});
