//! Which processors a job may use: its choice, less those taken off it or switched off,
//! the CPU as the last resort; and taking a processor off every job it is wrong for.

use std::collections::HashSet;

use super::{Board, QualKey, Slot, Verdict};
use crate::job::{FailureKind, JobId, JobState, ProviderChoice};
use crate::provider::ProviderId;

impl Board {
    /// Switches processors on and off. A switched-off processor finishes nothing: its
    /// task is cancelled and the job goes on elsewhere.
    pub fn set_disabled(&mut self, disabled: &HashSet<ProviderId>) {
        for slot in &mut self.slots {
            slot.enabled = !disabled.contains(&slot.id);
            if !slot.enabled
                && let Some((job, _)) = slot.busy
            {
                self.effects.cancel.push(slot.id.clone());
                self.effects.changed.insert(job);
            }
        }
        let waiting: Vec<JobId> = self.order.clone();
        for id in waiting {
            self.touch(id);
        }
        self.schedule();
    }

    /// Holds every job back for `reason` (a pause rule: on battery, someone using the
    /// computer, outside the chosen hours), or lets them go on (`None`). Held, running
    /// tasks stop at their next checkpoint and the jobs wait, queued, saying why; they
    /// are not paused, so they go on by themselves when the hold lifts.
    pub fn set_hold(&mut self, reason: Option<String>) {
        if self.hold == reason {
            return;
        }
        self.hold = reason;
        if self.hold.is_some() {
            for slot in &self.slots {
                if let Some((job, _)) = slot.busy {
                    self.effects.cancel.push(slot.id.clone());
                    self.effects.changed.insert(job);
                }
            }
        }
        for id in self.order.clone() {
            self.touch(id);
        }
        self.schedule();
    }

    /// Takes `processor` off every job of N and label size `key`; a job with no
    /// processor left fails.
    pub(super) fn take_off(&mut self, processor: &ProviderId, key: QualKey, reason: String) {
        self.verdicts
            .insert((processor.clone(), key), Verdict::Failed(reason.clone()));
        let affected: Vec<JobId> = self
            .order
            .iter()
            .copied()
            .filter(|id| self.jobs[id].key() == key && !self.jobs[id].state.is_finished())
            .collect();
        for id in affected {
            let job = self.jobs.get_mut(&id).expect("listed");
            job.off.insert(processor.clone(), reason.clone());
            let left: Vec<String> = self
                .processors_left(id)
                .iter()
                .filter_map(|p| self.slot(p))
                .map(|s| s.label.clone())
                .collect();
            if !left.is_empty() {
                let shown = format!("{reason}; this job continues on {}", left.join(", "));
                self.jobs
                    .get_mut(&id)
                    .expect("listed")
                    .off
                    .insert(processor.clone(), shown);
            }
            self.touch(id);
            self.effects.save = true;
            if let Some(slot) = self.slots.iter().find(|s| &s.id == processor)
                && slot.busy.is_some_and(|(j, _)| j == id)
            {
                self.effects.cancel.push(processor.clone());
            }
            if self.processors_left(id).is_empty() && self.jobs[&id].state.wants_providers() {
                let reasons: Vec<String> = self.jobs[&id].off.values().cloned().collect();
                self.set_state(
                    id,
                    JobState::Failed {
                        kind: FailureKind::Compute,
                        message: format!(
                            "no processor is left that computes this job right: {}",
                            reasons.join("; ")
                        ),
                    },
                );
            }
        }
    }

    /// The processors that may still work on the job, switched on or not: its choice
    /// (every GPU when automatic) less those taken off it; when none of those is
    /// switched on, the CPU as the last resort, unless it is off this job too.
    pub fn processors_left(&self, id: JobId) -> Vec<ProviderId> {
        let job = &self.jobs[&id];
        let usable = |s: &Slot| !job.off.contains_key(&s.id) && !self.failed(&s.id, job.key());
        let chosen = |s: &Slot| match &job.spec.providers {
            ProviderChoice::Automatic => s.automatic,
            ProviderChoice::Specific(ids) => ids.contains(&s.id),
        };
        let mut left: Vec<&Slot> = self
            .slots
            .iter()
            .filter(|s| chosen(s) && usable(s))
            .collect();
        if !left.iter().any(|s| s.enabled) {
            left.extend(
                self.slots
                    .iter()
                    .filter(|s| s.is_cpu && usable(s) && !chosen(s)),
            );
        }
        left.into_iter().map(|s| s.id.clone()).collect()
    }

    /// Processors taken off the job, also those found wrong for its N and label size
    /// on another job.
    pub fn processors_off(&self, id: JobId) -> Vec<crate::job::ProcessorOff> {
        let Some(job) = self.jobs.get(&id) else {
            return Vec::new();
        };
        let mut off = job.off.clone();
        for ((p, key), verdict) in &self.verdicts {
            if let Verdict::Failed(reason) = verdict
                && *key == job.key()
            {
                off.entry(p.clone()).or_insert_with(|| reason.clone());
            }
        }
        off.into_iter()
            .map(|(processor, reason)| crate::job::ProcessorOff { processor, reason })
            .collect()
    }

    pub(super) fn slot(&self, id: &ProviderId) -> Option<&Slot> {
        self.slots.iter().find(|s| &s.id == id)
    }

    pub(super) fn failed(&self, processor: &ProviderId, key: QualKey) -> bool {
        matches!(
            self.verdicts.get(&(processor.clone(), key)),
            Some(Verdict::Failed(_))
        )
    }

    /// Whether `processor` may work on job `id` now.
    pub(super) fn may_run(&self, processor: &Slot, id: JobId) -> bool {
        processor.enabled && self.processors_left(id).contains(&processor.id)
    }

    /// Why a queued job has no processor now, or why a paused one waits for its folder;
    /// `None` when nothing holds it up.
    pub fn waiting_for(&self, id: JobId) -> Option<String> {
        let job = self.jobs.get(&id)?;
        if job.state == JobState::Paused {
            return job.folder_gone.clone();
        }
        if job.pause_after_files {
            return Some("it pauses once the files being written now are complete".to_owned());
        }
        if let Some(hold) = &self.hold
            && job.state.wants_providers()
        {
            return Some(format!("paused: {hold}"));
        }
        if job.state != JobState::Queued {
            return None;
        }
        let left = self.processors_left(id);
        if left.iter().any(|p| self.slot(p).is_some_and(|s| s.enabled)) {
            return None;
        }
        Some(if left.is_empty() {
            "no processor can run it".to_owned()
        } else {
            format!(
                "its processors are switched off ({}); switch one on under Processors",
                left.iter()
                    .map(ProviderId::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    }
}
