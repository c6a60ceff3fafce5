//! The site's own address, for what leaves the browser: the URL and QR code of a printed
//! fiche, the links of a feed.

use std::net::{IpAddr, SocketAddr};

use axum::http::header::HOST;
use axum::http::uri::Authority;
use axum::http::HeaderMap;

use crate::serve::LocalAddr;

/// The `host[:port]` of the site for a request that came in on `local`, when no public URL
/// is configured: its `Host` header if that names `local` (its IP address, or `localhost` on
/// a loopback address, with `local`'s port), else `local` itself. Anyone can send any
/// `Host`; printed unchecked, a forged one would send the residents handed a fiche to
/// another site. `None` when the request came from no socket (in-process tests).
pub(crate) fn authority(headers: &HeaderMap, local: Option<LocalAddr>) -> Option<String> {
    let LocalAddr(local) = local?;
    let named = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.parse::<Authority>().ok())
        .filter(|authority| names(authority, local));
    Some(named.map_or_else(|| local.to_string(), |a| a.as_str().to_owned()))
}

/// Whether `authority` names the socket address `local`.
fn names(authority: &Authority, local: SocketAddr) -> bool {
    if authority.port_u16().unwrap_or(80) != local.port() {
        return false;
    }
    let host = authority.host();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    match host.parse::<IpAddr>() {
        Ok(ip) => ip.to_canonical() == local.ip().to_canonical(),
        Err(_) => host.eq_ignore_ascii_case("localhost") && local.ip().is_loopback(),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn with_host(host: &str, local: &str) -> Option<String> {
        let mut headers = HeaderMap::new();
        headers.insert(HOST, HeaderValue::from_str(host).expect("a header value"));
        authority(&headers, Some(LocalAddr(local.parse().expect("an address"))))
    }

    #[test]
    fn a_host_naming_the_listening_address_is_kept() {
        assert_eq!(
            with_host("127.0.0.1:8080", "127.0.0.1:8080").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            with_host("LocalHost:8080", "127.0.0.1:8080").as_deref(),
            Some("LocalHost:8080")
        );
        assert_eq!(
            with_host("[::1]:8080", "[::1]:8080").as_deref(),
            Some("[::1]:8080")
        );
        assert_eq!(
            with_host("192.0.2.7", "192.0.2.7:80").as_deref(),
            Some("192.0.2.7")
        );
    }

    #[test]
    fn a_forged_host_gives_way_to_the_listening_address() {
        for forged in [
            "evil.example:8080",
            "evil.example",
            "127.0.0.1:9999",
            "localhost:8080",
            "10.0.0.1:8080",
            "a b",
            "127.0.0.1:8080/../x",
        ] {
            let local = if forged == "localhost:8080" {
                "192.0.2.7:8080"
            } else {
                "127.0.0.1:8080"
            };
            assert_eq!(with_host(forged, local).as_deref(), Some(local), "{forged}");
        }
        assert_eq!(
            authority(
                &HeaderMap::new(),
                Some(LocalAddr("127.0.0.1:80".parse().unwrap()))
            )
            .as_deref(),
            Some("127.0.0.1:80")
        );
        assert_eq!(authority(&HeaderMap::new(), None), None);
    }
}
