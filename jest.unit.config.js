// Every project's unit tests in one run (the same configs `nx test <project>` uses).
module.exports = {
  projects: [
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/services/*/jest.config.js',
    '<rootDir>/tools/*/jest.config.js',
  ],
};
