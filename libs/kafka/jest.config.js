module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'kafka',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
