import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  BUILTIN_PRESETS,
  addPreset,
  checkPresetName,
  frameFilterOfError,
  normalizeFrameFilters,
  presetApplied,
  readFocusPath,
  readFrameFilters,
  sameFrameFilters,
} from './frameFilters';

const params = (text: string) => {
  const p = new URLSearchParams(text);
  return (key: string) => p.get(key);
};

describe('frame filters in the URL', () => {
  test('the four regexes and a granularity are read as written', () => {
    assert.deepEqual(readFrameFilters(params('focus=main%5C.&ignore=gopark&hide=%5Eruntime&show=.&granularity=lines')), {
      focus: 'main\\.',
      ignore: 'gopark',
      hide: '^runtime',
      show: '.',
      granularity: 'lines',
    });
  });

  test('empty values, the default granularity and unknown granularities are dropped; nothing set reads as undefined', () => {
    assert.equal(readFrameFilters(params('focus=&hide=%20&granularity=functions')), undefined);
    assert.deepEqual(readFrameFilters(params('granularity=bytes&show=x')), { show: 'x' });
  });

  test('a regex longer than the server accepts is dropped on its own', () => {
    assert.deepEqual(readFrameFilters(params(`focus=${'a'.repeat(4097)}&hide=b`)), { hide: 'b' });
  });

  test('focusPath is a JSON array of non-empty names; anything else is dropped', () => {
    assert.deepEqual(readFocusPath('["main.main","main.work"]'), ['main.main', 'main.work']);
    for (const bad of ['', 'main.main', '[]', '["a",""]', '["a",1]', '{"a":1}', '[']) {
      assert.equal(readFocusPath(bad), undefined, bad);
    }
    assert.equal(readFocusPath(null), undefined);
  });
});

describe('presets', () => {
  test('a preset adds its regex as an alternative, once', () => {
    const go = BUILTIN_PRESETS.find((p) => p.name === 'Hide Go runtime and GC')!.filters;
    const node = BUILTIN_PRESETS.find((p) => p.name === 'Hide node_modules')!.filters;
    const one = addPreset(undefined, go);
    assert.deepEqual(one, { hide: '^(internal/)?runtime[./]' });
    const two = addPreset(one, node);
    assert.deepEqual(two, { hide: '^(internal/)?runtime[./]|node_modules' });
    assert.deepEqual(addPreset(two, node), two);
    assert.ok(presetApplied(two, go) && presetApplied(two, node));
    assert.equal(presetApplied(one, node), false);
  });

  test('a preset keeps the other filters and sets its granularity', () => {
    assert.deepEqual(addPreset({ focus: 'main', granularity: 'files' }, { ignore: 'x', granularity: 'lines' }), {
      focus: 'main',
      ignore: 'x',
      granularity: 'lines',
    });
  });

  test('every built-in regex is a valid JavaScript regex too (the server dialect is stricter about nothing they use)', () => {
    for (const preset of BUILTIN_PRESETS) {
      for (const value of Object.values(preset.filters)) {
        assert.doesNotThrow(() => new RegExp(value as string), preset.name);
      }
    }
  });

  test('the idle preset matches the wait frames it names and not ordinary work', () => {
    const idle = new RegExp(BUILTIN_PRESETS.find((p) => p.name.startsWith('Exclude idle'))!.filters.ignore!);
    for (const frame of [
      'runtime.gopark',
      'epoll_wait',
      'jdk/internal/misc/Unsafe.park',
      'java.util.concurrent.locks.LockSupport.parkNanos',
      'java.lang.Object.wait',
    ]) {
      assert.ok(idle.test(frame), frame);
    }
    for (const frame of ['main.work', 'runtime.mallocgc', 'java/util/HashMap.get']) {
      assert.equal(idle.test(frame), false, frame);
    }
  });

  test('a user preset name must be new, non-empty and short', () => {
    assert.equal(checkPresetName('  ', []), 'A preset needs a name');
    assert.equal(checkPresetName('hide node_modules', []), 'A preset named "hide node_modules" exists already');
    assert.equal(checkPresetName('mine', [{ name: 'Mine', filters: {} }]), 'A preset named "mine" exists already');
    assert.equal(checkPresetName('x'.repeat(65), []), 'A preset name has at most 64 characters, not 65');
    assert.equal(checkPresetName('mine', []), undefined);
  });
});

describe('comparing and naming', () => {
  test('empty fields and the default granularity do not make filters differ', () => {
    assert.ok(sameFrameFilters({ focus: '', granularity: 'functions' }, undefined));
    assert.ok(!sameFrameFilters({ hide: 'a' }, { hide: 'b' }));
    assert.deepEqual(normalizeFrameFilters({ focus: 'a', show: '', granularity: 'functions' }), { focus: 'a' });
  });

  test('the field a server refusal names is found in its message', () => {
    assert.equal(frameFilterOfError("parameter 'hide': invalid regular expression '(': …"), 'hide');
    assert.equal(frameFilterOfError("parameter 'granularity': expected one of …"), 'granularity');
    assert.equal(frameFilterOfError("parameter 'focusPath': not a JSON array"), 'focusPath');
    assert.equal(frameFilterOfError("parameter 'from': after 'to'"), undefined);
    assert.equal(frameFilterOfError('the store is not open'), undefined);
  });
});
