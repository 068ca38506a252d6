//! Who sent a request: the peer's address, or, when the peer is a proxy the seller
//! trusts (`serve --trusted-proxy`), the address and scheme that proxy forwarded.
//! Forwarded headers from anyone else are ignored: a buyer could write them.
//!
//! The seller's desk uses it for the session cookie's `Secure` flag and to slow
//! repeated sign-in failures per client; the hardening work reuses it for rate limits.

use axum::http::{HeaderMap, Uri};
use std::net::{IpAddr, SocketAddr};

/// Addresses (or networks, `10.0.0.0/8`, `fd00::/8`) of reverse proxies whose
/// `X-Forwarded-For` and `X-Forwarded-Proto` are believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

/// The client as far as the server can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Client {
    /// The peer's address, or the first address before the trusted proxies.
    pub ip: Option<IpAddr>,
    /// The request came over https (to a trusted proxy that said so).
    pub https: bool,
}

impl TrustedProxies {
    /// Reads `--trusted-proxy` values: an address or a network in CIDR notation each.
    pub fn parse(values: &[String]) -> Result<TrustedProxies, String> {
        let mut nets = Vec::new();
        for value in values.iter().flat_map(|v| v.split(',')).map(str::trim) {
            if value.is_empty() {
                continue;
            }
            let (addr, bits) = match value.split_once('/') {
                Some((addr, bits)) => (addr, Some(bits)),
                None => (value, None),
            };
            let ip: IpAddr = addr.parse().map_err(|_| {
                format!("--trusted-proxy {value}: not an IP address or a network like 10.0.0.0/8")
            })?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                None => max,
                Some(b) => b.parse::<u8>().ok().filter(|b| *b <= max).ok_or_else(|| {
                    format!("--trusted-proxy {value}: the prefix length must be 0 to {max}")
                })?,
            };
            nets.push((ip, bits));
        }
        Ok(TrustedProxies(nets))
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0
            .iter()
            .any(|(net, bits)| within(ip, canonical(*net), *bits))
    }

    /// The client of a request from `peer` with these headers.
    pub fn client(&self, peer: Option<SocketAddr>, headers: &HeaderMap, uri: &Uri) -> Client {
        let direct_https = uri.scheme_str() == Some("https");
        let Some(peer) = peer.map(|p| canonical(p.ip())) else {
            return Client {
                ip: None,
                https: direct_https,
            };
        };
        if !self.trusts(peer) {
            return Client {
                ip: Some(peer),
                https: direct_https,
            };
        }
        // The nearest proxy appends to X-Forwarded-For: walk back from the end past
        // the trusted ones; the first other address is the client.
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .map(canonical)
            .collect();
        let ip = forwarded
            .iter()
            .rev()
            .find(|ip| !self.trusts(**ip))
            .or(forwarded.first())
            .copied()
            .unwrap_or(peer);
        // The value the nearest proxy wrote (the last one when several were appended).
        let proto = headers
            .get_all("x-forwarded-proto")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .next_back();
        Client {
            ip: Some(ip),
            https: direct_https || proto.is_some_and(|p| p.eq_ignore_ascii_case("https")),
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    ip.to_canonical()
}

fn within(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn at(text: &str) -> Option<SocketAddr> {
        Some(text.parse().expect("address"))
    }

    #[test]
    fn forwarded_headers_count_only_from_a_trusted_proxy() {
        let uri = Uri::from_static("/");
        let sent = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("x-forwarded-proto", "https"),
        ]);
        let none = TrustedProxies::default();
        let direct = none.client(at("198.51.100.7:4000"), &sent, &uri);
        assert_eq!(direct.ip, Some("198.51.100.7".parse().expect("ip")));
        assert!(!direct.https, "a buyer cannot claim https");

        let proxies = TrustedProxies::parse(&["127.0.0.1".to_owned(), "10.0.0.0/8".to_owned()])
            .expect("parses");
        let proxied = proxies.client(at("127.0.0.1:4000"), &sent, &uri);
        assert_eq!(proxied.ip, Some("203.0.113.9".parse().expect("ip")));
        assert!(proxied.https);
        // Two proxies: the client is the last address no trusted proxy owns; one
        // the client wrote itself (first) is not believed.
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.1.2.3")]);
        let client = proxies.client(at("[::ffff:127.0.0.1]:4000"), &chain, &uri);
        assert_eq!(client.ip, Some("203.0.113.9".parse().expect("ip")));
        assert!(!client.https);
    }

    #[test]
    fn bad_proxy_values_are_named() {
        let e = TrustedProxies::parse(&["proxy.local".to_owned()]).expect_err("refused");
        assert!(e.contains("proxy.local"), "{e}");
        let e = TrustedProxies::parse(&["10.0.0.0/33".to_owned()]).expect_err("refused");
        assert!(e.contains("0 to 32"), "{e}");
        let nets = TrustedProxies::parse(&["fd00::/8, 192.168.0.0/16".to_owned()]).expect("ok");
        assert!(nets.trusts("fd12::1".parse().expect("ip")));
        assert!(nets.trusts("192.168.4.5".parse().expect("ip")));
        assert!(!nets.trusts("192.169.0.1".parse().expect("ip")));
    }
}
