import { Badge, Button, Drawer, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import React from 'react';

import type { Selection } from '../api/client';
import { useApi } from '../api/useApi';
import type { FunctionDetailsResponse, FunctionLine, FunctionNeighbour } from '../api/wire';
import { formatPercent, formatValue } from '../components/format';
import { RemoteContent } from '../components/RemoteContent';
import { getTableStyles } from '../components/tableStyles';
import { useRemote } from '../state/useRemote';
import { hottestLine, lineName } from './functionLines';

/**
 * The details of one function of the selection (GET function-details): its self and total, its cost
 * per source line (sorted by file and line, the hottest marked, a link to the source when the
 * user's settings give a template), and its callers and callees with their shares. A caller or
 * callee opens its own details in the same drawer (`onOpen`, so Back returns).
 */
export function FunctionDetailsDrawer({
  selection,
  fn,
  onOpen,
  onClose,
}: {
  selection: Selection;
  fn: string;
  onOpen: (fn: string) => void;
  onClose: () => void;
}) {
  const api = useApi();
  const [state, reload] = useRemote((signal) => api.functionDetails(selection, fn, signal), [api, selection, fn]);
  return (
    <Drawer title={<span aria-label="Function details">{fn}</span>} subtitle="Function details" onClose={onClose} size="md">
      <RemoteContent
        remote={state}
        retry={reload}
        isEmpty={(d) => d.total === 0}
        loadingText="Loading function details…"
        empty="The function has no samples in this selection"
        emptyHint="Widen the time range, or loosen the frame filters."
      >
        {(d) => <FunctionDetailsView details={d} onOpen={onOpen} />}
      </RemoteContent>
    </Drawer>
  );
}

/** The details as tables; presentational. */
export function FunctionDetailsView({ details, onOpen }: { details: FunctionDetailsResponse; onOpen: (fn: string) => void }) {
  const unit = details.unit;
  const hottest = hottestLine(details.lines);
  return (
    <Stack direction="column" gap={2}>
      <Text color="secondary">
        Self {formatValue(details.self, unit)} · total {formatValue(details.total, unit)}
      </Text>
      <section aria-label="Lines">
        <h4>Lines</h4>
        <LinesTable lines={details.lines} unit={unit} total={details.total} hottest={hottest} />
      </section>
      <section aria-label="Callers">
        <h4>Callers</h4>
        <NeighbourTable rows={details.callers} unit={unit} label="Callers" empty="None: the function is a root of its stacks." onOpen={onOpen} />
      </section>
      <section aria-label="Callees">
        <h4>Callees</h4>
        <NeighbourTable rows={details.callees} unit={unit} label="Callees" empty="None: the function is a leaf of its stacks." onOpen={onOpen} />
      </section>
    </Stack>
  );
}

function LinesTable({ lines, unit, total, hottest }: { lines: FunctionLine[]; unit: string; total: number; hottest: FunctionLine | undefined }) {
  const styles = useStyles2(getTableStyles);
  if (lines.length === 0) {
    return <Text color="secondary">The stacks of this function carry no lines.</Text>;
  }
  return (
    <table className={styles.table} aria-label="Lines">
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Self</th>
          <th scope="col">Total</th>
          <th scope="col">Total %</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => {
          const { text, title } = lineName(line);
          return (
            <tr key={`${line.file}:${line.line}`}>
              <td className={styles.mono} title={title}>
                <Stack direction="row" gap={1} alignItems="center">
                  {line.url ? (
                    <TextLink href={line.url} external inline={false}>
                      {text}
                    </TextLink>
                  ) : (
                    <span>{text}</span>
                  )}
                  {line === hottest && <Badge text="hottest" color="orange" />}
                </Stack>
              </td>
              <td>{formatValue(line.self, unit)}</td>
              <td>{formatValue(line.total, unit)}</td>
              <td>{formatPercent(line.total, total)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function NeighbourTable({
  rows,
  unit,
  label,
  empty,
  onOpen,
}: {
  rows: FunctionNeighbour[];
  unit: string;
  label: string;
  empty: string;
  onOpen: (fn: string) => void;
}) {
  const styles = useStyles2(getTableStyles);
  if (rows.length === 0) {
    return <Text color="secondary">{empty}</Text>;
  }
  return (
    <table className={styles.table} aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Function</th>
          <th scope="col">Self</th>
          <th scope="col">Total</th>
          <th scope="col">Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name}>
            <td className={styles.mono}>
              <Button size="sm" fill="text" onClick={() => onOpen(row.name)} aria-label={`Details of ${row.name}`}>
                {row.name}
              </Button>
            </td>
            <td>{formatValue(row.self, unit)}</td>
            <td>{formatValue(row.total, unit)}</td>
            <td>{`${(row.share * 100).toFixed(1)}%`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
