//! The engine behind PoS Desktop: compute providers, jobs and their queue, and the data
//! folders that jobs write (see `docs/ARCHITECTURE.md`).

pub mod gpu_post;
