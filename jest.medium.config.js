// The middle tier (*.medium-spec.ts beside the code): application classes in-process against the real Postgres,
// with a fresh database per run (libs/testing/src/medium). No broker, no service processes, no sleeps.
module.exports = {
  ...require('./jest.preset.js'),
  displayName: 'medium',
  rootDir: __dirname,
  testMatch: ['<rootDir>/{libs,services}/*/src/**/*.medium-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/medium/global-setup.ts',
  testTimeout: 30_000,
};
