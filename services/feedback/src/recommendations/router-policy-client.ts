import { Injectable } from '@nestjs/common';
import { authSettingsFromVariables, mintDevelopmentToken } from '@countersign/auth';
import { RoutingPolicyDocument } from '@countersign/contracts';
import { TypedConfig } from '@countersign/platform';
import { FeedbackEnvironment } from '../feedback-environment';

/** A version stored at once, or a proposal waiting for a second admin (the router's two-person rule). */
export type PutOutcome = { version: number } | { proposalId: string };

export interface CurrentPolicy {
  version: number;
  policy: RoutingPolicyDocument;
}

/** The router's policy API, as an administrator uses it: read the current version, store a new one after it. */
@Injectable()
export class RouterPolicyClient {
  constructor(private readonly config: TypedConfig<FeedbackEnvironment>) {}

  async current(workflow: string): Promise<CurrentPolicy> {
    const body = (await this.call('GET', `/api/v1/policies/${encodeURIComponent(workflow)}`)) as CurrentPolicy;
    return { version: body.version, policy: body.policy };
  }

  /** The current policy, or undefined when the workflow has none (the router reviews all its decisions). */
  async find(workflow: string): Promise<CurrentPolicy | undefined> {
    try {
      return await this.current(workflow);
    } catch (error) {
      if (error instanceof Error && error.message.includes(': HTTP 404 ')) return undefined;
      throw error;
    }
  }

  /**
   * Stores `policy` as the version after `ifVersion` (refused if someone changed it meanwhile). A change that lowers
   * oversight (a promotion) is not stored but proposed: the router's two-person rule waits for an admin to approve it.
   * `onBehalfOf` names the admin whose target the change follows: the router refuses that admin's approval too, so
   * loosening the target and approving its promotion takes two admins, as lowering oversight directly does.
   */
  async put(
    workflow: string,
    policy: RoutingPolicyDocument,
    reason: string,
    ifVersion: number,
    onBehalfOf?: string,
  ): Promise<PutOutcome> {
    const body = (await this.call('PUT', `/api/v1/policies/${encodeURIComponent(workflow)}?ifVersion=${ifVersion}`, {
      policy,
      reason,
      ...(onBehalfOf === undefined ? {} : { onBehalfOf }),
    })) as { version?: number; id?: string; status?: string };
    if (body.status === 'pending' && body.id) return { proposalId: body.id };
    return { version: Number(body.version) };
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.config.get('FEEDBACK_ROUTER_URL')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.bearer()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`router ${method} ${path}: HTTP ${response.status} ${text.slice(0, 500)}`);
    return text ? (JSON.parse(text) as unknown) : null;
  }

  /** The configured token, or a short-lived development token minted for this call. */
  private async bearer(): Promise<string> {
    const configured = this.config.get('FEEDBACK_ROUTER_TOKEN');
    if (configured) return configured;
    const settings = authSettingsFromVariables({
      AUTH_MODE: this.config.get('AUTH_MODE'),
      AUTH_HS256_SECRET: this.config.get('AUTH_HS256_SECRET'),
      AUTH_ISSUER: this.config.get('AUTH_ISSUER'),
      AUTH_AUDIENCE: this.config.get('AUTH_AUDIENCE'),
      AUTH_JWKS_URL: this.config.get('AUTH_JWKS_URL'),
    });
    if (settings.mode !== 'hs256') throw new Error('set FEEDBACK_ROUTER_TOKEN: AUTH_MODE is not hs256');
    return mintDevelopmentToken(
      { sub: 'service:feedback', roles: ['admin'], workflows: ['*'], ttlSeconds: 300 },
      settings.secret,
      { issuer: settings.issuer, audience: settings.audience },
    );
  }
}
