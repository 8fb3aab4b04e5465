/** The badge of an alert's severity: high and critical stand out. */
export const severityClass = (severity: string): string =>
  severity === 'critical' || severity === 'high' ? 'badge bad' : 'badge';
