//! How long an organizer's login waits for its password hash on this machine, and how much
//! memory one hash takes: `bench/password` runs it beside the reference C implementation
//! (libargon2 through argon2-cffi) at the same parameters.
//! Usage: password_bench [HASHES]

use std::time::Instant;

fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let (m, t, p) = outcry_seal::PASSWORD_PARAMS;
    let stored = match outcry_seal::hash_password("warm-up password") {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hashing failed: {e}");
            std::process::exit(1);
        }
    };
    let started = Instant::now();
    for i in 0..n {
        let ok = outcry_seal::verify_password(&format!("attempt {i}"), Some(&stored));
        assert!(!ok, "a wrong password never matches");
    }
    let each = started.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    println!(
        "outcry-seal (RustCrypto argon2 0.6), argon2id m={m} KiB t={t} p={p}: {n} verifications, {each:.1} ms each"
    );
}
