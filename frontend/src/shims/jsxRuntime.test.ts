import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';

import React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

import { Fragment, jsx, jsxs } from './jsxRuntime';

// React's development build runs here (no NODE_ENV=production), so its key warnings are live.
let errors: string[] = [];
const original = console.error;
beforeEach(() => {
  errors = [];
  console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
});
afterEach(() => {
  console.error = original;
});

describe('the createElement JSX runtime', () => {
  test('renders what the automatic runtime would, keys and fragments included', () => {
    const element = jsxs('ul', { className: 'x', children: [jsx('li', { children: 'a' }, 'k1'), jsx('li', { children: 'b' }, 'k2')] });
    assert.equal(renderToStaticMarkup(element), '<ul class="x"><li>a</li><li>b</li></ul>');
    assert.equal(jsx('li', {}, 'k').key, 'k');
    assert.equal(renderToStaticMarkup(jsxs(Fragment, { children: [jsx('i', {}), 'text'] })), '<i></i>text');
  });

  test('static children (jsxs) need no keys', () => {
    renderToStaticMarkup(jsxs('div', { children: [jsx('span', {}), jsx('b', {})] }));
    assert.deepEqual(errors, []);
  });

  test('a dynamic list (jsx with an array) still asks for keys, as React does', () => {
    renderToStaticMarkup(jsx('div', { children: [jsx('span', {}), jsx('b', {})] }));
    assert.ok(
      errors.some((e) => e.includes('unique "key" prop')),
      `expected React's key warning, got ${JSON.stringify(errors)}`
    );
  });

  test('a single child passes through props', () => {
    assert.equal(renderToStaticMarkup(jsx('p', { children: jsx('em', { children: 'hi' }) })), '<p><em>hi</em></p>');
    assert.equal(React.isValidElement(jsx('p', {})), true);
  });
});
