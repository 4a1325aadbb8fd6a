import * as assert from 'node:assert/strict';
import { basename, formatCount, formatLoss, formatMs, formatPercent, formatR, humanizeId, keepTogether } from '../../webview/src/common/format';

describe('formatting', () => {
  it('formats losses with 4 significant digits and tells NaN from missing', () => {
    assert.equal(formatLoss(0.14233001005737128), '0.1423');
    assert.equal(formatLoss(1.1), '1.1');
    assert.equal(formatLoss(0.000012345), '1.23e-5');
    assert.equal(formatLoss(123456), '1.23e+5');
    assert.equal(formatLoss(0), '0');
    assert.equal(formatLoss(undefined), '—');
    assert.equal(formatLoss(null), 'NaN');
    assert.equal(formatLoss(NaN), 'NaN');
    assert.equal(formatLoss(Infinity), '∞');
  });

  it('formats accuracy and r', () => {
    assert.equal(formatPercent(0.95), '95.0%');
    assert.equal(formatPercent(1 / 3), '33.3%');
    assert.equal(formatPercent(null), '—');
    assert.equal(formatR(0.8517893803963721), '0.852');
    assert.equal(formatR(-0.0001), '0.000');
    assert.equal(formatR(undefined), '—');
  });

  it('formats durations', () => {
    assert.equal(formatMs(0.3059), '0.31 ms');
    assert.equal(formatMs(64.958), '65.0 ms');
    assert.equal(formatMs(650.4), '650 ms');
    assert.equal(formatMs(4400.5), '4.40 s');
    assert.equal(formatMs(42_000), '42.0 s');
    assert.equal(formatMs(125_000), '2 min 05 s');
    assert.equal(formatMs(3_780_000), '1 h 03 min');
    assert.equal(formatMs(-1), '—');
  });

  it('formats counts, paths and ids', () => {
    assert.equal(formatCount(10000), '10,000');
    assert.equal(formatCount(1234567.4), '1,234,567');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(-2500), '-2,500');
    assert.equal(basename('/home/l/dudl/many-qwerties.ts'), 'many-qwerties.ts');
    assert.equal(basename('C:\\work\\predict-sugar.ts'), 'predict-sugar.ts');
    assert.equal(humanizeId('many-qwerties'), 'Many qwerties');
    assert.equal(humanizeId('seq_to_class'), 'Seq to class');
  });

  it('keeps a tile value together: no break inside "500 / 500", only after a ±', () => {
    const nbsp = '\u00a0';
    assert.equal(keepTogether('500 / 500'), `500${nbsp}/${nbsp}500`);
    assert.equal(keepTogether('2 min 05 s'), `2${nbsp}min${nbsp}05${nbsp}s`);
    assert.equal(keepTogether('90.8 ± 11.0 %'), `90.8${nbsp}± 11.0${nbsp}%`);
    assert.equal(keepTogether('0.123'), '0.123');
  });
});
