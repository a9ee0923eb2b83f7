//! What keeps untrusted article text harmless and the server responsive: security headers (a
//! strict Content-Security-Policy with no inline script), a request-size limit and a per-client
//! rate limit. Escaping happens where text meets the page (the web app builds DOM text nodes).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::ApiError;

/// No script but the app's own files, no inline script or style attributes, no framing, no
/// plugins; images may be data: URLs (Leaflet's icons).
pub(crate) const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(crate) fn headers() -> Vec<(HeaderName, HeaderValue)> {
    vec![
        (
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static(CSP),
        ),
        (
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ),
        (
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ),
        (
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("no-referrer"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ]
}

/// Requests per second each client address may make (with a burst of twice that).
pub(crate) type Limiter = Arc<DefaultKeyedRateLimiter<IpAddr>>;

pub(crate) fn limiter(per_second: NonZeroU32) -> Limiter {
    let burst = per_second.saturating_mul(NonZeroU32::MIN.saturating_add(1));
    Arc::new(RateLimiter::keyed(
        Quota::per_second(per_second).allow_burst(burst),
    ))
}

pub(crate) async fn rate_limit(
    State(limiter): State<Limiter>,
    req: Request,
    next: Next,
) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    if limiter.check_key(&ip).is_err() {
        return ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: "rate_limited",
            message: "too many requests; slow down".to_owned(),
        }
        .into_response();
    }
    next.run(req).await
}
