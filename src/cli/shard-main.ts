// The entry of one shard process (spawned by `paperbot start --shards`; see run-shard.ts).
import { runShard } from './run-shard.js';

process.on('SIGINT', () => undefined); // Ctrl-C reaches the whole group: the manager decides.
await runShard(process.env, process);
process.exit(0);
