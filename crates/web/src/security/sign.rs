//! Short MACs over what the server hands the browser to keep (CSRF tokens, the acted cookie,
//! the human check's pass). They live in `outcry-wire`, beside the readers that check them,
//! so the fuzz targets exercise the same code the site runs.

pub use outcry_wire::signed::Keyring;
