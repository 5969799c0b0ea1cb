//! The arena: the one region of linear memory the JavaScript side reads and writes, and the
//! global allocator, which hands out memory from the same region and forgets it all at the end
//! of every call.
//!
//! A call goes like this. JavaScript asks `reserve` for room, writes the arguments' bytes at the
//! start of the arena, and calls an export with their lengths. The export opens a [`Call`], which
//! puts the allocator's top after those bytes, reads them, runs the core, and [`Call::finish`]es:
//! the result (text or a record) is copied to the start of the arena, everything after it up to
//! the highest byte the call touched is zeroed, the shadow stack the call used is zeroed, and the
//! allocator starts again from the beginning. JavaScript reads the result and zeroes it. So no
//! secret, key or code outlives the call in linear memory.
//!
//! Why a per-call arena and not a real allocator: nothing lives across calls, the whole
//! allocator is a few instructions (dlmalloc was 8 KB), and "wipe what the call touched" is one
//! `memory.fill`.
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use crate::{Error, ErrorKind};

const PAGE: usize = 65_536;
/// Bytes of shadow stack zeroed after each call: twice the deepest any export went when
/// measured (3,984 bytes, qrDataUrl of 2,000 characters; verifyTotp with SHA-512 2,736). The
/// memory scan in tests/js/memory.test.mjs finds what a scrub too shallow leaves behind.
const STACK_SCRUB: usize = 8 * 1024;
/// What an export returns when it failed; the error record is at the start of the arena.
pub(crate) const FAILED: i32 = -1;

/// Bump allocation over `[start, end)`, grown a page at a time. Single-threaded: wasm32 without
/// the atomics feature, so these atomics are plain loads and stores.
struct Arena {
    start: AtomicUsize,
    top: AtomicUsize,
    /// The highest address any allocation of this call reached: where the wipe stops.
    high: AtomicUsize,
    end: AtomicUsize,
}

#[global_allocator]
static ARENA: Arena = Arena {
    start: AtomicUsize::new(0),
    top: AtomicUsize::new(0),
    high: AtomicUsize::new(0),
    end: AtomicUsize::new(0),
};

impl Arena {
    /// Makes `[start, until)` part of the arena, growing linear memory; false if it cannot.
    fn ensure(&self, until: usize) -> bool {
        if self.end.load(Relaxed) == 0 {
            // The first use: the arena starts at the end of the memory the linker laid out
            // (stack, data), and only this allocator ever grows memory, so it stays contiguous.
            let first = wasm32::memory_size(0).saturating_mul(PAGE);
            self.start.store(first, Relaxed);
            self.top.store(first, Relaxed);
            self.high.store(first, Relaxed);
            self.end.store(first, Relaxed);
        }
        let end = self.end.load(Relaxed);
        if until <= end {
            return true;
        }
        let pages = until.saturating_sub(end).div_ceil(PAGE);
        if wasm32::memory_grow(0, pages) == usize::MAX {
            return false;
        }
        self.end.store(end.saturating_add(pages.saturating_mul(PAGE)), Relaxed);
        true
    }

    fn bump(&self, from: usize, size: usize) -> *mut u8 {
        match from.checked_add(size) {
            Some(until) if self.ensure(until) => {
                self.top.store(until, Relaxed);
                if until > self.high.load(Relaxed) {
                    self.high.store(until, Relaxed);
                }
                from as *mut u8
            }
            _ => core::ptr::null_mut(),
        }
    }
}

// SAFETY: every block is a fresh range of the arena, aligned as asked, inside memory that
// `ensure` made part of linear memory; nothing is handed out twice within a call, and the arena
// is only reset by `Call::finish`, after the core's values (and so every allocation) are gone.
unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.ensure(0);
        let top = self.top.load(Relaxed);
        let Some(aligned) = top.checked_next_multiple_of(layout.align()) else {
            return core::ptr::null_mut();
        };
        self.bump(aligned, layout.size())
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // The newest block gives its room back (a temporary, or a Vec that moved on).
        if (ptr as usize).checked_add(layout.size()) == Some(self.top.load(Relaxed)) {
            self.top.store(ptr as usize, Relaxed);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // The newest block grows in place: a String being built costs its final size, not the
        // sum of its doublings.
        if (ptr as usize).checked_add(layout.size()) == Some(self.top.load(Relaxed)) {
            return self.bump(ptr as usize, new_size);
        }
        // SAFETY: the caller upholds realloc's contract; a new block is allocated and copied.
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return core::ptr::null_mut();
        };
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are valid for the smaller size and do not overlap (the new one
            // lies above the arena's top, the old one below it).
            unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
        }
        new
    }
}

