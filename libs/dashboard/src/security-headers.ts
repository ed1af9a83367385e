/**
 * Headers on every /ui response. The CSP allows only this origin's own script, style, images
 * and fetches: no inline script or style (the pages carry none), no framing, no plugins, and
 * forms may only submit to the dashboard itself.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

interface HeaderResponse {
  setHeader(name: string, value: string): void;
  removeHeader(name: string): void;
}

/** Applied by DashboardModule to ui and ui/*, before any handler or Nest's own 404. */
export function dashboardSecurityHeaders(
  _request: unknown,
  response: HeaderResponse,
  next: () => void,
): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
  // Tells nothing an operator needs and tells a scanner which framework answers.
  response.removeHeader('X-Powered-By');
  next();
}
