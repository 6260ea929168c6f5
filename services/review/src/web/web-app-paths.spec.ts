import { servesWebApp } from './web-app-paths';

describe('servesWebApp', () => {
  it.each(['/', '/review/contract-review', '/dashboard', '/assets/index-abc.js', '/config.json', '/apiary'])(
    'serves %s',
    (path) => {
      expect(servesWebApp(path)).toBe(true);
    },
  );

  it.each(['/api', '/api/v1/tasks', '/docs', '/docs/', '/docs-json', '/health', '/health/ready', '/metrics'])(
    'never answers %s, which is the service’s own',
    (path) => {
      expect(servesWebApp(path)).toBe(false);
    },
  );
});
