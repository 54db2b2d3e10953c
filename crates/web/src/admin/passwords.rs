//! Argon2id off the async runtime: a hash takes a core and 64 MiB for a moment, so it runs on
//! a blocking thread, at most two at a time ([`AppState::hashing`]).

use crate::error::AppError;
use crate::state::AppState;

/// The PHC string for `password`.
pub async fn hash(state: &AppState, password: String) -> Result<String, AppError> {
    let _permit = state.hashing.acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(move || outcry_seal::hash_password(&password))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}

/// Whether `password` matches `stored`; as slow when there is nothing stored.
pub async fn verify(
    state: &AppState,
    password: String,
    stored: Option<String>,
) -> Result<bool, AppError> {
    let _permit = state.hashing.acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(move || outcry_seal::verify_password(&password, stored.as_deref()))
        .await
        .map_err(AppError::internal)
}
