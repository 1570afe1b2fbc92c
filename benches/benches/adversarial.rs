//! Linear time on hostile input: every adversarial family of
//! `adversarial_inputs.rs` (long chains, huge in-lists, very long strings, strings full of
//! `''`, deep whitespace, many columns, near misses that fail at the very end) parsed at
//! 1 KB, 64 KB and 1 MB, with throughput in bytes so criterion reports time per byte.
//!
//! Before the criterion groups run, a quick direct measurement prints, per family, the
//! time per byte at each size and the 1 MB / 1 KB ratio (flat means linear; the issue asks
//! for within 2x).
//!
//! ```text
//! cargo bench -p vtql-bench --bench adversarial
//! cargo bench -p vtql-bench --bench adversarial -- --warm-up-time 1 --measurement-time 2
//! ```

#[allow(dead_code)]
mod adversarial_inputs;

use std::hint::black_box;
use std::time::{Duration, Instant};

use adversarial_inputs::FAMILIES;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use vtql::{Limits, ParseOptions, Query};

const SIZES: [(&str, usize); 3] = [("1KB", 1 << 10), ("64KB", 64 << 10), ("1MB", 1 << 20)];

fn options() -> ParseOptions {
    ParseOptions::new().limits(Limits::UNLIMITED)
}

/// Best time per byte (ns) over repeated runs totalling about `budget`.
fn ns_per_byte(src: &str, budget: Duration) -> f64 {
    let opts = options();
    let mut best = f64::INFINITY;
    let start = Instant::now();
    let mut runs = 0;
    while runs < 5 || start.elapsed() < budget {
        // Batch small inputs so the clock's resolution does not matter.
        let batch = (1 << 16) / src.len().max(1) + 1;
        let t = Instant::now();
        for _ in 0..batch {
            let _ = black_box(Query::parse_with(black_box(src), &opts));
        }
        let per_byte = t.elapsed().as_nanos() as f64 / (batch * src.len()) as f64;
        best = best.min(per_byte);
        runs += 1;
    }
    best
}

fn ratio_table() {
    println!("\nadversarial families: best time per byte (ns/B) and the 1 MB / 1 KB ratio");
    println!("| family | 1 KB | 64 KB | 1 MB | 1 MB / 1 KB |");
    println!("|---|---:|---:|---:|---:|");
    for (name, make) in FAMILIES {
        let t: Vec<f64> = SIZES
            .iter()
            .map(|(_, n)| ns_per_byte(&make(*n), Duration::from_millis(300)))
            .collect();
        println!(
            "| {name} | {:.2} | {:.2} | {:.2} | {:.2}x |",
            t[0],
            t[1],
            t[2],
            t[2] / t[0]
        );
    }
    println!();
}

fn adversarial(c: &mut Criterion) {
    ratio_table();
    let opts = options();
    for (name, make) in FAMILIES {
        let mut group = c.benchmark_group(format!("adversarial/{name}"));
        for (label, n) in SIZES {
            let src = make(n);
            group.throughput(Throughput::Bytes(src.len() as u64));
            if n >= 1 << 20 {
                group.sample_size(10);
            }
            group.bench_with_input(BenchmarkId::from_parameter(label), &src, |b, src| {
                b.iter(|| Query::parse_with(black_box(src), &opts).is_ok())
            });
        }
        group.finish();
    }
}

criterion_group!(benches, adversarial);
criterion_main!(benches);
