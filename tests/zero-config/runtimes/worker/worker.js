// A Cloudflare Worker: GET / answers the probe report.
import { probe } from './probe.js';

export default {
  fetch() {
    return Response.json(probe());
  },
};
