//! Thin handlers, one file per resource. Each reads: extract (the [`extract`](crate::extract)
//! types check language, slug and CSRF before it runs) → load (through
//! [`queries`](crate::queries)) → decide (domain rules, [`forms`](crate::forms)) → render (a
//! view from [`pages`](crate::pages)). Errors are [`AppError`](crate::error::AppError)s, made
//! into localized pages at the edge. Handler files do not import each other.

pub mod actions;
pub mod assets;
pub mod cases;
pub mod feeds;
pub mod health;
pub mod home;
pub mod news;
pub mod post;
pub mod send;
pub mod write;
