module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'simulator',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
