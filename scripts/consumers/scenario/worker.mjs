// workerd: the auths are created at module scope, as the guide recommends for serverless; each
// request to the Worker runs the scenario and answers with the results.
import config from './config.mjs';
import { createScenario } from './scenario.mjs';

const scenario = createScenario(config);

export default {
  async fetch() {
    return Response.json(await scenario.run());
  },
};
