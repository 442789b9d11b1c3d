// Side-effect module: `import '../helpers/sla/setup.js'` (or list it in `setupFiles`) to get
// the SLA matchers on `expect` in a spec file.
import { registerSlaMatchers } from './sla-matchers.js';

registerSlaMatchers();
