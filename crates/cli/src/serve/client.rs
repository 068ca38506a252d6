//! Who is asking: the client's address and whether it came over https. Behind a
//! reverse proxy every connection comes from the proxy, so the client's address is in
//! a header the proxy adds; but any client can send that header too. It is believed
//! only when the connection comes from a proxy the operator named
//! (`--trusted-proxy CIDR`), and read from the right: the rightmost address the
//! trusted proxies did not add themselves is the client (the ones to its left were
//! written by the client, who may have written anything).
//!
//! The rate limit (limits.rs) and the seller's Secure cookie (the desk) both ask here.

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// Which header the trusted proxies write the client's address into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProxyHeader {
    /// `X-Forwarded-For: client, proxy1` (nginx, Caddy, most load balancers).
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client;proto=https, for=proxy1`.
    Forwarded,
}

impl ProxyHeader {
    pub fn parse(text: &str) -> Result<ProxyHeader, String> {
        match text.to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(ProxyHeader::XForwardedFor),
            "forwarded" => Ok(ProxyHeader::Forwarded),
            other => Err(format!(
                "\"{other}\" is not a header microshop reads addresses from: use x-forwarded-for or forwarded"
            )),
        }
    }
}

/// The proxies whose headers are believed. Empty (the default): none, the
/// connection's peer is the client.
#[derive(Clone, Debug)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
    header: ProxyHeader,
}

impl Default for TrustedProxies {
    fn default() -> Self {
        TrustedProxies {
            nets: Vec::new(),
            header: ProxyHeader::XForwardedFor,
        }
    }
}

impl TrustedProxies {
    /// From `--trusted-proxy` values: CIDR ranges (`10.0.0.0/8`) or single addresses.
    pub fn parse(values: &[String], header: ProxyHeader) -> Result<TrustedProxies, String> {
        let mut nets = Vec::new();
        for value in values.iter().flat_map(|v| v.split(',')).map(str::trim) {
            if value.is_empty() {
                continue;
            }
            let net = value
                .parse::<IpNet>()
                .or_else(|_| value.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!("--trusted-proxy \"{value}\" is not an address or a CIDR range such as 10.0.0.0/8")
                })?;
            nets.push(net);
        }
        Ok(TrustedProxies { nets, header })
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.nets.iter().any(|n| n.contains(&ip))
    }

    /// The client's address: the peer, or, when the peer is a trusted proxy, the
    /// rightmost address in its header that is not itself a trusted proxy.
    pub fn client(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.ip().to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let hops = match self.header {
            ProxyHeader::XForwardedFor => x_forwarded_for(headers),
            ProxyHeader::Forwarded => forwarded(headers, "for"),
        };
        let mut client = peer;
        for hop in hops.iter().rev() {
            // A hop that is not an address (`unknown`, an obfuscated name) ends
            // the chain: what is left of it cannot be checked.
            let Some(ip) = parse_ip(hop) else { break };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }

    /// Whether the request came over https: directly never (serve speaks plain
    /// http), through a trusted proxy when it says so (`X-Forwarded-Proto: https`
    /// or `Forwarded: proto=https`).
    pub fn is_https(&self, peer: SocketAddr, headers: &HeaderMap) -> bool {
        if !self.trusts(peer.ip()) {
            return false;
        }
        let proto = match self.header {
            ProxyHeader::XForwardedFor => headers
                .get_all("x-forwarded-proto")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(|v| v.trim().to_owned())
                .next_back(),
            ProxyHeader::Forwarded => forwarded(headers, "proto").pop(),
        };
        proto.is_some_and(|p| p.eq_ignore_ascii_case("https"))
    }
}

/// Every address of every `X-Forwarded-For` line, in order.
fn x_forwarded_for(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

/// The `key=` value of each element of every `Forwarded` line, in order.
fn forwarded(headers: &HeaderMap, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
    {
        for element in line.split(',') {
            let value = element.split(';').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case(key)
                    .then(|| v.trim().trim_matches('"').to_owned())
            });
            // An element without this key still counts as a hop (it cannot be
            // checked): it ends the chain like `unknown`.
            out.push(value.unwrap_or_default());
        }
    }
    out
}

/// `203.0.113.9`, `203.0.113.9:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn parse_ip(text: &str) -> Option<IpAddr> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Some(addr.ip().to_canonical());
    }
    let inner = text.strip_prefix('[')?.split(']').next()?;
    inner.parse::<IpAddr>().ok().map(|ip| ip.to_canonical())
}

