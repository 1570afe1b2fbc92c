//! Bounded memory: the peak heap used while parsing each adversarial
//! input family at 1 MB stays within 16 × the input size + 64 KiB, measured with a
//! counting global allocator (test crates may use `unsafe`; the library denies it, with one allowed module, `ast::literal`).
//!
//! The families are the ones of the adversarial benchmark (`benches/benches/adversarial.rs`),
//! shared through `benches/benches/adversarial_inputs.rs`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;

use vtql::{Limits, ParseOptions, Query};

#[path = "../benches/benches/adversarial_inputs.rs"]
mod adversarial_inputs;
use adversarial_inputs::FAMILIES;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: delegates to the system allocator and only adds bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now =
                    CURRENT.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                // A moving realloc holds both blocks while it copies.
                let both = if p == ptr { 0 } else { layout.size() };
                PEAK.fetch_max(now + both, Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The tests of this file measure one at a time (the counters are global).
static SERIAL: Mutex<()> = Mutex::new(());

/// Peak heap growth (bytes above the level at the start) while running `f`.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = CURRENT.load(Relaxed);
    PEAK.store(base, Relaxed);
    let out = f();
    (out, PEAK.load(Relaxed) - base)
}

const MB: usize = 1 << 20;

#[test]
fn peak_heap_of_parsing_is_bounded_at_1_mb() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let opts = ParseOptions::new().limits(Limits::UNLIMITED);
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (name, make) in FAMILIES {
        let src = make(MB);
        assert!(
            src.len() >= MB - 64 && src.len() <= MB + 64,
            "{name}: {}",
            src.len()
        );
        let (ok, peak) = peak_during(|| {
            let r = Query::parse_with(&src, &opts);
            r.is_ok()
        });
        // The densest family, an integer every two bytes, costs a 24-byte `Value` per
        // item (12x; see src/ast/literal.rs). Long lists reserve their estimated final
        // size once (`room_for_one` in src/parse/mod.rs), so a family's ratio is its node
        // size over its bytes per item, plus at most 1/32.
        let factor = 16;
        let bound = factor * src.len() + 64 * 1024;
        report.push(format!(
            "{name:<40} {:>8} bytes  {}  peak {:>9}  ({:.2}x input)",
            src.len(),
            if ok { "ok " } else { "err" },
            peak,
            peak as f64 / src.len() as f64
        ));
        if peak > bound {
            failures.push(format!(
                "{name}: peak heap {peak} > bound {bound} ({factor}x + 64 KiB)"
            ));
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn near_miss_families_fail_and_the_others_parse() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let opts = ParseOptions::new().limits(Limits::UNLIMITED);
    for (name, make) in FAMILIES {
        let src = make(64 * 1024);
        let r = Query::parse_with(&src, &opts);
        assert_eq!(r.is_err(), name.starts_with("near miss"), "{name}: {r:?}");
    }
}

#[test]
fn parse_errors_do_not_copy_huge_inputs() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // Rejected by the size limit: the error holds a short excerpt, not the input.
    let src = FAMILIES[0].1(4 * MB);
    let (err, peak) = peak_during(|| Query::parse(&src).unwrap_err());
    assert_eq!(err.kind, vtql::ErrorKind::QueryTooLong);
    assert!(peak < 64 * 1024, "peak {peak}");
}
