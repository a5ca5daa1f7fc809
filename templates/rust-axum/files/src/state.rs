//! State shared by every handler.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use metrics_exporter_prometheus::PrometheusHandle;

use crate::clients::Clients;
use crate::config::Config;
use crate::telemetry;

/// What handlers can reach through `State(state): State<AppState>`.
///
/// Add the service's own resources (database pools, clients) here; it is
/// cloned per request, so keep fields cheap to clone (`Arc`, pools).
#[derive(Clone)]
pub struct AppState {
    /// The validated configuration.
    pub config: Arc<Config>,
    /// Renders the Prometheus metrics.
    pub metrics: PrometheusHandle,
    /// The clients of other services (`msgen add-dependency`).
    pub clients: Clients,
    ready: Arc<AtomicBool>,
}

impl AppState {
    /// State for a service configured by `config`; it starts ready.
    pub fn new(config: Config) -> Self {
        Self {
            clients: Clients::new(&config.clients),
            config: Arc::new(config),
            metrics: telemetry::metrics_handle(),
            ready: Arc::new(AtomicBool::new(true)),
        }
    }

    /// Whether `/readyz` answers 200.
    ///
    /// Add checks of the dependencies the service cannot work without here.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    /// Makes `/readyz` answer 503 from now on (the process is shutting down).
    pub fn set_not_ready(&self) {
        self.ready.store(false, Ordering::Release);
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new(Config::default())
    }
}
