use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Labels per second over a sliding window, for speed and ETA.
#[derive(Debug, Default)]
pub(crate) struct RateMeter {
    samples: VecDeque<(Instant, u64)>,
}

const WINDOW: Duration = Duration::from_secs(15);

impl RateMeter {
    pub fn record(&mut self, at: Instant, labels_done: u64) {
        self.samples.push_back((at, labels_done));
        while self.samples.len() > 2 && at.duration_since(self.samples[0].0) > WINDOW {
            self.samples.pop_front();
        }
    }

    pub fn reset(&mut self) {
        self.samples.clear();
    }

    pub fn labels_per_sec(&self) -> f64 {
        match (self.samples.front(), self.samples.back()) {
            (Some(&(t0, l0)), Some(&(t1, l1))) if t1 > t0 && l1 >= l0 => {
                (l1 - l0) as f64 / t1.duration_since(t0).as_secs_f64()
            }
            _ => 0.0,
        }
    }

    pub fn eta_secs(&self, remaining: u64) -> Option<u64> {
        let rate = self.labels_per_sec();
        (rate > 0.0).then(|| (remaining as f64 / rate).ceil() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_and_eta_from_samples() {
        let mut m = RateMeter::default();
        let t = Instant::now();
        assert_eq!(m.labels_per_sec(), 0.0);
        assert_eq!(m.eta_secs(10), None);
        m.record(t, 0);
        m.record(t + Duration::from_secs(2), 1000);
        assert_eq!(m.labels_per_sec(), 500.0);
        assert_eq!(m.eta_secs(1000), Some(2));
        // Old samples leave the window.
        m.record(t + Duration::from_secs(30), 1000 + 28 * 100);
        m.record(t + Duration::from_secs(31), 1000 + 29 * 100);
        assert_eq!(m.labels_per_sec(), 100.0);
    }
}
