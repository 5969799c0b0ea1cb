// The enrolment floor, weighed by bench/lib/size.mjs.
import init from './dist/enroll/floor-enroll.js';

await init();
export * from './dist/enroll/floor-enroll.js';