/// `reserve(len)`: makes room for `len` bytes of arguments and returns where the arena starts
/// (the same address every time), or 0 if memory cannot grow.
#[no_mangle]
pub extern "C" fn reserve(len: usize) -> usize {
    if ARENA.ensure(0) && ARENA.ensure(ARENA.start.load(Relaxed).saturating_add(len)) {
        ARENA.start.load(Relaxed)
    } else {
        0
    }
}

/// Runs the core's part of a call in a frame of its own, below the export's: the stack scrub in
/// [`Call::finish`] starts right below the export's frame, so whatever the core leaves on the
/// stack (a key's copy in a temporary, say) must lie below it too.
#[inline(never)]
pub(crate) fn isolated<T>(work: impl FnOnce() -> T) -> T {
    work()
}

/// One export's arguments and result.
pub(crate) struct Call {
    input: &'static [u8],
    read: usize,
}

impl Call {
    /// The arguments JavaScript wrote: `len` bytes at the start of the arena.
    pub(crate) fn open(len: usize) -> Call {
        ARENA.ensure(0);
        let start = ARENA.start.load(Relaxed);
        let len = if ARENA.ensure(start.saturating_add(len)) { len } else { 0 };
        ARENA.top.store(start.saturating_add(len), Relaxed);
        ARENA.high.store(start.saturating_add(len), Relaxed);
        // SAFETY: `[start, start + len)` is inside the arena (ensured above) and lies below the
        // allocator's top, so nothing else writes it during the call; `finish` consumes the
        // Call before the region is written again.
        let input = unsafe { core::slice::from_raw_parts(start as *const u8, len) };
        Call { input, read: 0 }
    }

    /// The next `len` bytes of the arguments (JavaScript passes each length).
    pub(crate) fn bytes(&mut self, len: usize) -> &'static [u8] {
        let end = self.read.saturating_add(len).min(self.input.len());
        let bytes = self.input.get(self.read..end).unwrap_or_default();
        self.read = end;
        bytes
    }

    /// The next little-endian u32 of the arguments (a length or a count in a record).
    #[allow(dead_code)] // not every feature reads records
    pub(crate) fn u32(&mut self) -> u32 {
        self.bytes(4).try_into().map_or(0, u32::from_le_bytes)
    }

    /// The next little-endian f64 of the arguments (a number in a record).
    #[allow(dead_code)] // not every feature reads records
    pub(crate) fn f64(&mut self) -> f64 {
        self.bytes(8).try_into().map_or(0.0, f64::from_le_bytes)
    }

    /// The next string argument. JavaScript writes well-formed strings with `TextEncoder`, so
    /// this is valid UTF-8 unless the caller broke the protocol; then it reads as empty.
    pub(crate) fn text(&mut self, len: usize) -> &'static str {
        core::str::from_utf8(self.bytes(len)).unwrap_or_default()
    }

    /// An optional string argument: JavaScript passes the length -1 when it is not given.
    #[allow(dead_code)] // not every feature has optional strings
    pub(crate) fn optional_text(&mut self, len: i32) -> Option<&'static str> {
        usize::try_from(len).ok().map(|len| self.text(len))
    }

    /// Ends the call with `output` at the start of the arena and returns `value`; or, on an
    /// error, the error's record and [`FAILED`].
    ///
    /// Every value of the core must be gone by now (compute the result in a function of its
    /// own): a `Zeroizing` dropped after this would zero memory the output was copied over.
    /// `output` itself must be a plain buffer (`String`, `Vec`, an array), whose drop only
    /// frees. Inlined into the export, so that the stack scrub starts right below the export's
    /// own frame, where the core's frames were.
    #[inline(always)]
    pub(crate) fn finish(self, result: Result<(i32, &[u8]), Error>) -> i32 {
        scrub_stack();
        match result {
            Ok((value, output)) => {
                write_output(output);
                value
            }
            Err(error) => {
                write_output(&error_record(&error));
                FAILED
            }
        }
    }

    /// Ends the call with `output` (text or a record) and returns its length.
    #[inline(always)]
    pub(crate) fn finish_bytes(self, result: Result<impl AsRef<[u8]>, Error>) -> i32 {
        match result {
            Ok(output) => {
                let output = output.as_ref();
                let len = i32::try_from(output.len()).unwrap_or(FAILED);
                self.finish(Ok((len, output)))
            }
            Err(error) => self.finish(Err(error)),
        }
    }

    /// Ends the call with a number and no output.
    #[inline(always)]
    #[allow(dead_code)] // the qr wasm answers only with text
    pub(crate) fn finish_number(self, result: Result<i32, Error>) -> i32 {
        self.finish(result.map(|value| (value, &[][..])))
    }
}

