//! The order page's reviews: once serve says the order is completed, a form for each
//! product bought (1-5 stars as a radio group, text in any language, the name to show
//! it under if the buyer wants one), which the buyer can change while serve allows
//! (30 days); the seller's reply and, for a review the seller hid, their reason.
//! Each refusal serve gives is said in the buyer's words. The problems' form and
//! threads are in `problems.rs`.

use super::api::{self, OrderRef};
use super::problems::Problems;
use super::product::StarsShown;
use super::words::{fill, say, Word};
use crate::shop::use_shop;
use crate::web::{clock, intl::format_date};
use leptos::prelude::*;
use microshop_core::delivery::trust::{read_review_answer, review_body, OrderTrust, OwnReview};

/// The order's reviews and problems, read from its status with its secret. Nothing is
/// shown when the read fails or is not serve's (an older serve without reviews).
#[component]
pub fn OrderTrustView(order: OrderRef) -> impl IntoView {
    let state = RwSignal::new(None::<OrderTrust>);
    let order = StoredValue::new(order);
    let reload = move || {
        leptos::task::spawn_local(async move {
            let Some(order) = order.try_get_value() else {
                return;
            };
            if let Some(read) = api::order_trust(&order).await {
                state.try_set(Some(read));
            }
        })
    };
    reload();
    // Only whether it is read, completed and confirmed (problems' photos) redraws
    // the panel: a review or a problem taken redraws its own part, keeping what
    // each form says.
    let completed =
        Memo::new(move |_| state.with(|s| s.as_ref().map(|s| (s.completed, s.confirmed))));
    move || {
        completed.get().map(|(completed, _)| {
            let products = order.get_value().products;
            view! {
                {completed.then(|| view! { <ReviewForms products order state/> })}
                <Problems order state reload=Callback::new(move |_| reload())/>
            }
        })
    }
}

#[component]
fn ReviewForms(
    products: Vec<(String, String)>,
    order: StoredValue<OrderRef>,
    state: RwSignal<Option<OrderTrust>>,
) -> impl IntoView {
    let shop = use_shop();
    let locale = move || shop.locale.get();
    view! {
        <section class="trust-reviews" aria-labelledby="review-heading" data-testid="review-forms">
            <h2 id="review-heading">{move || say(&locale(), Word::ReviewHeading)}</h2>
            <p>{move || say(&locale(), Word::ReviewInvite)}</p>
            {products.into_iter().map(|(id, title)| view! { <ReviewForm product_id=id title order state/> }).collect_view()}
        </section>
    }
}

