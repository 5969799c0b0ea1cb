//! The attempt state the application stores per user: one counter for the account's shared
//! path, one per remembered device, one for backup codes, and the last accepted time step.

use alloc::vec::Vec;

use super::device::DeviceId;
use super::{AttemptPolicy, BackupPolicy, MAX_LOCKOUT_SECONDS};
use crate::error::Problem;
use crate::hotp::MAX_COUNTER;
use crate::Error;

/// The most remembered devices one account keeps; remembering another forgets the one used
/// longest ago.
pub const MAX_DEVICES: usize = 10;
/// Consecutive failures after which a counter stops counting (NIST SP 800-63B §5.2.2: at most
/// 100). The shared path then stays closed until a backup code succeeds; a device that reaches
/// it is forgotten.
pub const FAILURE_LIMIT: u64 = 100;
/// The largest time JavaScript represents exactly, in milliseconds: no state field is larger.
pub const MAX_TIME_MS: u64 = (1 << 53) - 1;

/// Failures in a row and the end of the current lockout, for one source of attempts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counter {
    /// Consecutive failures (for backup codes: since the last lockout).
    pub failures: u64,
    /// Milliseconds since the epoch until which attempts are refused unchecked.
    pub locked_until_ms: Option<u64>,
}

/// A device that signed in with `rememberDevice`: its token's digest and its own counter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    /// The digest of the device token (the token itself is never stored).
    pub id: DeviceId,
    /// This device's failures: only attempts carrying its token count here.
    pub counter: Counter,
    /// When it last signed in, in milliseconds since the epoch.
    pub last_used_ms: u64,
}

/// What the application stores per user between attempts (as JSON, beside the secret).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttemptState {
    /// The time step of the last accepted code; codes for it or earlier steps are replays.
    pub last_step: Option<u64>,
    /// Attempts from anything but a remembered device.
    pub shared: Counter,
    /// Backup-code attempts.
    pub backup: Counter,
    /// Remembered devices, at most [`MAX_DEVICES`].
    pub devices: Vec<Device>,
}

impl AttemptState {
    /// Checks the bounds a state from storage must keep.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) naming `state.lastStep` or
    /// `state.devices`.
    pub fn check(&self) -> Result<(), Error> {
        if self.last_step.is_some_and(|step| step > MAX_COUNTER) {
            return Err(Error::out_of_range("state.lastStep", Problem::StateLastStep));
        }
        if self.devices.len() > MAX_DEVICES {
            return Err(Error::out_of_range("state.devices", Problem::StateDevices)
                .quoting([MAX_DEVICES as u64, self.devices.len() as u64, 0]));
        }
        Ok(())
    }

    pub(crate) fn device_index(&self, id: &DeviceId) -> Option<usize> {
        self.devices.iter().position(|device| device.id.matches(id))
    }

    /// Adds a device, forgetting the least recently used one when the list is full.
    pub(crate) fn remember(&mut self, id: DeviceId, now_ms: u64) {
        if self.devices.len() >= MAX_DEVICES {
            if let Some(oldest) = (0..self.devices.len()).min_by_key(|&index| self.devices.get(index).map_or(0, |device| device.last_used_ms)) {
                self.devices.remove(oldest);
            }
        }
        self.devices.push(Device { id, counter: Counter::default(), last_used_ms: now_ms.min(MAX_TIME_MS) });
    }
}

impl Counter {
    /// The failures this counter has, read no higher than [`FAILURE_LIMIT`] (a 0.1 state may
    /// hold more).
    pub fn failures(&self) -> u64 {
        self.failures.min(FAILURE_LIMIT)
    }

    /// Whether the counter stopped counting: [`FAILURE_LIMIT`] failures in a row.
    pub fn is_closed(&self) -> bool {
        self.failures >= FAILURE_LIMIT
    }

    /// Seconds until the lockout ends, if one is on at `now_ms`. A lockout never has more
    /// than 24 hours left, whatever the stored time says: a clock that stepped back, or a
    /// tampered row, cannot extend it.
    pub fn locked_for(&self, now_ms: u64) -> Option<u64> {
        let until = self.locked_until_ms.filter(|&until| until > now_ms)?;
        Some(until.saturating_sub(now_ms).div_ceil(1000).min(MAX_LOCKOUT_SECONDS))
    }

    /// One more failure on a TOTP path: every `max_failures`-th locks, for a time that doubles
    /// (see [`AttemptPolicy::lockout_for`]). Returns the new counter and the lockout's length.
    pub(crate) fn fail_totp(self, now_ms: u64, policy: AttemptPolicy) -> (Counter, Option<u64>) {
        let failures = self.failures().saturating_add(1).min(FAILURE_LIMIT);
        let max = u64::from(policy.max_failures);
        if failures >= FAILURE_LIMIT {
            return (Counter { failures, locked_until_ms: None }, None);
        }
        if failures.checked_rem(max) == Some(0) {
            let lockout = policy.lockout_for(failures.checked_div(max).unwrap_or(1));
            return (Counter { failures, locked_until_ms: Some(lock_end(now_ms, lockout)) }, Some(lockout));
        }
        (Counter { failures, locked_until_ms: None }, None)
    }

    /// One more failure on the backup-code path: every `max_failures`-th locks for the same
    /// fixed time, and the count starts again (no escalation: see [`BackupPolicy`]).
    pub(crate) fn fail_backup(self, now_ms: u64, policy: BackupPolicy) -> (Counter, Option<u64>) {
        let failures = self.failures.min(u64::from(policy.max_failures)).saturating_add(1);
        if failures >= u64::from(policy.max_failures) {
            let lockout = policy.lockout_seconds;
            return (Counter { failures: 0, locked_until_ms: Some(lock_end(now_ms, lockout)) }, Some(lockout));
        }
        (Counter { failures, locked_until_ms: None }, None)
    }
}

fn lock_end(now_ms: u64, seconds: u64) -> u64 {
    now_ms.saturating_add(seconds.saturating_mul(1000)).min(MAX_TIME_MS)
}
