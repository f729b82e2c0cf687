/**
 * The security headers every answer carries; the API, the docs page and the
 * web pages differ only in their Content-Security-Policy.
 *
 * Hono's secureHeaders defaults, as fixed headers set before the handler runs
 * (see answerHeaders); tests/unit/security-headers.test.ts keeps them equal to
 * what secureHeaders sets with the same options.
 */
export const BASE_SECURITY_HEADERS: Record<string, string> = {
  // DENY, not SAMEORIGIN: browsers without CSP must read the same "never framed" as frame-ancestors 'none'.
  "X-Frame-Options": "DENY",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Origin-Agent-Cluster": "?1",
  "Referrer-Policy": "no-referrer",
  "Strict-Transport-Security": "max-age=15552000; includeSubDomains",
  "X-Content-Type-Options": "nosniff",
  "X-DNS-Prefetch-Control": "off",
  "X-Download-Options": "noopen",
  "X-Permitted-Cross-Domain-Policies": "none",
  "X-XSS-Protection": "0",
};

export const API_SECURITY_HEADERS: Record<string, string> = {
  ...BASE_SECURITY_HEADERS,
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
};
