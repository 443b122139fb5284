// Node, Bun and Deno: creates the scenario at module scope, runs it and prints the results as one
// line. The process must then end by itself: nothing the SDK started may keep it alive.
import config from './config.mjs';
import { createScenario } from './scenario.mjs';

const scenario = createScenario(config);
console.log(`SCENARIO ${JSON.stringify(await scenario.run())}`);
