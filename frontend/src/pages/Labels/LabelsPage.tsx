import { Button, EmptyState, useStyles2 } from '@grafana/ui';
import React from 'react';

import { getGridStyles } from '../../components/gridStyles';
import { Panel } from '../../components/Panel';
import { RemoteContent } from '../../components/RemoteContent';
import { useExplore } from '../../explore/ExploreContext';
import { formatValue } from '../../components/format';
import { useRemote } from '../../state/useRemote';
import { selectorOf, type ViewProps } from '../../state/viewState';
import type { LabelSummary } from '../../api/wire';
import { GroupBySelector } from './GroupBySelector';
import { LabelBreakdown } from './LabelBreakdown';

/**
 * Labels: the service's labels by cardinality. Without a group-by label, a summary per label (its
 * top values); with one, a row per value (LabelBreakdown).
 */
export function LabelsPage(props: ViewProps) {
  const { state, navigate } = props;
  // service_name is fixed on this view (one service), so it is never offered as a breakdown.
  const { api, range, refreshKey, profileTypes } = useExplore();
  const styles = useStyles2(getGridStyles);
  const { service, profileType } = state;
  const selector = selectorOf(service, state.filters);
  const [remote, retry] = useRemote(
    (signal) =>
      service === undefined || profileType === undefined
        ? Promise.resolve(null)
        : api.labels({ datasource: state.datasource, range, profileType, selector }, signal),
    [api, state.datasource, range.from, range.to, profileType, selector, refreshKey]
  );

  if (service === undefined || profileType === undefined) {
    return (
      <EmptyState variant="call-to-action" message="Choose a service" hideImage>
        Pick a service and a profile type above to break it down by label.
      </EmptyState>
    );
  }
  const unit = profileTypes.get(profileType)?.unit ?? 'short';
  return (
    <RemoteContent
      remote={remote}
      retry={retry}
      isEmpty={(data) => data === null || data.labels.length === 0}
      loadingText={`Loading the labels of ${service}…`}
      empty={`${service} has no labels for this profile type in this time range`}
      emptyHint="Widen the time range, or pick another profile type in the toolbar."
    >
      {(data) => (
        <>
          <div className={styles.bar}>
            <GroupBySelector
              labels={data!.labels.filter((l) => l.name !== 'service_name')}
              value={state.groupBy}
              onChange={(groupBy) => navigate({ groupBy })}
            />
          </div>
          {state.groupBy === undefined ? (
            <div className={styles.grid} data-testid="label-summaries">
              {data!.labels
                .filter((l) => l.name !== 'service_name')
                .map((label) => (
                  <LabelSummaryPanel key={label.name} label={label} unit={unit} onSelect={() => navigate({ groupBy: label.name })} />
                ))}
            </div>
          ) : (
            <LabelBreakdown key={state.groupBy} {...props} label={state.groupBy} unit={unit} />
          )}
        </>
      )}
    </RemoteContent>
  );
}

function LabelSummaryPanel({ label, unit, onSelect }: { label: LabelSummary; unit: string; onSelect: () => void }) {
  const styles = useStyles2(getGridStyles);
  const top = label.values[0]?.total ?? 0;
  return (
    <Panel
      testId={`label-summary-${label.name}`}
      title={label.name}
      info={`${label.cardinality} value${label.cardinality === 1 ? '' : 's'}`}
      actions={
        <Button size="sm" variant="secondary" fill="text" onClick={onSelect}>
          Select
        </Button>
      }
    >
      <table style={{ width: '100%' }}>
        <tbody>
          {label.values.map((v) => (
            <tr key={v.value}>
              <td style={{ width: '45%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', maxWidth: 0 }}>
                {v.value === '' ? '(no value)' : v.value}
              </td>
              <td style={{ width: '35%' }}>
                <div style={{ height: 6, width: `${top > 0 ? (v.total / top) * 100 : 0}%`, background: 'currentColor', opacity: 0.5 }} />
              </td>
              <td className={styles.muted} style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                {formatValue(v.total, unit)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
