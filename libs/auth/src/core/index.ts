// The framework-free core: safe for services' domain code (no @nestjs imports) and quick to load in tools.
export * from './authentication-error';
export * from './auth-settings';
export * from './bearer-token';
export * from './principal';
export * from './token-verifier';
export * from './token-minter';
export * from './ttl';
export * from './workflow-access';
