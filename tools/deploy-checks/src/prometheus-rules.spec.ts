import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './repo-root';

const rulesDir = join(repoRoot, 'deploy', 'prometheus');

// promtool comes with Debian's `prometheus` package; .ci/run installs it. A missing promtool fails the test rather
// than skipping it, so an untested rule file never passes CI unnoticed.
function promtool(...args: string[]) {
  const result = spawnSync('promtool', args, { cwd: rulesDir, encoding: 'utf8' });
  if (result.error) throw new Error(`promtool not runnable (apt-get install -y prometheus): ${result.error.message}`);
  return result;
}

interface RuleFile {
  groups: Array<{ rules: Array<{ alert?: string }> }>;
}
interface RuleTests {
  tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
}

describe('Prometheus alert rules (deploy/prometheus)', () => {
  it('are valid rules (promtool check rules)', () => {
    const result = promtool('check', 'rules', 'alerts.yml');
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('fire and stay quiet as their unit tests say (promtool test rules)', () => {
    const result = promtool('test', 'rules', 'alerts.test.yml');
    if (result.status !== 0) throw new Error(result.stdout + result.stderr);
    expect(result.stdout).toContain('SUCCESS');
  });

  it('has a test in which every alert fires', () => {
    const rules = parse(readFileSync(join(rulesDir, 'alerts.yml'), 'utf8')) as RuleFile;
    const tests = parse(readFileSync(join(rulesDir, 'alerts.test.yml'), 'utf8')) as RuleTests;
    const alerts = rules.groups.flatMap((group) => group.rules.map((rule) => rule.alert)).filter(Boolean);
    const firing = new Set(
      tests.tests.flatMap((test) =>
        (test.alert_rule_test ?? []).filter((t) => t.exp_alerts.length > 0).map((t) => t.alertname),
      ),
    );
    expect(alerts.filter((alert) => !firing.has(alert as string))).toEqual([]);
  });
});
