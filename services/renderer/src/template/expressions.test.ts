import { describe, expect, it } from 'vitest';
import {
  type EvalWarning,
  evaluateSection,
  evaluateText,
  normaliseQuotes,
  parseExpression,
  TagSyntaxError,
} from './expressions';

const warnings: EvalWarning[] = [];
const ctx = (locale = 'nl-NL', currency: string | undefined = 'EUR') => ({
  locale,
  currency,
  warn: (w: EvalWarning) => warnings.push(w),
});

describe('tag language', () => {
  it('Should resolve dotted paths and the scope itself', () => {
    expect(
      evaluateText(parseExpression('Customer.Name'), { Customer: { Name: 'Fabrikam' } }, ctx()),
    ).toBe('Fabrikam');
    expect(evaluateText(parseExpression('.'), 'item', ctx())).toBe('item');
    expect(evaluateText(parseExpression('this.No'), { No: 7 }, ctx())).toBe('7');
    expect(
      evaluateText(parseExpression('Customer.Email'), { Customer: {} }, ctx()),
    ).toBeUndefined();
    expect(evaluateText(parseExpression('a.b'), { a: null }, ctx())).toBeUndefined();
  });

  it('Should format amounts, numbers, percentages and dates in the document language', () => {
    const data = { Total: 1234.56, Qty: 1500.5, Vat: 0.21, Date: '2026-11-27' };
    expect(evaluateText(parseExpression('Total | currency'), data, ctx())).toBe('€\u00a01.234,56');
    expect(evaluateText(parseExpression('Total | currency:USD'), data, ctx('en-US'))).toBe(
      '$1,234.56',
    );
    expect(evaluateText(parseExpression('Qty | number'), data, ctx())).toBe('1.500,5');
    expect(evaluateText(parseExpression('Qty | number:2'), data, ctx('en-US'))).toBe('1,500.50');
    expect(evaluateText(parseExpression('Vat | percent'), data, ctx())).toBe('21%');
    expect(evaluateText(parseExpression('Date | date'), data, ctx())).toBe('27 nov 2026');
    expect(evaluateText(parseExpression('Date | date:long'), data, ctx('en-GB'))).toBe(
      '27 November 2026',
    );
    expect(
      evaluateText(parseExpression('Total | currency | upper'), { Total: 5 }, ctx('en-US', 'USD')),
    ).toBe('$5.00');
  });

  it('Should read Word smart quotes in filter arguments', () => {
    expect(normaliseQuotes('date:“long”')).toBe('date:"long"');
    expect(
      evaluateText(parseExpression('D | date:“short”'), { D: '2026-01-05' }, ctx('en-US')),
    ).toBe('1/5/26');
  });

  it('Should warn, not fail, on values of the wrong kind', () => {
    warnings.length = 0;
    expect(evaluateText(parseExpression('X | currency'), { X: 'n/a' }, ctx())).toBe('n/a');
    expect(evaluateText(parseExpression('X'), { X: [1, 2] }, ctx())).toBe('');
    expect(
      evaluateText(
        parseExpression('X | currency'),
        { X: 3 },
        { ...ctx('en-US'), currency: undefined },
      ),
    ).toBe('3.00');
    expect(warnings.map((w) => w.code)).toEqual([
      'VALUE_NOT_NUMBER',
      'VALUE_NOT_TEXT',
      'CURRENCY_UNKNOWN',
    ]);
  });

  it('Should clean values: line ends, XML-invalid and marker characters', () => {
    expect(evaluateText(parseExpression('X'), { X: 'a\r\nb\rc\u0000\uE001d' }, ctx())).toBe(
      'a\nb\ncd',
    );
  });

  it('Should return raw values for sections', () => {
    expect(evaluateSection(parseExpression('Lines'), { Lines: [1] })).toEqual([1]);
    expect(evaluateSection(parseExpression('Lines'), { Lines: null })).toBeUndefined();
  });

  it('Should refuse malformed tags with a message naming the tag', () => {
    expect(() => parseExpression('Total | bogus')).toThrow(TagSyntaxError);
    expect(() => parseExpression('Total | bogus')).toThrow(/unknown filter "bogus"/);
    expect(() => parseExpression('Customer..Name')).toThrow(/a field name must follow "\."/);
    expect(() => parseExpression(' ')).toThrow(/field name is missing/);
    expect(() => parseExpression('X | date:weekly')).toThrow(/date expects/);
    expect(() => parseExpression('X | currency:euro')).toThrow(/currency code/);
  });
});

