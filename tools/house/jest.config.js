// The house's own checks: the docs' links and commands, the generated configuration doc, the domain purity rule.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'house',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