/// The client as the seller's desk needs it: where failed sign-ins are counted,
/// and whether its session cookie must be `Secure`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Client {
    /// The client's address (`None` only without a connection, never over TCP).
    pub ip: Option<IpAddr>,
    /// The request came over https (to a trusted proxy that said so).
    pub https: bool,
}

impl TrustedProxies {
    /// The client of a request that came from `peer`.
    pub fn client_of(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> Client {
        match peer {
            Some(peer) => Client {
                ip: Some(self.client(peer, headers)),
                https: self.is_https(peer, headers),
            },
            None => Client {
                ip: None,
                https: false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, v.parse().expect("value"));
        }
        map
    }

    fn proxies(list: &[&str], header: ProxyHeader) -> TrustedProxies {
        let list: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        TrustedProxies::parse(&list, header).expect("parses")
    }

    const PROXY: &str = "10.0.0.5:443";

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_it_says() {
        let none = TrustedProxies::default();
        let forged = headers(&[("x-forwarded-for", "198.51.100.7")]);
        let peer: SocketAddr = "203.0.113.9:5000".parse().expect("addr");
        assert_eq!(none.client(peer, &forged), peer.ip());
        assert!(!none.is_https(peer, &headers(&[("x-forwarded-proto", "https")])));
    }

    #[test]
    fn the_rightmost_untrusted_address_is_the_client() {
        let trusted = proxies(&["10.0.0.0/8"], ProxyHeader::XForwardedFor);
        let peer: SocketAddr = PROXY.parse().expect("addr");
        // The client wrote a forged address first; the proxy appended the real one.
        let chain = headers(&[("x-forwarded-for", "198.51.100.7, 203.0.113.9")]);
        assert_eq!(
            trusted.client(peer, &chain),
            "203.0.113.9".parse::<IpAddr>().expect("ip")
        );
        // Two proxies of ours: the inner one is skipped.
        let two = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            ("x-forwarded-for", "203.0.113.9, 10.1.2.3"),
        ]);
        assert_eq!(
            trusted.client(peer, &two),
            "203.0.113.9".parse::<IpAddr>().expect("ip")
        );
        // A connection from elsewhere is not believed.
        let outsider: SocketAddr = "192.0.2.1:1".parse().expect("addr");
        assert_eq!(trusted.client(outsider, &chain), outsider.ip());
        assert!(trusted.is_https(peer, &headers(&[("x-forwarded-proto", "https")])));
    }

    #[test]
    fn reads_rfc7239_forwarded() {
        let trusted = proxies(&["10.0.0.5", "::1"], ProxyHeader::Forwarded);
        let peer: SocketAddr = PROXY.parse().expect("addr");
        let line = headers(&[(
            "forwarded",
            "for=198.51.100.7, for=\"[2001:db8::17]:4711\";proto=https",
        )]);
        assert_eq!(
            trusted.client(peer, &line),
            "2001:db8::17".parse::<IpAddr>().expect("ip")
        );
        assert!(trusted.is_https(peer, &line));
        let unknown = headers(&[("forwarded", "for=198.51.100.7, for=unknown")]);
        assert_eq!(
            trusted.client(peer, &unknown),
            peer.ip(),
            "cannot be checked"
        );
    }

    #[test]
    fn refuses_what_is_not_a_range() {
        let bad = TrustedProxies::parse(&["10.0.0.0/33".to_owned()], ProxyHeader::Forwarded);
        assert!(bad.unwrap_err().contains("10.0.0.0/33"));
        assert!(ProxyHeader::parse("x-real-ip").is_err());
    }
}
