module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'outcomes',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
