/** Edits one character of a stored base64url value near its end: what a SQL-console tamperer does. */
export function tamperNearEnd(value: string, fromEnd = 3): string {
  const at = value.length - fromEnd;
  return `${value.slice(0, at)}${value[at] === 'A' ? 'B' : 'A'}${value.slice(at + 1)}`;
}
