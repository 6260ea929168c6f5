const path = require('node:path');
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'review',
  rootDir: __dirname,
  // The web app's pure modules (wording, diff, form, keymap, clocks) are tested here with the service's domain.
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/web/src/**/*.spec.ts'],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^@countersign/auth/principal$': path.join(__dirname, '../../libs/auth/src/core/principal.ts'),
  },
};
