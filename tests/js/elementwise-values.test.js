// activate / derivative values of every elementwise activation against the
// PyTorch float64 fixture, for both builds.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, loadBuild } from './helpers/builds.js';
import { elementwiseGroups } from './helpers/fixtures.js';
import { fixtureTolerance, withinTolerance } from './helpers/tolerance.js';

const groups = elementwiseGroups();

// Fixture points of one group where ours differs from torch beyond tolerance.
function mismatches(group, part, values) {
  const bad = [];
  group.rows.forEach((row, i) => {
    const { rel, abs } = fixtureTolerance(group.id, part, row.x);
    if (!withinTolerance(values[i], row[part], rel, abs)) {
      bad.push(`line ${row.line}: x=${row.x} ${part} ours=${values[i]} torch=${row[part]}`);
    }
  });
  return bad;
}

describe.each(BUILDS)('elementwise values match PyTorch (%s build)', (build) => {
  let lab;
  beforeAll(async () => {
    lab = await loadBuild(build);
  });

  it('covers every catalogue activation', () => {
    const fixtureIds = new Set(groups.map((g) => g.id));
    expect(lab.catalog.activations.map((a) => a.id).filter((id) => !fixtureIds.has(id))).toEqual([]);
  });

  describe.each(groups.map((g) => [`${g.id} (${g.paramsText})`, g]))('%s', (_, group) => {
    const x = Float32Array.from(group.rows, (row) => row.x);

    it('activate matches f', () => {
      expect(mismatches(group, 'f', lab.activate(group.id, x, group.params))).toEqual([]);
    });

    it('derivative matches df', () => {
      expect(mismatches(group, 'df', lab.derivative(group.id, x, group.params))).toEqual([]);
    });
  });
});
