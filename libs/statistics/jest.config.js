module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'statistics',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
