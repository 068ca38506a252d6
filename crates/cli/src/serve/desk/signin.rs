//! Signing in and out: the server-rendered sign-in page (no wasm: it works before
//! anything of the desk loaded), the form that takes the secret, the one-time links
//! `microshop seller-token` prints, and sign-out.

use super::secret::Attempt;
use super::session;
use super::words::{SignInWords, Word};
use super::{blocking, random, see_other, Shared, SignedIn};
use crate::publish::escape::html;
use crate::store::{now_ms, sha256_hex};
use axum::body::Body;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::time::{Duration, Instant};

use crate::serve::client::Client;

/// Largest sign-in form accepted (a secret is far shorter).
const MAX_FORM_BYTES: usize = 4 * 1024;

/// The sign-in page's styles: the storefront's design tokens, then its own few rules.
const STYLESHEET: &str = concat!(
    include_str!("../../../../../style/tokens.css"),
    "\n",
    include_str!("signin.css")
);

/// What the page says above the form.
#[derive(Clone, Copy)]
enum Says {
    Nothing,
    Wrong,
    LinkUsed,
    TooMany(Duration),
    SignedOut,
}

fn words(headers: &HeaderMap) -> SignInWords {
    SignInWords::for_request(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// The page, with or without a form (`on`: a secret is set).
fn render(w: SignInWords, says: Says, on: bool) -> String {
    let dir = if w.is_rtl() { "rtl" } else { "ltr" };
    let message = match says {
        Says::Nothing => None,
        Says::Wrong => Some(w.t(Word::Wrong).to_owned()),
        Says::LinkUsed => Some(w.t(Word::LinkUsed).to_owned()),
        Says::TooMany(wait) => Some(
            w.t(Word::TooMany)
                .replace("{seconds}", &wait.as_secs().max(1).to_string()),
        ),
        Says::SignedOut => Some(w.t(Word::SignedOut).to_owned()),
    };
    let message = message.map_or_else(String::new, |m| {
        format!(
            "<p class=\"signin__message\" role=\"alert\">{}</p>\n",
            html(&m)
        )
    });
    let body = if on {
        format!(
            "<h1>{heading}</h1>\n{message}<form method=\"post\" action=\"/_seller/signin\" class=\"signin__form\">\n\
             <label for=\"secret\">{label}</label>\n\
             <input id=\"secret\" name=\"secret\" type=\"password\" autocomplete=\"current-password\" required autofocus spellcheck=\"false\" autocapitalize=\"off\">\n\
             <button type=\"submit\">{button}</button>\n</form>\n<p class=\"signin__hint\">{hint}</p>\n",
            heading = html(w.t(Word::Heading)),
            label = html(w.t(Word::Secret)),
            button = html(w.t(Word::SignIn)),
            hint = html(w.t(Word::Hint)),
        )
    } else {
        format!(
            "<h1>{}</h1>\n<p class=\"signin__message\">{}</p>\n",
            html(w.t(Word::OffHeading)),
            html(w.t(Word::Off))
        )
    };
    format!(
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{title}</title>\n{icon}\n\
         <link rel=\"stylesheet\" href=\"/_seller/signin.css\">\n</head>\n<body>\n<main class=\"signin\">\n{body}</main>\n</body>\n</html>\n",
        lang = w.tag(),
        title = html(w.t(Word::Title)),
        icon = super::ICON_LINK,
    )
}

fn page_response(status: StatusCode, w: SignInWords, says: Says, on: bool) -> Response {
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        render(w, says, on),
    )
        .into_response();
    if let Says::TooMany(wait) = says {
        if let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}

/// The page when the seller side is off: how to turn it on.
fn off(w: SignInWords) -> Response {
    page_response(StatusCode::SERVICE_UNAVAILABLE, w, Says::Nothing, false)
}

/// `GET /_seller/signin`: the form (or, already signed in, the desk).
pub async fn page(State(desk): State<Shared>, request: Request) -> Response {
    let w = words(request.headers());
    if desk.secret.is_none() {
        return off(w);
    }
    if let Some(value) = session::cookie_value(request.headers()) {
        let store = std::sync::Arc::clone(&desk.store);
        let live = blocking(move || session::find(&store, &value, now_ms())).await;
        if matches!(live, Ok(Ok(session::Found::Live { .. }))) {
            return see_other("/_seller/");
        }
    }
    let says = if request.uri().query() == Some("signed-out") {
        Says::SignedOut
    } else {
        Says::Nothing
    };
    page_response(StatusCode::OK, w, says, true)
}

/// `GET /_seller/signin.css`.
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// Starts a session and sends the seller to the desk.
async fn signed_in(desk: &Shared, client: Client, attempt: Attempt) -> Response {
    let bytes = match random::<32>() {
        Ok(bytes) => bytes,
        Err(e) => return super::internal(&e),
    };
    let store = std::sync::Arc::clone(&desk.store);
    let value = match blocking(move || session::begin(&store, bytes, now_ms())).await {
        Ok(Ok(value)) => value,
        Ok(Err(e)) => return super::internal(&format!("a session could not be stored: {e}")),
        Err(response) => return response,
    };
    desk.throttle.succeeded(client.ip, attempt);
    let mut response = see_other("/_seller/");
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::set_cookie(Some(&value), session::IDLE, client.https),
    );
    response
}

fn client_of(request: &Request) -> Client {
    request
        .extensions()
        .get::<Client>()
        .copied()
        .unwrap_or(Client {
            ip: None,
            https: false,
        })
}

/// `POST /_seller/signin` (form field `secret`). A wrong secret, whatever it is,
/// gets the same page with the same status; a client that failed too often waits.
pub async fn submit(State(desk): State<Shared>, request: Request) -> Response {
    let w = words(request.headers());
    let Some(secret) = &desk.secret else {
        return off(w);
    };
    let client = client_of(&request);
    // A client that must wait is told so before its body is read...
    if let Some(wait) = desk.throttle.wait(client.ip, Instant::now()) {
        return page_response(StatusCode::TOO_MANY_REQUESTS, w, Says::TooMany(wait), true);
    }
    let body = match axum::body::to_bytes(request.into_body(), MAX_FORM_BYTES).await {
        Ok(body) => body,
        Err(_) => return page_response(StatusCode::PAYLOAD_TOO_LARGE, w, Says::Wrong, true),
    };
    let presented = form_urlencoded::parse(&body)
        .find(|(name, _)| name == "secret")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    // ...and its try is counted before the secret is compared, in one step with
    // the check: tries sent at once get no more comparisons than one after another.
    let attempt = match desk.throttle.begin(client.ip, Instant::now(), true) {
        Ok(attempt) => attempt,
        Err(wait) => {
            return page_response(StatusCode::TOO_MANY_REQUESTS, w, Says::TooMany(wait), true)
        }
    };
    if secret.matches(&presented) {
        return signed_in(&desk, client, attempt).await;
    }
    page_response(StatusCode::UNAUTHORIZED, w, Says::Wrong, true)
}

/// `GET /_seller/signin/{token}`: a one-time link. Used once (on any instance),
/// before it expires; the token then leaves the address bar with the redirect.
pub async fn link(
    State(desk): State<Shared>,
    token: Result<UrlPath<String>, axum::extract::rejection::PathRejection>,
    request: Request,
) -> Response {
    let w = words(request.headers());
    if desk.secret.is_none() {
        return off(w);
    }
    let client = client_of(&request);
    // Links are unguessable; an unknown one still counts against its client,
    // counted before it is looked up (as a secret is before it is compared).
    let attempt = match desk.throttle.begin(client.ip, Instant::now(), false) {
        Ok(attempt) => attempt,
        Err(wait) => {
            return page_response(StatusCode::TOO_MANY_REQUESTS, w, Says::TooMany(wait), true)
        }
    };
    let token = token.ok().map(|UrlPath(t)| t).filter(|t| is_link_token(t));
    let used = match token {
        Some(token) => {
            let store = std::sync::Arc::clone(&desk.store);
            let id = sha256_hex(&token);
            match blocking(move || store.use_sign_in_link(&id, now_ms())).await {
                Ok(Ok(used)) => used,
                Ok(Err(e)) => {
                    return super::internal(&format!("a sign-in link could not be read: {e}"))
                }
                Err(response) => return response,
            }
        }
        None => false,
    };
    if used {
        return signed_in(&desk, client, attempt).await;
    }
    page_response(StatusCode::UNAUTHORIZED, w, Says::LinkUsed, true)
}

/// What `microshop seller-token` puts in a link: 32 lower-case hex digits.
pub fn is_link_token(token: &str) -> bool {
    token.len() == 32
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `POST /_seller/signout`: ends the session, forgets the cookie, back to the form.
pub async fn sign_out(State(desk): State<Shared>, request: Request) -> Response {
    let client = client_of(&request);
    let cookie = request
        .extensions()
        .get::<SignedIn>()
        .map(|s| s.cookie.clone())
        .or_else(|| session::cookie_value(request.headers()));
    if let Some(value) = cookie {
        let store = std::sync::Arc::clone(&desk.store);
        if let Ok(Err(e)) = blocking(move || session::end(&store, &value)).await {
            return super::internal(&format!("the session could not be ended: {e}"));
        }
    }
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    response.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_static("/_seller/signin?signed-out"),
    );
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::set_cookie(None, Duration::ZERO, client.https),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use microshop_words::Lang;

    #[test]
    fn the_page_is_the_same_for_every_wrong_secret_and_escapes_its_words() {
        for lang in Lang::ALL {
            let w = SignInWords { lang };
            let page = render(w, Says::Wrong, true);
            assert!(page.contains(&format!("lang=\"{}\"", lang.tag())));
            assert!(page.contains("name=\"secret\""));
            assert!(page.contains("role=\"alert\""));
            assert_eq!(page, render(w, Says::Wrong, true));
        }
        let ar = render(SignInWords { lang: Lang::Ar }, Says::Nothing, true);
        assert!(ar.contains("dir=\"rtl\""));
        let off = render(SignInWords { lang: Lang::En }, Says::Nothing, false);
        assert!(!off.contains("<form"));
        assert!(off.contains("microshop seller-token"));
    }

    #[test]
    fn link_tokens_are_32_hex() {
        assert!(is_link_token("0123456789abcdef0123456789abcdef"));
        assert!(!is_link_token("0123456789ABCDEF0123456789abcdef"));
        assert!(!is_link_token("0123"));
        assert!(!is_link_token("../../../../etc/passwd0123456789"));
    }
}
