import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';

/**
 * Shown when `stats` says the data source holds no profile at all. Hotpath speaks Pyroscope's ingest
 * API, so any Pyroscope SDK or Grafana Alloy pushes to it unchanged.
 */
export function OnboardingPage({ onCheckAgain }: { onCheckAgain: () => void }) {
  const styles = useStyles2(getStyles);
  const host = typeof window === 'undefined' ? 'localhost' : window.location.hostname || 'localhost';
  const url = `http://${host}:4040`;
  return (
    <section className={styles.page} aria-labelledby="onboarding-title">
      <h2 id="onboarding-title">No profiles yet</h2>
      <p>This data source holds no profiling data. Point an agent at Hotpath and profiles show up here within seconds.</p>
      <ol className={styles.steps}>
        <li>
          <strong>Pyroscope SDKs</strong> (Go, Java, .NET, Python, Ruby, Node.js, Rust): set the server address to <code>{url}</code>.
          <pre className={styles.code}>{`pyroscope.Start(pyroscope.Config{\n  ApplicationName: "my-service",\n  ServerAddress:   "${url}",\n})`}</pre>
        </li>
        <li>
          <strong>Grafana Alloy</strong>: a <code>pyroscope.write</code> endpoint with <code>url = &quot;{url}&quot;</code>.
        </li>
        <li>
          <strong>Anything that writes pprof or folded stacks</strong>: <code>POST {url}/ingest?name=my-service&amp;format=folded</code>, or{' '}
          <code>POST {url}/push.v1.PusherService/Push</code>.
          <pre className={styles.code}>{`curl --data-binary @stacks.folded '${url}/ingest?name=my-service&format=folded'`}</pre>
        </li>
        <li>
          <strong>Just looking?</strong> Start the standalone server with demo data: <code>gpx_hotpath serve --demo</code>.
        </li>
      </ol>
      <Stack direction="row">
        <Button icon="sync" onClick={onCheckAgain}>
          Check again
        </Button>
      </Stack>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({
    maxWidth: 860,
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(3),
  }),
  steps: css({ paddingLeft: theme.spacing(3), li: { marginBottom: theme.spacing(2) } }),
  code: css({ marginTop: theme.spacing(1), fontSize: theme.typography.bodySmall.fontSize }),
});
