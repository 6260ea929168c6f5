// Compares, API by API, the protocol versions kafkajs implements with the ones a live broker accepts, and prints
// the version kafkajs will send (kafkajs picks min(its newest, the broker's newest) and never looks at the broker's
// oldest — so an API whose kafkajs versions all lie below the broker's minimum fails at the first call).
// Usage: node tools/kafka-compat/api-versions.cjs 127.0.0.1:9092
const { Kafka, logLevel } = require('kafkajs');
const { requests } = require('kafkajs/src/protocol/requests');
const apiKeys = require('kafkajs/src/protocol/requests/apiKeys');

async function main() {
  const broker = process.argv[2] ?? '127.0.0.1:9092';
  const kafka = new Kafka({ brokers: [broker], clientId: 'countersign-api-versions', logLevel: logLevel.NOTHING });
  // kafkajs keeps its cluster factory behind a private symbol; connecting a cluster fetches ApiVersions
  const create = Object.getOwnPropertySymbols(kafka).find((s) => String(s) === 'Symbol(private:Kafka:createCluster)');
  const cluster = kafka[create]({});
  await cluster.connect();
  const versions = cluster.brokerPool.versions;
  await cluster.disconnect();
  if (!versions) throw new Error('could not read the broker ApiVersions from kafkajs');
  let broken = 0;
  for (const [name, key] of Object.entries(apiKeys)) {
    const implemented = (requests[name]?.versions ?? []).map(Number);
    if (implemented.length === 0) continue;
    const server = versions[key];
    const ours = Math.max(...implemented);
    if (!server) {
      console.log(
        `${name.padEnd(28)} kafkajs ${Math.min(...implemented)}..${ours}  broker: not offered  -> FAILS if called`,
      );
      broken += 1;
      continue;
    }
    const sent = Math.min(ours, server.maxVersion);
    const ok = sent >= server.minVersion;
    if (!ok) broken += 1;
    console.log(
      `${name.padEnd(28)} kafkajs ${Math.min(...implemented)}..${ours}  broker ${server.minVersion}..${server.maxVersion}  sends v${sent}${ok ? '' : '  -> FAILS (below the broker minimum)'}`,
    );
  }
  console.log(`${broken} kafkajs API(s) unusable against ${broker}`);
  process.exitCode = broken === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
