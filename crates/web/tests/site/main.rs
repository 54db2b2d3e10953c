//! The public site as a browser sees it, through the real router, on a real SQLite database
//! loaded with the demo case, at a fixed time. Each test checks what a supporter would notice:
//! status codes, the words and the structure of the page, and whether their action was counted.

mod harness;

mod action;
mod admin;
mod assets;
mod case;
mod compression;
mod counting;
mod health;
mod home;
mod limits;
mod load;
mod logs;
mod metrics;
mod news;
mod onion;
mod print;
mod privacy;
mod security;
mod send;
mod snapshots;
mod write;
