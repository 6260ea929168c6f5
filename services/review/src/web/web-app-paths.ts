/** Paths that belong to the service itself; the web app never answers them, not even as the SPA fallback. */
const SERVICE_PREFIXES = ['/api', '/docs', '/health', '/metrics'];

/** True when the web app (its files, its config or its SPA fallback) answers this request path. */
export function servesWebApp(path: string): boolean {
  return !SERVICE_PREFIXES.some(
    (prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}-`),
  );
}
