//! `PosDataService` over the engine's job queue: every call is a few lines around a
//! queue method. Calls that write to disk or wait for a provider to stop (add, abort,
//! delete) run on a blocking thread.

use std::sync::{Arc, Mutex, MutexGuard};

use pos_engine::{EngineError, JobId, JobQueue};
use tokio::sync::watch;
use tonic::{Request, Response, Status};

use crate::add_job::job_request;
use crate::api::{self, pos_data_service_server::PosDataService};
use crate::auth::Reach;
use crate::config::ApiConfig;
use crate::convert::{all_jobs, ids_within, job_by_id, provider_message};
use crate::status::{engine_status, join_status};
use crate::stream::{Follow, JobStream, job_updates};

/// The service's state; clones share it.
#[derive(Clone)]
pub(crate) struct PosDataApi {
    queue: JobQueue,
    config: Arc<Mutex<ApiConfig>>,
    /// Turns true when the server shuts down, which ends open streams.
    closing: watch::Receiver<bool>,
}

impl PosDataApi {
    pub fn new(queue: JobQueue, config: ApiConfig, closing: watch::Receiver<bool>) -> Self {
        Self {
            queue,
            config: Arc::new(Mutex::new(config)),
            closing,
        }
    }

    fn config(&self) -> MutexGuard<'_, ApiConfig> {
        // Replaced whole, so a panic elsewhere cannot leave it half-changed.
        self.config.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs blocking engine calls off the async workers.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(JobQueue) -> Result<T, Status> + Send + 'static,
    ) -> Result<T, Status> {
        let queue = self.queue.clone();
        tokio::task::spawn_blocking(move || work(queue))
            .await
            .map_err(join_status)?
    }

    /// A job out of the caller's reach is answered as if there were none.
    fn existing_job(&self, id: u64, reach: Reach) -> Result<api::Job, Status> {
        job_by_id(&self.queue, JobId(id), reach)
            .ok_or_else(|| Status::not_found(format!("there is no job {id}")))
    }
}

#[tonic::async_trait]
impl PosDataService for PosDataApi {
    async fn get_providers(
        &self,
        _: Request<api::GetProvidersRequest>,
    ) -> Result<Response<api::GetProvidersResponse>, Status> {
        let providers = self.queue.providers();
        Ok(Response::new(api::GetProvidersResponse {
            providers: providers
                .iter()
                .enumerate()
                .map(|(i, p)| provider_message(i, p))
                .collect(),
        }))
    }

    async fn set_config(
        &self,
        request: Request<api::SetConfigRequest>,
    ) -> Result<Response<api::SetConfigResponse>, Status> {
        let message = request
            .into_inner()
            .config
            .ok_or_else(|| Status::invalid_argument("config is missing"))?;
        let base = std::env::current_dir().map_err(|e| {
            Status::internal(format!("cannot read the server's working folder: {e}"))
        })?;
        let config = ApiConfig::from_message(&message, &base).map_err(Status::invalid_argument)?;
        tracing::info!(?config, "configuration set through the API");
        *self.config() = config;
        Ok(Response::new(api::SetConfigResponse {}))
    }

    async fn get_config(
        &self,
        _: Request<api::GetConfigRequest>,
    ) -> Result<Response<api::GetConfigResponse>, Status> {
        Ok(Response::new(api::GetConfigResponse {
            config: Some(self.config().to_message()),
        }))
    }

    async fn add_job(
        &self,
        request: Request<api::AddJobRequest>,
    ) -> Result<Response<api::AddJobResponse>, Status> {
        let reach = Reach::of(&request);
        let config = self.config().clone();
        let request = job_request(request.get_ref(), &config).map_err(Status::invalid_argument)?;
        let id = self
            .blocking(move |queue| queue.add(request).map_err(|e| engine_status(&e)))
            .await?
            .id;
        Ok(Response::new(api::AddJobResponse {
            job: Some(self.existing_job(id.0, reach)?),
        }))
    }

    async fn get_job_status(
        &self,
        request: Request<api::GetJobStatusRequest>,
    ) -> Result<Response<api::GetJobStatusResponse>, Status> {
        Ok(Response::new(api::GetJobStatusResponse {
            job: Some(self.existing_job(request.get_ref().id, Reach::of(&request))?),
        }))
    }

    async fn get_all_jobs_statuses(
        &self,
        request: Request<api::GetAllJobsStatusRequest>,
    ) -> Result<Response<api::GetAllJobsStatusResponse>, Status> {
        Ok(Response::new(api::GetAllJobsStatusResponse {
            jobs: all_jobs(&self.queue, Reach::of(&request)),
        }))
    }

    /// Aborts (cancels) the job, or every job within the caller's reach for id 0. With
    /// `delete_Job` the job leaves the list; with `delete_data` its file and metadata
    /// are removed too, and so is the job, which cannot go on without them. For id 0,
    /// completed jobs are left as they are unless something is to be deleted.
    async fn abort_job(
        &self,
        request: Request<api::AbortJobRequest>,
    ) -> Result<Response<api::AbortJobResponse>, Status> {
        let reach = Reach::of(&request);
        let api::AbortJobRequest {
            id,
            delete_job,
            delete_data,
        } = request.into_inner();
        let every = id == 0;
        let ids: Vec<JobId> = if every {
            ids_within(&self.queue, reach)
        } else {
            self.existing_job(id, reach)?;
            vec![JobId(id)]
        };
        self.blocking(move |queue| {
            for id in ids {
                let result = if delete_job || delete_data {
                    queue.delete(id, delete_data)
                } else {
                    queue.abort(id).map(drop)
                };
                match result {
                    Ok(()) => {}
                    // Gone or complete meanwhile: nothing to stop.
                    Err(EngineError::NoSuchJob(_) | EngineError::InvalidState { .. }) if every => {}
                    Err(e) => return Err(engine_status(&e)),
                }
            }
            Ok(())
        })
        .await?;
        Ok(Response::new(api::AbortJobResponse {}))
    }

    type SubscribeJobStatusStreamStream = JobStream;

    async fn subscribe_job_status_stream(
        &self,
        request: Request<api::JobStatusStreamRequest>,
    ) -> Result<Response<JobStream>, Status> {
        let reach = Reach::of(&request);
        let follow = match request.get_ref().id {
            0 => Follow::Every,
            id => Follow::One(JobId(self.existing_job(id, reach)?.id)),
        };
        Ok(Response::new(job_updates(
            self.queue.clone(),
            follow,
            reach,
            self.closing.clone(),
        )))
    }
}