/// One product's review: written, or to write.
#[component]
fn ReviewForm(
    product_id: String,
    title: String,
    order: StoredValue<OrderRef>,
    state: RwSignal<Option<OrderTrust>>,
) -> impl IntoView {
    let shop = use_shop();
    let locale = move || shop.locale.get();
    let id = product_id.clone();
    let existing = Memo::new(move |_| {
        state.with(|s| {
            s.as_ref()
                .and_then(|s| s.reviews.iter().find(|r| r.product_id == id).cloned())
        })
    });
    let first = existing.get_untracked();
    let rating = RwSignal::new(first.as_ref().map(|r| r.rating));
    let text = RwSignal::new(first.as_ref().map(|r| r.text.clone()).unwrap_or_default());
    let shown_as = RwSignal::new(
        first
            .as_ref()
            .map(|r| r.display_name.clone())
            .unwrap_or_default(),
    );
    // What the last send came to: said in the buyer's words (true: it was taken).
    let said = RwSignal::new(None::<(bool, Word)>);
    let sending = RwSignal::new(false);
    let name = format!("rating-{product_id}");
    let text_id = format!("review-text-{product_id}");
    let name_id = format!("review-name-{product_id}");
    let pid = product_id.clone();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(stars) = rating.get_untracked() else {
            said.set(Some((false, Word::ChooseRating)));
            return;
        };
        let body = review_body(
            &pid,
            stars,
            text.get_untracked().trim(),
            shown_as.get_untracked().trim(),
            &shop.locale.get_untracked(),
        );
        let had = existing_of(state, &pid).is_some();
        sending.set(true);
        leptos::task::spawn_local(async move {
            let Some(order) = order.try_get_value() else {
                return;
            };
            let answer = api::write(&order, "/reviews", &body).await;
            sending.try_set(false);
            match answer.map(|b| read_review_answer(&b)) {
                Ok(Some(review)) => {
                    state.try_update(|s| {
                        if let Some(s) = s {
                            s.reviews.retain(|r| r.product_id != review.product_id);
                            s.reviews.push(review);
                        }
                    });
                    said.try_set(Some((
                        true,
                        if had { Word::Changed } else { Word::Published },
                    )));
                }
                Ok(None) => {
                    said.try_set(Some((false, Word::Refused)));
                }
                Err(word) => {
                    said.try_set(Some((false, word)));
                }
            }
        });
    };
    let stars = (1..=5u8)
        .map(|n| {
            let name = name.clone();
            view! {
                <label class="shipping__option">
                    <input type="radio" name=name value=n.to_string()
                        prop:checked=move || rating.get() == Some(n)
                        on:change=move |_| rating.set(Some(n))/>
                    <span aria-hidden="true">{"★".repeat(usize::from(n))}</span>
                    <span class="visually-hidden">{move || fill(say(&locale(), Word::Stars), &[("n", &n.to_string())])}</span>
                </label>
            }
        })
        .collect_view();
    let written = move || existing.get();
    view! {
        <form class="review-form" data-testid="review-form" data-product=product_id.clone() on:submit=send novalidate>
            <h3>{title}</h3>
            <fieldset class="shipping">
                <legend>{move || say(&locale(), Word::YourRating)}</legend>
                {stars}
            </fieldset>
            <div class="field">
                <label class="field__label" for=text_id.clone()>{move || say(&locale(), Word::YourText)}</label>
                <textarea id=text_id rows="4" maxlength="2000" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label class="field__label" for=name_id.clone()>{move || say(&locale(), Word::YourName)}</label>
                <input id=name_id type="text" maxlength="40" autocomplete="nickname" prop:value=move || shown_as.get()
                    on:input=move |ev| shown_as.set(event_target_value(&ev))/>
            </div>
            {move || written().map(|r| view! { <Written review=r/> })}
            <p class="review-form__said" role="status" data-testid="review-said"
                class:notice--error=move || said.get().is_some_and(|(ok, _)| !ok)>
                {move || said.get().map(|(_, w)| say(&locale(), w))}
            </p>
            {move || {
                let closed = written().is_some_and(|r| is_past(&r.editable_until));
                (!closed).then(|| view! {
                    <button type="submit" class="button button--primary" disabled=move || sending.get()>
                        {move || say(&locale(), if written().is_some() { Word::Change } else { Word::Publish })}
                    </button>
                })
            }}
        </form>
    }
}

fn existing_of(state: RwSignal<Option<OrderTrust>>, product_id: &str) -> Option<OwnReview> {
    state.with_untracked(|s| {
        s.as_ref().and_then(|s| {
            s.reviews
                .iter()
                .find(|r| r.product_id == product_id)
                .cloned()
        })
    })
}

/// Whether an RFC 3339 UTC time is past, by the browser's clock (serve has the last
/// word: a review it no longer takes is refused with `edit_closed`).
fn is_past(at: &str) -> bool {
    !at.is_empty() && at < clock::now_rfc3339().as_str()
}

/// What serve has of the buyer's review: until when it can change, the seller's
/// reply, and the seller's reason when they hid it.
#[component]
fn Written(review: OwnReview) -> impl IntoView {
    let shop = use_shop();
    let locale = move || shop.locale.get();
    let until = review.editable_until.clone();
    let closed = is_past(&until);
    view! {
        <div class="review-form__written" data-testid="own-review">
            <p><StarsShown rating=review.rating/></p>
            <p class="hint">{move || if closed {
                say(&locale(), Word::EditOver).to_owned()
            } else {
                fill(say(&locale(), Word::EditUntil), &[("date", &format_date(until.get(..10).unwrap_or(&until), &locale()))])
            }}</p>
            {review.hidden_reason.map(|reason| view! {
                <p class="notice notice--warning" data-testid="hidden-reason">
                    {move || say(&locale(), Word::HiddenBySeller)} " " <span class="prose">{reason.clone()}</span>
                </p>
            })}
            {review.reply.map(|reply| view! {
                <div class="review__reply">
                    <p class="review__reply-label">{move || say(&locale(), Word::SellerReply)}</p>
                    <p class="prose" data-testid="own-review-reply">{reply}</p>
                </div>
            })}
        </div>
    }
}
