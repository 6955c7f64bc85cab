// Gathers the types generated from the Rust side by ts-rs (the other files in this folder,
// written by `cargo test -p pos-desktop`). ts-rs does not write this index: add a line here
// when a new type is exported.
export type { AppSettings } from "./AppSettings";
export type { BenchResult } from "./BenchResult";
export type { CommandError } from "./CommandError";
export type { DiskInfo } from "./DiskInfo";
export type { FailureKind } from "./FailureKind";
export type { FolderInfo } from "./FolderInfo";
export type { GpuLibraryStatus } from "./GpuLibraryStatus";
export type { JobId } from "./JobId";
export type { JobPayload } from "./JobPayload";
export type { JobProgress } from "./JobProgress";
export type { JobRemovedPayload } from "./JobRemovedPayload";
export type { JobRequest } from "./JobRequest";
export type { JobState } from "./JobState";
export type { JobStatus } from "./JobStatus";
export type { LabelMismatch } from "./LabelMismatch";
export type { ProviderChoice } from "./ProviderChoice";
export type { ProviderId } from "./ProviderId";
export type { ProviderInfo } from "./ProviderInfo";
export type { ProviderKind } from "./ProviderKind";
export type { ProvidersView } from "./ProvidersView";
export type { QueueOrderPayload } from "./QueueOrderPayload";
export type { SystemInfo } from "./SystemInfo";
export type { UpdateCheck } from "./UpdateCheck";
export type { UpdateStatus } from "./UpdateStatus";
export type { VerifyReport } from "./VerifyReport";