describe('expression conditions (angular-expressions syntax)', () => {
  const text = (tag: string, data: unknown) => evaluateText(parseExpression(tag), data, ctx());
  const show = (tag: string, data: unknown) => evaluateSection(parseExpression(tag), data);

  it('Should compare, combine and calculate', () => {
    const data = { Status: 'Open', Amount: 12.5, Paid: false, Qty: 3, Price: 2.5, Lines: [1, 2] };
    expect(show('Status == "Open"', data)).toBe(true);
    expect(show('Status != "Open"', data)).toBe(false);
    expect(show('Amount > 0 and not Paid', data)).toBe(true);
    expect(show('Amount > 100 || Status === "Open"', data)).toBe(true);
    expect(show('Amount >= 12.5 && Amount <= 13', data)).toBe(true);
    expect(show('Lines.length > 1', data)).toBe(true);
    expect(show('!(Qty % 2 == 1)', data)).toBe(false);
    expect(text('Qty * Price | currency', data)).toBe('€\u00a07,50');
    expect(text('Qty + 1 - 2 * 2', data)).toBe('0');
    expect(text('Paid ? "betaald" : "open"', data)).toBe('open');
    expect(text('Status + " / " + Qty', data)).toBe('Open / 3');
    expect(text('Lines[1]', data)).toBe('2');
    expect(text('Missing + 1', data)).toBe('1');
    expect(text('Missing', data)).toBeUndefined();
  });

  it('Should read every kind of smart quote Word and Dutch AutoCorrect type', () => {
    const data = { Status: 'Open' };
    for (const tag of [
      'Status == “Open”',
      'Status == „Open”',
      'Status == ‚Open’',
      'Status == ‘Open’',
      'Status == «Open»',
      "Status == 'Open'",
    ]) {
      expect(show(tag, data), tag).toBe(true);
    }
    expect(show('Status == "a|b"', { Status: 'a|b' })).toBe(true);
  });

  it('Should look identifiers up from the innermost scope outwards', () => {
    const outer = { Currency: 'EUR', Lines: [{ Amount: 5 }] };
    const item = { Amount: 5 };
    const chain = { list: [outer, item], num: 1 };
    expect(evaluateSection(parseExpression('Amount > 0 and Currency == "EUR"'), item, chain)).toBe(
      true,
    );
  });

  it('Should keep the sandbox: no constructor, no calls, no assignment', () => {
    expect(() => parseExpression('constructor')).toThrow(/"constructor" is not allowed/);
    expect(() => parseExpression('a.constructor.name')).toThrow(/is not allowed/);
    expect(() => parseExpression('a["__proto__"]')).toThrow(/is not allowed/);
    expect(() => parseExpression('Name.toUpperCase()')).toThrow(/functions cannot be called/);
    expect(() => parseExpression('x = 1')).toThrow(/compare with "=="/);
    expect(text('a[k]', { a: {}, k: 'constructor' })).toBeUndefined();
    // Data JavaScript cannot compute with gives no value, never an exception.
    expect(text('a + 1', { a: { toString: 'x' } })).toBeUndefined();
  });

  it('Should name what is supported when an expression is not', () => {
    expect(() => parseExpression('Status == `Open`')).toThrow(TagSyntaxError);
    expect(() => parseExpression('Status == `Open`')).toThrow(/Supported: field names/);
    expect(() => parseExpression('Status == "Open')).toThrow(/no closing "/);
    expect(() => parseExpression('Amount > ')).toThrow(/ends where a value is expected/);
    expect(() => parseExpression('Amount > 0 | upper')).not.toThrow();
  });
});

describe('document language', () => {
  it('Should map Business Central language codes to Intl locales', async () => {
    const { resolveLocale } = await import('./format');
    expect(resolveLocale('NLD')).toBe('nl-NL');
    expect(resolveLocale('enu')).toBe('en-US');
    expect(resolveLocale('DES')).toBe('de-CH');
    expect(resolveLocale('nl-BE')).toBe('nl-BE');
    expect(resolveLocale('not a locale!')).toBe('en-US');
    expect(
      evaluateText(parseExpression('T | currency'), { T: 1234.5 }, ctx(resolveLocale('NLB'))),
    ).toBe('€\u00a01.234,50');
  });
});