/// Copies `output` to the start of the arena, zeroes everything after it that the call touched
/// and resets the allocator.
fn write_output(output: &[u8]) {
    let start = ARENA.start.load(Relaxed);
    let high = ARENA.high.load(Relaxed);
    let len = output.len();
    // SAFETY: `output` lies in the arena or in static data, both valid for `len` bytes;
    // `[start, start + len)` is in the arena, since the output was built in it (or is a record
    // smaller than any call's allocations, which `ensure` covers); `copy` allows the overlap.
    // Everything in `[start + len, high)` is arena memory that this call touched and no live
    // value uses any more: the core's values are dropped by now.
    unsafe {
        if ARENA.ensure(start.saturating_add(len)) {
            core::ptr::copy(output.as_ptr(), start as *mut u8, len);
        }
        let from = start.saturating_add(len);
        if high > from {
            core::ptr::write_bytes(from as *mut u8, 0, high.wrapping_sub(from));
        }
    }
    ARENA.top.store(start, Relaxed);
    ARENA.high.store(start, Relaxed);
}

/// Zeroes the shadow stack below the caller: the frames the core just used lie there.
#[inline(never)]
fn scrub_stack() {
    let mut stack = core::mem::MaybeUninit::<[u8; STACK_SCRUB]>::uninit();
    // SAFETY: writing zeros to a local buffer of exactly that size.
    unsafe { core::ptr::write_bytes(stack.as_mut_ptr(), 0, 1) };
    core::hint::black_box(&stack);
}

/// An error as the JavaScript side reads it (`pkg/src/_errors.js`): problem, kind, six spare
/// bytes, the three numbers (f64), then the argument, the name and the `within` text, each a
/// length byte and UTF-8.
fn error_record(error: &Error) -> [u8; 256] {
    let mut record = [0u8; 256];
    let kind = match error.kind() {
        ErrorKind::Invalid => 0,
        ErrorKind::OutOfRange => 1,
        ErrorKind::AuthenticationFailed => 2,
        _ => 3,
    };
    let mut head = [0u8; 32];
    head[0] = error.problem().code();
    head[1] = kind;
    for (slot, number) in head[8..32].chunks_exact_mut(8).zip(error.numbers()) {
        #[allow(clippy::cast_precision_loss)]
        slot.copy_from_slice(&(number as f64).to_le_bytes());
    }
    let mut at = 0usize;
    let mut put = |bytes: &[u8]| {
        if let Some(slot) = record.get_mut(at..at.saturating_add(bytes.len())) {
            slot.copy_from_slice(bytes);
            at = at.saturating_add(bytes.len());
        }
    };
    put(&head);
    for text in [error.argument(), error.name(), error.within_text().unwrap_or_default()] {
        let text = text.as_bytes().get(..60).unwrap_or(text.as_bytes());
        put(&[u8::try_from(text.len()).unwrap_or(0)]);
        put(text);
    }
    record
}

#[link(wasm_import_module = "host")]
extern "C" {
    /// `crypto.getRandomValues` on `len` bytes at `ptr` (the JavaScript side's `random`):
    /// 1 when it filled them, 0 when the host has no generator or it threw.
    fn random(ptr: *mut u8, len: usize) -> u32;
}

/// Fills `buf` from the host's CSPRNG (`crypto.getRandomValues`); false if it could not.
pub(crate) fn fill_random(buf: &mut [u8]) -> bool {
    // SAFETY: the import writes at most `buf.len()` bytes at `buf`, which is valid for them.
    unsafe { random(buf.as_mut_ptr(), buf.len()) == 1 }
}
