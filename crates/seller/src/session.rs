//! Who is signed in to which shop, the desk's language, and what every page
//! shares: the words, a clock that ticks for ages, a polite live region, and the
//! one place a refusal becomes words.

use crate::api::{ApiError, Me};
use crate::i18n::{Msg, Say, Words};
use leptos::prelude::*;
use microshop_words::Lang;

/// The signed-in desk, as context.
#[derive(Clone, Copy)]
pub struct Session {
    /// The shop and its settings (`GET /me`).
    pub me: StoredValue<Me>,
    /// The desk's language.
    pub lang: RwSignal<Lang>,
    /// Set when a call found the session ended: the app then says so.
    pub signed_out: RwSignal<bool>,
    /// Now, in ms, refreshed every 30 s while the page is shown: ages follow it.
    pub now: RwSignal<i64>,
    /// What the live region says (saved, status changed, orders shown).
    pub said: RwSignal<String>,
}

impl Session {
    /// Makes the session for `me` and provides it.
    pub fn provide(me: Me, lang: RwSignal<Lang>) -> Session {
        let session = Session {
            me: StoredValue::new(me),
            lang,
            signed_out: RwSignal::new(false),
            now: RwSignal::new(crate::i18n::now_ms()),
            said: RwSignal::new(String::new()),
        };
        provide_context(session);
        session
    }

    /// Says `text` in the live region (the same text twice is said twice).
    pub fn say(&self, text: String) {
        // A change the screen reader notices even when the text repeats.
        self.said.set(String::new());
        let said = self.said;
        request_animation_frame(move || said.set(text));
    }

    /// Notes a signed-out answer; returns the error for the caller to show.
    pub fn check(&self, error: ApiError) -> ApiError {
        if error == ApiError::SignedOut {
            self.signed_out.set(true);
        }
        error
    }
}

/// The session (inside the signed-in desk).
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The desk's words (provided per language).
pub fn use_words() -> Words {
    use_context::<Words>().unwrap_or(Words { lang: Lang::En })
}

/// A refusal in the seller's words (`None` for the kinds a page words itself).
pub fn error_text(w: &Words, error: &ApiError) -> String {
    match error {
        ApiError::SignedOut => w.t(Msg::SignedOutText).to_owned(),
        ApiError::ChangedElsewhere => w.t(Msg::ChangedElsewhere).to_owned(),
        ApiError::Unreachable => w.t(Msg::Unreachable).to_owned(),
        ApiError::Failed(status) => w.server_failed(&status.to_string()),
        ApiError::Refused(r) if !r.message.is_empty() => r.message.clone(),
        ApiError::Refused(r) => w.server_failed(&r.status.to_string()),
    }
}
