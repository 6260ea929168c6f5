export * from './core';
export * from './nest/auth-environment';
export * from './nest/auth-metadata';
export * from './nest/auth.module';
export * from './nest/current-principal.decorator';
export * from './nest/http-refusal';
export * from './nest/jwt-auth.guard';
export * from './nest/roles.guard';
