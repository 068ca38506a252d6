//! The order page's live status: where a `microshop serve` order is (paid, shipped
//! with tracking, cancelled with a reason), read with the order's secret from the
//! status URL its 201 answer gave (docs/order-contract.md section 6).
//!
//! Reading is frugal: only while the page is visible (a hidden tab pauses and reads
//! once when shown again), 20 s after a change doubling to 10 min while nothing
//! changes, plus 0-50% jitter drawn per wait, and never again at a final status.
//! Many tabs of one order are not coordinated: with that long a minimum and the
//! jitter their reads spread out, and only visible tabs read at all (docs/selling.md).
//! An endpoint that gave no secret, or whose status read fails or is not understood,
//! shows no status rather than a false one.

use crate::i18n::Msg;
use crate::shop::use_shop;
use crate::web::{clock, http, page};
use leptos::prelude::*;
use microshop_core::delivery::follow::{next_wait_ms, read_status, OrderStatus};
use microshop_core::order::status::Status;
use std::time::Duration;

/// The header that carries the buyer's secret.
const SECRET_HEADER: &str = "Order-Secret";
/// A read that takes longer than this counts as failed.
const READ_TIMEOUT_MS: u32 = 15_000;

/// What one page's reading needs between reads, in one stored value (each stored type
/// costs the buying part its own copy of the arena's code).
struct Reading {
    url: String,
    order_id: String,
    secret: String,
    unchanged: u32,
    timer: Option<TimeoutHandle>,
    /// A read came due while the page was hidden: read when it is shown.
    paused: bool,
    /// A final status, an answer that is not serve's, or the page is gone.
    stopped: bool,
}

#[derive(Clone, Copy)]
struct Follower {
    reading: StoredValue<Reading>,
    status: RwSignal<Option<OrderStatus>>,
}

impl Follower {
    fn read(self) {
        // Gone with the page, or stopped: nothing to do. Hidden: read when shown.
        let go = self.reading.try_update_value(|r| {
            if r.stopped {
                return None;
            }
            r.paused = !page::is_visible();
            (!r.paused).then(|| (r.url.clone(), r.secret.clone()))
        });
        let Some(Some((url, secret))) = go else {
            return;
        };
        leptos::task::spawn_local(async move {
            let answer = http::get_with(&url, (SECRET_HEADER, &secret), READ_TIMEOUT_MS).await;
            let Some(order_id) = self
                .reading
                .try_with_value(|r| (!r.stopped).then(|| r.order_id.clone()))
                .flatten()
            else {
                return;
            };
            match answer {
                Ok((200, body)) => {
                    let Some(read) = read_status(&order_id, &body) else {
                        return self.stop(true);
                    };
                    let changed = self.status.with_untracked(|s| s.as_ref() != Some(&read));
                    let done = read.stage.is_final();
                    if changed {
                        self.status.set(Some(read));
                    }
                    self.reading.update_value(|r| {
                        r.unchanged = if changed {
                            0
                        } else {
                            r.unchanged.saturating_add(1)
                        };
                    });
                    if done {
                        self.stop(false);
                    } else {
                        self.schedule();
                    }
                }
                // Busy or unreachable: try again later, the last status stays true.
                Ok((408 | 425 | 429 | 500..=599, _)) | Err(_) => {
                    self.reading
                        .update_value(|r| r.unchanged = r.unchanged.saturating_add(1));
                    self.schedule();
                }
                // 404 (a wrong secret, an endpoint that is not serve) and the rest.
                Ok(_) => self.stop(true),
            }
        });
    }

    fn schedule(self) {
        let jitter =
            clock::random_128().map_or(500, |b| u32::from(u16::from_le_bytes([b[0], b[1]])) % 1001);
        let wait = next_wait_ms(self.reading.with_value(|r| r.unchanged), jitter);
        let handle =
            set_timeout_with_handle(move || self.read(), Duration::from_millis(u64::from(wait)))
                .ok();
        if let Some(old) = self
            .reading
            .try_update_value(|r| std::mem::replace(&mut r.timer, handle))
            .flatten()
        {
            old.clear();
        }
    }

    /// Stops reading; `forget` takes away what was shown (the answer was not serve's).
    fn stop(self, forget: bool) {
        if forget {
            self.status.set(None);
        }
        if let Some(old) = self
            .reading
            .try_update_value(|r| {
                r.stopped = true;
                r.timer.take()
            })
            .flatten()
        {
            old.clear();
        }
    }
}

/// The live status of an accepted order whose endpoint gave a secret and a status URL.
#[component]
pub fn OrderFollow(order_id: String, secret: String, status_url: String) -> impl IntoView {
    let shop = use_shop();
    let url = page::resolve(&status_url, &page::absolute(&shop.manifest.order.endpoint));
    let follower = Follower {
        reading: StoredValue::new(Reading {
            url,
            order_id,
            secret,
            unchanged: 0,
            timer: None,
            paused: false,
            stopped: false,
        }),
        status: RwSignal::new(None),
    };
    follower.read();
    // `visibilitychange` fires at the document and bubbles to the window.
    let shown = window_event_listener(leptos::ev::visibilitychange, move |_| {
        let paused = follower.reading.try_with_value(|r| r.paused);
        if page::is_visible() && paused == Some(true) {
            follower.read();
        }
    });
    on_cleanup(move || {
        shown.remove();
        follower.stop(false);
    });
    let status = follower.status;
    move || {
        status.get().map(|s| {
            let word = match s.stage {
                // The receipt's own words for a received order.
                Status::New => Msg::OrderAccepted,
                Status::Paid => Msg::FollowPaid,
                Status::Shipped => Msg::FollowShipped,
                Status::Completed => Msg::FollowCompleted,
                Status::Cancelled => Msg::FollowCancelled,
            };
            view! {
                <section class="follow" data-testid="order-follow" data-status=s.stage.as_str()>
                    <p class="follow__status" role="status" data-testid="order-progress">{move || shop.t(word)}</p>
                    // The seller's note is the link's text when there is a link: the
                    // buyer reads the carrier and number either way.
                    {s.tracking_note.map(|note| match s.tracking_url {
                        Some(href) => view! {
                            <p><a href=href rel="noopener noreferrer" data-testid="tracking-note">{note}</a></p>
                        }.into_any(),
                        None => view! { <p class="prose" data-testid="tracking-note">{note}</p> }.into_any(),
                    })}
                    {s.cancel_reason.map(|reason| view! {
                        <p class="prose" data-testid="cancel-reason">{reason.clone()}</p>
                    })}
                </section>
            }
        })
    }
}
