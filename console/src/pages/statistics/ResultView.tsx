// A completed request's published table and its bar chart. A null measure cell is
// suppressed by disclosure control: it shows ＊ with its reason (a tooltip, and words for
// screen readers), never 0; rows of totals are set apart. The chart (inline SVG, no
// library) draws the first measure by the table's rows, totals left out, suppressed rows
// as hatched stubs marked 不公開.
import { useId } from 'react';
import { useI18n } from '../../i18n';
import { CHART, cellView, chartModel, SUPPRESSED_MARK, type ChartModel, type StatisticsResult } from './model';
import { useElementWidth } from './parts';

export function ResultTable({ result }: { result: StatisticsResult }) {
  const { t } = useI18n();
  const captionId = useId();
  const reason = t('stats.suppressedReason', { k: result.k });
  return (
    <>
      <div className="table-card card result-table-card">
        <table className="data-table result-table" aria-describedby={`${captionId}-note`} data-testid="result-table">
          <caption className="sr-only">{t('stats.resultCaption')}</caption>
          <thead>
            <tr>
              {result.columns.map((c) => (
                <th key={c.key} scope="col" className={c.kind === 'MEASURE' ? 'numeric' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row, r) => (
              <tr key={r} className={row.total ? 'result-total' : undefined} data-testid="result-row" data-total={row.total ? 'true' : 'false'}>
                {result.columns.map((c, i) => {
                  const view = cellView(row.cells[i], c);
                  if (view.kind === 'dimension') {
                    return i === 0 ? (
                      <th key={c.key} scope="row" data-label={c.label}>
                        {view.text}
                      </th>
                    ) : (
                      <td key={c.key} data-label={c.label}>
                        {view.text}
                      </td>
                    );
                  }
                  if (view.kind === 'suppressed') {
                    return (
                      <td key={c.key} data-label={c.label} className="numeric cell-suppressed" data-suppressed="true" title={reason}>
                        <span aria-hidden="true">{SUPPRESSED_MARK}</span>
                        <span className="sr-only">{t('stats.suppressedCell', { k: result.k })}</span>
                      </td>
                    );
                  }
                  return (
                    <td key={c.key} data-label={c.label} className="numeric" data-suppressed="false">
                      {view.text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted result-note" id={`${captionId}-note`} data-testid="result-note">
        <span aria-hidden="true" className="suppressed-key">
          {SUPPRESSED_MARK}
        </span>{' '}
        {t('stats.suppressedNote', { k: result.k, n: result.suppressed })}
      </p>
    </>
  );
}

/** The bar chart, laid out for the width it has (text stays readable on a phone). */
export function ResultChart({ result }: { result: StatisticsResult }) {
  const { t } = useI18n();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const model = chartModel(result, width ?? 640);
  return (
    <div ref={ref} className="result-chart" data-testid="result-chart">
      {!model ? (
        <p className="muted small" data-testid="chart-none">
          {t('stats.chartNone')}
        </p>
      ) : (
        <ChartSvg model={model} k={result.k} />
      )}
    </div>
  );
}

function ChartSvg({ model, k }: { model: ChartModel; k: number }) {
  const { t } = useI18n();
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const hatch = `hatch-${id}`;
  const suppressed = t('stats.chartSuppressed', { k });
  return (
    <figure className="chart-figure">
      <figcaption id={`${id}-caption`} className="chart-caption">
        {t('stats.chartTitle', { measure: model.measure })}
      </figcaption>
      {model.allSuppressed && (
        <p className="alert alert-warning small" data-testid="chart-all-suppressed">
          {t('stats.chartAllSuppressed', { k })}
        </p>
      )}
      <svg
        className="chart"
        width={model.width}
        height={model.height}
        viewBox={`0 0 ${model.width} ${model.height}`}
        role="img"
        aria-labelledby={`${id}-caption ${id}-desc`}
        data-testid="chart-svg"
      >
        <desc id={`${id}-desc`}>{t('stats.chartDesc')}</desc>
        <defs>
          <pattern id={hatch} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="6" className="chart-hatch-line" strokeWidth="2" />
          </pattern>
        </defs>
        {!model.allSuppressed &&
          model.ticks.map((tick) => (
          <g key={tick.value} className="chart-tick">
            <line x1={tick.x} x2={tick.x} y1={0} y2={model.axisY} className="chart-grid" />
            <text x={tick.x} y={model.axisY + 16} textAnchor={tick.x < 8 ? 'start' : 'middle'} className="chart-axis-text">
              {tick.text}
            </text>
          </g>
          ))}
        {model.bars.map((bar, i) => {
          const barY = bar.y + CHART.labelHeight + 4;
          return (
            <g key={i} data-testid="chart-bar" data-suppressed={bar.value === null ? 'true' : 'false'} data-value={bar.value ?? ''}>
              <title>{bar.value === null ? `${bar.label}：${suppressed}` : `${bar.label}：${bar.text}`}</title>
              <text x={model.plotX} y={bar.y + 14} className="chart-label">
                {bar.label}
              </text>
              {bar.value === null ? (
                <>
                  <rect x={model.plotX} y={barY} width={CHART.suppressedWidth} height={CHART.barHeight} fill={`url(#${hatch})`} className="chart-bar-suppressed" />
                  <text x={model.plotX + CHART.suppressedWidth + 6} y={barY + 13} className="chart-value chart-value-suppressed">
                    {SUPPRESSED_MARK} {suppressed}
                  </text>
                </>
              ) : (
                <>
                  <rect x={model.plotX} y={barY} width={bar.length} height={CHART.barHeight} className="chart-bar" />
                  <text x={model.plotX + bar.length + 6} y={barY + 13} className="chart-value">
                    {bar.text}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
      {model.omitted > 0 && <p className="small muted">{t('stats.chartOmitted', { shown: model.bars.length, omitted: model.omitted })}</p>}
    </figure>
  );
}
