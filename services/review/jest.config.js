module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'review',
  rootDir: __dirname,
  // The web app's pure modules (wording, diff, form, keymap, clocks) are tested here with the service's domain.
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/web/src/**/*.spec.ts'],
};
