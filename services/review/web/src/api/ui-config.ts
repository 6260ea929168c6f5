/** Where the other services answer, as the review service's deployment says (GET /config.json). */
export interface UiConfig {
  routerUrl: string;
  feedbackUrl: string;
  auditUrl: string;
  /** The identity provider's authorize URL that returns here with `#access_token=…`, when configured. */
  oidcLoginUrl?: string;
}

let loaded: Promise<UiConfig> | undefined;

export function uiConfig(): Promise<UiConfig> {
  loaded ??= fetch('/config.json').then((response) => {
    if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
    return response.json() as Promise<UiConfig>;
  });
  return loaded;
}
