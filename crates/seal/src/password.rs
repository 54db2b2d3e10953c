//! Organizers' passwords, hashed with Argon2id (RFC 9106) as PHC strings
//! (`$argon2id$v=19$m=65536,t=3,p=1$…`), so the parameters travel with each hash and can be
//! raised later without invalidating old ones.
//!
//! The parameters follow SecureDrop's choice of 64 MiB (RFC 9106's second recommended option
//! is 64 MiB, t=3, p=4; one lane here, since the admin runs beside the public site on a small
//! machine and a login must not take every core). `benches/password.rs` measures a hash on
//! the machine at hand; docs/admin.md has the figure. A login costs one hash; the web face runs
//! hashes on blocking threads, a few at a time, so a burst of logins cannot exhaust memory.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::Error;

/// Memory in KiB, passes, lanes.
pub const PASSWORD_PARAMS: (u32, u32, u32) = (64 * 1024, 3, 1);

fn argon2() -> Result<Argon2<'static>, Error> {
    let (m, t, p) = PASSWORD_PARAMS;
    let params = Params::new(m, t, p, None).map_err(|e| Error::Seal(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// The PHC string to store for `password`, with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, Error> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| Error::Seal(e.to_string()))?;
    let hash = argon2()?
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map_err(|e| Error::Seal(e.to_string()))?;
    Ok(hash.to_string())
}

/// Whether `password` is the one `stored` was made from. A stored string that is not a valid
/// hash is a mismatch, never a panic. With `stored` `None` (no such account, or no password
/// set yet), a hash is computed all the same, so the answer takes as long either way and
/// does not tell who has an account.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    let Ok(argon2) = argon2() else { return false };
    match stored {
        Some(phc) => argon2.verify_password(password.as_bytes(), phc).is_ok(),
        None => {
            let _ = argon2.hash_password_with_salt(password.as_bytes(), b"outcry-no-account");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_with_the_stated_parameters_and_verifies_its_password_only() {
        let stored = hash_password("correct horse battery staple").expect("hash");
        assert!(
            stored.starts_with("$argon2id$v=19$m=65536,t=3,p=1$"),
            "{stored}"
        );
        assert!(verify_password(
            "correct horse battery staple",
            Some(&stored)
        ));
        assert!(!verify_password(
            "correct horse battery stapl",
            Some(&stored)
        ));
        assert!(!verify_password("correct horse battery staple", None));
        assert!(!verify_password("x", Some("not a hash")));
        // A fresh salt each time.
        assert_ne!(
            stored,
            hash_password("correct horse battery staple").expect("hash")
        );
    }
}
