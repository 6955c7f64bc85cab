//! Jobs paused because their folder went away (a drive unplugged) go on by themselves
//! once the folder is back.

use std::sync::Arc;
use std::time::Duration;

use super::JobQueue;
use crate::job::JobId;

/// How often a job paused because its folder went away looks for it again.
const FOLDER_WATCH_INTERVAL: Duration = Duration::from_secs(2);

impl JobQueue {
    /// Resumes jobs paused because their folder went away (a drive unplugged) once the
    /// folder is back. The thread holds the queue weakly and ends with it.
    pub(super) fn watch_for_returning_folders(&self) {
        let shared = Arc::downgrade(&self.shared);
        let spawned = std::thread::Builder::new()
            .name("folder-watch".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(FOLDER_WATCH_INTERVAL);
                    let Some(shared) = shared.upgrade() else {
                        return;
                    };
                    let queue = JobQueue { shared };
                    let back: Vec<(JobId, std::path::PathBuf)> = {
                        let table = queue.lock();
                        if table.board.closing {
                            return;
                        }
                        let board = &table.board;
                        board
                            .jobs_without_folder()
                            .into_iter()
                            .map(|id| (id, board.jobs[&id].spec.dir.clone()))
                            .filter(|(_, dir)| dir.exists())
                            .collect()
                    };
                    for (id, dir) in back {
                        match queue.resume(id) {
                            Ok(_) => {
                                tracing::info!(job = id.0, "{} is back: resumed", dir.display())
                            }
                            Err(e) => tracing::debug!(job = id.0, "not resumed yet: {e}"),
                        }
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::warn!("cannot watch for returning folders: {e}");
        }
    }
}
