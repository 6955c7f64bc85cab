//! `SubscribeJobStatusStream`: the engine's events for one job or every job, as
//! `Job` messages in the order the engine emitted them.
//!
//! A stream for one job starts with the job as it is now, sends every change of
//! state, provider or PoW solution and every progress event (`bits_written`), and
//! ends once the job is completed or removed. A stream for every job (id 0) sends
//! what happens from the moment it starts, and never ends by itself. Both end when
//! the server shuts down. A message identical to the last one sent for the same job
//! is left out. Jobs out of the caller's reach are never sent.

use std::collections::HashMap;

use pos_engine::{EngineEvent, JobId, JobQueue};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, mpsc, watch};
use tokio_stream::wrappers::ReceiverStream;
use tonic::Status;

use crate::api::{self, job::JobStatus as ApiStatus};
use crate::auth::Reach;
use crate::convert::{all_jobs, job_by_id, job_message};

pub(crate) type JobStream = ReceiverStream<Result<api::JobStatusStreamResponse, Status>>;

/// Messages buffered per stream for a slow client; past that the stream waits, and
/// the engine's channel (which never waits) may skip events, which the stream then
/// replaces with the jobs' current state.
const BUFFERED_MESSAGES: usize = 64;

/// What a stream follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Follow {
    Every,
    One(JobId),
}

impl Follow {
    fn includes(self, id: JobId) -> bool {
        self == Self::Every || self == Self::One(id)
    }
}

/// Starts forwarding the engine's events; `closing` turns true when the server
/// shuts down.
pub(crate) fn job_updates(
    queue: JobQueue,
    follow: Follow,
    reach: Reach,
    closing: watch::Receiver<bool>,
) -> JobStream {
    // Subscribed before the first snapshot, so that no change falls between the two.
    let events = queue.subscribe();
    let (tx, rx) = mpsc::channel(BUFFERED_MESSAGES);
    let forward = Forward {
        queue,
        follow,
        reach,
        tx,
        closing,
        sent: HashMap::new(),
    };
    tokio::spawn(forward.run(events));
    ReceiverStream::new(rx)
}

struct Forward {
    queue: JobQueue,
    follow: Follow,
    reach: Reach,
    tx: mpsc::Sender<Result<api::JobStatusStreamResponse, Status>>,
    closing: watch::Receiver<bool>,
    /// The last message sent per job.
    sent: HashMap<u64, api::Job>,
}

/// Whether the stream goes on.
enum Next {
    Continue,
    End,
}

impl Forward {
    async fn run(mut self, mut events: broadcast::Receiver<EngineEvent>) {
        if let Follow::One(_) = self.follow
            && let Next::End = self.send_current().await
        {
            return;
        }
        loop {
            let event = tokio::select! {
                // Also when the server dropped the sender: it is gone either way.
                _ = self.closing.wait_for(|closing| *closing) => return,
                _ = self.tx.closed() => return,
                event = events.recv() => event,
            };
            let next = match event {
                Ok(event) => self.forward(event).await,
                // Events were skipped: the jobs as they are now stand in for them.
                Err(RecvError::Lagged(_)) => self.send_current().await,
                Err(RecvError::Closed) => Next::End,
            };
            if let Next::End = next {
                return;
            }
        }
    }

    /// The followed jobs as they are now.
    async fn send_current(&mut self) -> Next {
        match self.follow {
            Follow::One(id) => match job_by_id(&self.queue, id, self.reach) {
                Some(job) => self.send(job).await,
                None => Next::End,
            },
            Follow::Every => {
                for job in all_jobs(&self.queue, self.reach) {
                    if let Next::End = self.send(job).await {
                        return Next::End;
                    }
                }
                Next::Continue
            }
        }
    }

    async fn forward(&mut self, event: EngineEvent) -> Next {
        match event {
            EngineEvent::JobAdded { job } | EngineEvent::JobChanged { job }
                if self.follow.includes(job.id) =>
            {
                let Ok(request) = self.queue.request(job.id) else {
                    return Next::Continue; // removed meanwhile; JobRemoved follows
                };
                if !self.reach.includes(request.origin) {
                    return Next::Continue;
                }
                let message = job_message(&job, &request, &self.queue.providers());
                self.send(message).await
            }
            EngineEvent::Progress {
                id,
                labels_done,
                total_labels,
                ..
            } if self.follow.includes(id) => {
                // The last message with the new count: a fresh snapshot could be ahead
                // of state changes that are still on their way. Only jobs within
                // reach were sent.
                let message = match self.sent.get(&id.0) {
                    Some(last) => {
                        let bits = last.size_bits / total_labels.max(1);
                        api::Job {
                            bits_written: labels_done.saturating_mul(bits),
                            ..last.clone()
                        }
                    }
                    None => match job_by_id(&self.queue, id, self.reach) {
                        Some(job) => job,
                        None => return Next::Continue,
                    },
                };
                self.send(message).await
            }
            EngineEvent::JobRemoved { id } => {
                self.sent.remove(&id.0);
                match self.follow {
                    Follow::One(followed) if followed == id => Next::End,
                    _ => Next::Continue,
                }
            }
            _ => Next::Continue,
        }
    }

    async fn send(&mut self, job: api::Job) -> Next {
        if self.sent.get(&job.id) == Some(&job) {
            return Next::Continue;
        }
        let completed = job.status() == ApiStatus::Completed;
        let message = api::JobStatusStreamResponse {
            job: Some(job.clone()),
        };
        // A client that reads nothing must not hold up the server's shutdown.
        tokio::select! {
            sent = self.tx.send(Ok(message)) => if sent.is_err() {
                return Next::End; // the client went away
            },
            _ = self.closing.wait_for(|closing| *closing) => return Next::End,
        }
        self.sent.insert(job.id, job);
        match self.follow {
            Follow::One(_) if completed => Next::End,
            _ => Next::Continue,
        }
    }
}
