//! The product page's reviews: each shown review (stars, its text as text, "verified
//! purchase", the date in the buyer's language, the seller's public reply), how many
//! the seller hid, and the shop's 90-day problems figures labelled as the seller's
//! own records. A product without reviews (and none hidden) shows nothing, and so
//! does a read that fails: reviews are extra, never in the buyer's way.

use super::api;
use super::words::{fill, say, say_count, Word};
use crate::shop::use_shop;
use crate::web::intl::format_date;
use leptos::prelude::*;
use microshop_core::delivery::trust::{ProblemFigures, ProductReviews, PublicReview};

/// The reviews of `product_id`, read from serve's buyer API at `api`.
#[component]
pub fn ProductReviewsView(product_id: String, api: String) -> impl IntoView {
    let read = RwSignal::new(None::<(ProductReviews, Option<ProblemFigures>)>);
    leptos::task::spawn_local(async move {
        let Some(reviews) = api::product_reviews(&api, &product_id).await else {
            return;
        };
        if reviews.is_empty() {
            return;
        }
        let figures = api::figures(&api).await;
        read.try_set(Some((reviews, figures)));
    });
    move || {
        read.get()
            .map(|(reviews, figures)| view! { <Reviews reviews figures/> })
    }
}

#[component]
fn Reviews(reviews: ProductReviews, figures: Option<ProblemFigures>) -> impl IntoView {
    let shop = use_shop();
    let locale = move || shop.locale.get();
    let count = reviews.count;
    let hidden = reviews.hidden;
    let average = reviews.average.clone();
    view! {
        <section class="reviews" aria-labelledby="reviews-heading" data-testid="reviews">
            <h2 id="reviews-heading">{move || say(&locale(), Word::Reviews)}</h2>
            {(count > 0).then(|| view! {
                <p class="reviews__summary" data-testid="reviews-summary">
                    {average.clone().map(|a| view! {
                        <span class="reviews__average">{move || fill(say(&locale(), Word::Average), &[("average", &a)])}</span>
                        " · "
                    })}
                    {move || say_count(&locale(), Word::ReviewCountOne, Word::ReviewCount, count)}
                </p>
            })}
            {(hidden > 0).then(|| view! {
                <p class="reviews__hidden" data-testid="reviews-hidden">
                    {move || say_count(&locale(), Word::HiddenCountOne, Word::HiddenCount, hidden)}
                </p>
            })}
            <ul class="receipt__lines">
                {reviews.reviews.into_iter().map(|r| view! { <ReviewItem review=r/> }).collect_view()}
            </ul>
            {figures.map(|f| view! {
                <p class="reviews__figures" data-testid="problem-figures">
                    {move || {
                        let n = |v: u32| v.to_string();
                        fill(say(&locale(), Word::Figures), &[
                            ("days", &n(f.window_days)), ("raised", &n(f.raised)), ("resolved", &n(f.resolved)),
                            ("refunded", &n(f.refunded)), ("open", &n(f.open)),
                        ])
                    }}
                    " "
                    <small>{move || say(&locale(), Word::FiguresSource)}</small>
                </p>
            })}
        </section>
    }
}

/// Stars as a picture (hidden from screen readers) and as words.
#[component]
pub fn StarsShown(rating: u8) -> impl IntoView {
    let shop = use_shop();
    let drawn: String = (1..=5)
        .map(|i| if i <= rating { '★' } else { '☆' })
        .collect();
    view! {
        <span class="stars">
            <span aria-hidden="true">{drawn}</span>
            <span class="visually-hidden">{move || fill(say(&shop.locale.get(), Word::Stars), &[("n", &rating.to_string())])}</span>
        </span>
    }
}

/// One review: stars, the name its writer chose to show (if any, as text), "verified
/// purchase", the date, its text and the seller's reply.
#[component]
fn ReviewItem(review: PublicReview) -> impl IntoView {
    let shop = use_shop();
    let locale = move || shop.locale.get();
    let date = review.date.clone();
    // The text's own language, so it is read out and hyphenated in it (`und`: unknown).
    let lang = (review.locale != "und").then(|| review.locale.clone());
    view! {
        <li class="review" data-testid="review">
            <p class="review__head">
                <StarsShown rating=review.rating/>
                {(!review.display_name.is_empty()).then(|| view! {
                    " " <span class="review__author" dir="auto">{review.display_name.clone()}</span> " ·"
                })}
                {review.verified_purchase.then(|| view! {
                    " " <span class="review__verified">{move || say(&locale(), Word::Verified)}</span>
                })}
                " · "
                <time datetime=date.clone()>{let date = date.clone(); move || format_date(&date, &locale())}</time>
                {review.edited.then(|| view! { " (" {move || say(&locale(), Word::Edited)} ")" })}
            </p>
            {(!review.text.is_empty()).then(|| view! {
                <p class="review__text prose" lang=lang>{review.text.clone()}</p>
            })}
            {review.reply.map(|(text, _)| view! {
                <div class="review__reply">
                    <p class="review__reply-label">{move || say(&locale(), Word::SellerReply)}</p>
                    <p class="prose">{text}</p>
                </div>
            })}
        </li>
    }
}
