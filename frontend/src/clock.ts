// The one place the dashboard reads the current time. Once the server has said what time it is
// (GET /api/auth/config's server_time), the page follows the server's clock, so that "last 30 days" or
// "this month" mean the same to the page as to the server, whatever the browser's clock says.
let offsetMs = 0;

/** Follows the server's clock from now on: `serverTime` was true when the answer arrived at `receivedAt`. */
export function followServerClock(serverTime: string, receivedAt: number = Date.now()): void {
  const server = Date.parse(serverTime);
  if (Number.isFinite(server)) offsetMs = server - receivedAt;
}

/** The current instant, by the server's clock when known, else the browser's. */
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Forgets the server's clock (for tests). */
export function resetClock(): void {
  offsetMs = 0;
}
