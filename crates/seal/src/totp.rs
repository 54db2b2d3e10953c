//! Time-based one-time codes (RFC 6238) for the admin's second factor: SHA-1, six digits,
//! 30-second steps, the codes of the step before and after accepted for clocks that drift
//! (totp-rs does the arithmetic). [`TotpSecret::matching_step`] says *which* step a code
//! matched: the caller stores the last step accepted and refuses any code at or before it, in
//! one conditional update (RFC 6238 §5.2; Gitea and Vaultwarden do the same), so a code seen
//! over a shoulder or replayed by a second request is worthless.

use totp_rs::{Builder, Secret, Totp};

use crate::Error;

/// Seconds per step.
pub const TOTP_STEP_SECS: u64 = 30;
/// Digits per code.
pub const TOTP_DIGITS: usize = 6;
/// Bytes of secret: 160 bits, RFC 4226's recommendation.
const SECRET_BYTES: usize = 20;

/// A shared secret between the server and an organizer's authenticator app.
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

impl TotpSecret {
    /// A new random secret.
    pub fn generate() -> Result<TotpSecret, Error> {
        let mut bytes = vec![0u8; SECRET_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| Error::Seal(e.to_string()))?;
        Ok(TotpSecret(bytes))
    }

    /// The secret from its bytes (as [`crate::AdminKey::open_secret`] gives them back).
    pub fn from_bytes(bytes: Vec<u8>) -> TotpSecret {
        TotpSecret(bytes)
    }

    /// The bytes, to be encrypted for the database.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The secret in base32, as an organizer types it into an app that cannot scan.
    pub fn base32(&self) -> String {
        Secret::new(self.0.clone().into_boxed_slice()).to_base32()
    }

    fn totp(&self, account: &str, issuer: &str) -> Result<Totp, Error> {
        // `:` separates issuer and account in the otpauth label; neither may hold one.
        let clean = |s: &str| s.replace(':', " ");
        Builder::new()
            .with_secret(Secret::new(self.0.clone().into_boxed_slice()))
            .with_skew(1)
            .with_step_duration(TOTP_STEP_SECS)
            .with_account_name(clean(account))
            .with_issuer(Some(clean(issuer)))
            .build()
            .map_err(|e| Error::Seal(e.to_string()))
    }

    /// The `otpauth://totp/…` URL an app scans from the QR code.
    pub fn otpauth_url(&self, account: &str, issuer: &str) -> Result<String, Error> {
        self.totp(account, issuer)?
            .to_url()
            .map_err(|e| Error::Seal(e.to_string()))
    }

    /// The step (`unix_time / 30`) whose code `code` is, among the step of `unix_time` and the
    /// one on each side; `None` for any other code, or text that is not six digits (spaces
    /// ignored).
    pub fn matching_step(&self, code: &str, unix_time: u64) -> Option<u64> {
        let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != TOTP_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.totp("", "Outcry").ok()?.check(&digits, unix_time)
    }

    /// The code for `unix_time`: for tests, which play the organizer's app.
    pub fn code_at(&self, unix_time: u64) -> Result<String, Error> {
        Ok(self.totp("", "Outcry")?.generate(unix_time).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1: the secret "12345678901234567890", 8 digits there; the
    /// last six digits are the six-digit code.
    #[test]
    fn codes_match_the_rfc_vectors() {
        let secret = TotpSecret::from_bytes(b"12345678901234567890".to_vec());
        assert_eq!(secret.code_at(59).expect("code"), "287082");
        assert_eq!(secret.code_at(1_111_111_109).expect("code"), "081804");
        assert_eq!(secret.code_at(2_000_000_000).expect("code"), "279037");
    }

    #[test]
    fn a_code_matches_its_step_and_the_neighbours_only() {
        let secret = TotpSecret::generate().expect("secret");
        let now = 1_800_000_000;
        let step = now / TOTP_STEP_SECS;
        let code = secret.code_at(now).expect("code");
        assert_eq!(secret.matching_step(&code, now), Some(step));
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(secret.matching_step(&spaced, now), Some(step));
        assert_eq!(secret.matching_step(&code, now + 30), Some(step));
        assert_eq!(secret.matching_step(&code, now - 30), Some(step));
        assert_eq!(secret.matching_step(&code, now + 61), None);
        assert_eq!(secret.matching_step("12345", now), None);
        assert_eq!(secret.matching_step("12345a", now), None);
        assert_eq!(secret.matching_step("١٢٣٤٥٦", now), None);
    }

    #[test]
    fn the_url_names_the_issuer_and_account_and_carries_the_secret() {
        let secret = TotpSecret::from_bytes(b"12345678901234567890".to_vec());
        let url = secret
            .otpauth_url("anna@example.org", "Outcry: demo")
            .expect("url");
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains("anna%40example.org"), "{url}");
        assert!(
            url.contains(&format!("secret={}", secret.base32())),
            "{url}"
        );
    }
}
