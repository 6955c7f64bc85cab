//! The engine behind PoS Desktop: compute providers, jobs and their queue, and the data
//! folders that jobs write (see `docs/ARCHITECTURE.md`).

pub mod data_dir;
pub mod gpu_post;
