import type { Figure } from './figure.js';

const COLUMNS = [
  ['figure', 'Figure'],
  ['against', 'Against'],
  ['ours', 'Ours'],
  ['theirs', 'Theirs'],
  ['ratio', 'Ratio'],
  ['target', 'Target'],
  ['verdict', 'Result'],
] as const;

function cell(figure: Figure, column: (typeof COLUMNS)[number][0]): string {
  if (column === 'ratio') {
    if (figure.ratio === undefined) return '';
    const quartiles = figure.ratioQuartiles;
    const spread =
      quartiles === undefined
        ? []
        : [`middle half ${quartiles[0].toFixed(2)}–${quartiles[1].toFixed(2)}`];
    const wall = figure.wallRatio === undefined ? [] : [`wall ${figure.wallRatio.toFixed(2)}×`];
    const beside = [...spread, ...wall];
    return `${figure.ratio.toFixed(2)}×${beside.length === 0 ? '' : ` (${beside.join(', ')})`}`;
  }
  return figure[column];
}

/** The figures as an aligned plain-text table, then the ratio definitions and notes. */
export function formatTable(figures: readonly Figure[]): string {
  const widths = COLUMNS.map(([key, title]) =>
    Math.max(title.length, ...figures.map((figure) => cell(figure, key).length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  const rows = [
    line(COLUMNS.map(([, title]) => title)),
    line(widths.map((width) => '-'.repeat(width))),
  ];
  let previous = '';
  for (const figure of figures) {
    const values = COLUMNS.map(([key]) => cell(figure, key));
    // The figure's name once per group keeps the table readable.
    if (figure.figure === previous) values[0] = '';
    previous = figure.figure;
    rows.push(line(values));
  }
  const meanings = new Set(
    figures.flatMap((figure) =>
      figure.ratioMeaning === undefined ? [] : [`${figure.figure}: ratio = ${figure.ratioMeaning}`],
    ),
  );
  const notes = figures.flatMap((figure) =>
    figure.note === undefined ? [] : [`${figure.figure} (${figure.against}): ${figure.note}`],
  );
  const spread = figures.some((figure) => figure.ratioQuartiles !== undefined)
    ? [
        'middle half: the 25th to 75th percentile of the per-round ratios (CPU time), the spread of this run; the ratio shown is their median.',
      ]
    : [];
  return [...rows, '', ...meanings, ...spread, ...(notes.length === 0 ? [] : ['', ...notes])].join(
    '\n',
  );
}
