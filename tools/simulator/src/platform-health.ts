/** Every service the caller needs answers GET /health, or the error says which one does not and what to do. */
export async function checkServices(services: Record<string, string>): Promise<void> {
  const down: string[] = [];
  for (const [name, url] of Object.entries(services)) {
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3_000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (!ok) down.push(`${name} (${url})`);
  }
  if (down.length > 0) {
    throw new Error(`not answering /health: ${down.join(', ')}. Is the platform running? Start it with npm start.`);
  }
}
