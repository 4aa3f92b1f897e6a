//! How the pooled HTTP client is set up for one site.

use std::time::Duration;

use reqwest::redirect;

/// How many redirects are followed, as reqwest does by default.
const MAX_REDIRECTS: usize = 10;

/// What the HTTP client is built from (on the first request).
pub(crate) struct Transport {
    pub timeout: Duration,
    /// The site is `http://`: no TLS is needed to reach it.
    pub plain_http: bool,
    /// Extra trusted roots (a private CA).
    pub extra_roots: Vec<reqwest::Certificate>,
    pub insecure_skip_verify: bool,
}

impl Transport {
    pub fn build(&self) -> Result<reqwest::Client, String> {
        let mut builder = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.timeout.min(Duration::from_secs(10)))
            .pool_idle_timeout(Duration::from_secs(60))
            .tcp_nodelay(true);
        if self.plain_http && self.extra_roots.is_empty() && !self.insecure_skip_verify {
            // Loading the system's trust store (hundreds of certificates)
            // is most of a client's set-up; a plain-HTTP site never needs
            // it. Following such a site to an https:// address would then
            // fail on an unknown issuer, so say what to do instead.
            builder = builder
                .tls_certs_only(Vec::<reqwest::Certificate>::new())
                .redirect(redirect::Policy::custom(|attempt| {
                    if attempt.url().scheme() == "https" {
                        let to = attempt.url().to_string();
                        attempt.error(format!("the site redirects to {to}; set url to its https:// address"))
                    } else if attempt.previous().len() > MAX_REDIRECTS {
                        attempt.error("too many redirects")
                    } else {
                        attempt.follow()
                    }
                }));
        } else if !self.extra_roots.is_empty() {
            builder = builder.tls_certs_merge(self.extra_roots.iter().cloned());
        }
        if self.insecure_skip_verify {
            builder = builder.tls_danger_accept_invalid_certs(true);
        }
        builder.build().map_err(|e| format!("could not set up HTTPS: {e}"))
    }
}
