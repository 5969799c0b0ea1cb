// The demo page: four steps, each in its own module, sharing the enrollment.
import { setupAuthenticator } from './authenticator.js';
import { setupBackup } from './backup.js';
import { setupConfirm } from './confirm.js';
import { setupEnroll } from './enroll.js';
import { forgetAll } from './store.js';
import { $ } from './ui.js';

const confirm = setupConfirm();
const authenticator = setupAuthenticator();
const backup = setupBackup();

setupEnroll({
  onEnrollment(enrollment, how) {
    confirm.setEnrollment(enrollment, how);
    authenticator.setEnrolled(enrollment);
    backup.setEnrollment(enrollment, how);
  },
});

$('#forget').addEventListener('click', () => {
  forgetAll();
  window.location.reload();
});
