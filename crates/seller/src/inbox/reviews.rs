//! `/_seller/reviews`: the shop's reviews, last written first (stars, product, the
//! name the buyer chose to show, the buyer's text as text, the order's reference),
//! hidden ones listed and marked.
//! Each can get a public reply (written again to edit it), be hidden only with a
//! reason the writer reads (buyers see that one is hidden, never a silent delete),
//! or be shown again.

use super::order_link;
use crate::api::trust::{self, Review};
use crate::api::ApiError;
use crate::i18n::{Msg, Say};
use crate::session::{error_text, use_session, use_words};
use crate::web::page;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The reviews page.
#[component]
pub fn ReviewsPage() -> impl IntoView {
    let w = use_words();
    let session = use_session();
    page::set_title(&format!(
        "{} · {}",
        w.t(Msg::ReviewsTitle),
        session.me.with_value(|m| m.shop_name.clone())
    ));
    let list = LocalResource::new(move || trust::reviews(w.tag()));
    Effect::new(move |_| {
        if let Some(Err(e)) = list.get() {
            session.check(e);
        }
    });
    view! {
        <h1>{w.t(Msg::ReviewsTitle)}</h1>
        {move || match list.get() {
            None => view! { <p class="muted">{w.t(Msg::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! {
                <p class="problem" role="alert">{error_text(&w, &e)}</p>
                <p><button type="button" class="button" on:click=move |_| list.refetch()>{w.t(Msg::TryAgain)}</button></p>
            }.into_any(),
            Some(Ok(reviews)) if reviews.is_empty() => {
                view! { <p class="empty">{w.t(Msg::NoReviews)}</p> }.into_any()
            }
            Some(Ok(reviews)) => view! {
                <ol class="reviews">
                    {reviews.into_iter().map(|r| view! { <ReviewCard review=r/> }).collect_view()}
                </ol>
            }.into_any(),
        }}
    }
}

/// What a review says: stars, hidden or not, product and order, date, the buyer's
/// text as text, the seller's reply, the reason it is hidden.
fn review_body(
    w: &crate::i18n::Words,
    r: &Review,
    product: &str,
    reference: &str,
    order_href: &str,
) -> impl IntoView {
    let id = r.id;
    let n = r.rating.min(5);
    let stars = format!("{}{}", "★".repeat(n.into()), "☆".repeat((5 - n).into()));
    // The buyer's language when they gave one (`und`: unknown).
    let lang = Some(r.locale.clone()).filter(|l| !l.is_empty() && l != "und");
    let (text, text_class) = if r.text.is_empty() {
        (w.t(Msg::ReviewNoText).to_owned(), "muted")
    } else {
        (r.text.clone(), "review__text")
    };
    view! {
        <p class="review__top">
            <span class="stars" role="img" aria-label=w.review_stars(&w.number(n.into()))>{stars}</span>
            {r.hidden.then(|| view! { <span class="badge badge--hidden">{w.t(Msg::ReviewHidden)}</span> })}
        </p>
        <p class="review__what" id=format!("review-{id}-what")>
            <a href=order_href.to_owned()>{w.review_of(product, reference)}</a>
        </p>
        <p class="muted">{w.when_text(&r.created_at)}</p>
        {(!r.display_name.is_empty()).then(|| view! {
            <p class="review__author" dir="auto">{w.review_by(&r.display_name)}</p>
        })}
        <p class=text_class dir="auto" lang=lang>{text}</p>
        {(!r.reply.is_empty()).then(|| view! {
            <div class="review__reply">
                <p class="review__reply-label">{w.t(Msg::YourReply)}</p>
                <p dir="auto">{r.reply.clone()}</p>
            </div>
        })}
        {r.hidden.then(|| view! { <p class="review__hidden">{w.hidden_because(&r.hidden_reason)}</p> })}
    }
}

/// Which small form is open under a review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Reply,
    Hide,
}

/// One review with its reply, its hiding, and the seller's buttons.
#[component]
fn ReviewCard(review: Review) -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let id = review.id;
    // The list's reference and title stay: a change's answer carries the review only.
    let reference = review.reference.clone();
    let product = review
        .product_title
        .clone()
        .unwrap_or_else(|| review.product_id.clone());
    let order_href = order_link(&review.order_id);
    let current = RwSignal::new(review);
    let open = RwSignal::new(None::<Form>);
    let typed = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let trouble = RwSignal::new(None::<(Option<Form>, String)>);
    let field_id = move |form: Form| match form {
        Form::Reply => format!("reply-{id}"),
        Form::Hide => format!("hide-{id}"),
    };

    let toggle = move |form: Form| {
        let opening = open.get_untracked() != Some(form);
        open.set(opening.then_some(form));
        trouble.set(None);
        if opening {
            typed.set(match form {
                Form::Reply => current.with_untracked(|r| r.reply.clone()),
                Form::Hide => String::new(),
            });
            request_animation_frame(move || {
                page::focus(&field_id(form));
            });
        }
    };
    // `Some(form)`: that form's text is sent; `None`: "show again".
    let send = move |form: Option<Form>| {
        let text = typed.get_untracked();
        if let Some(form) = form {
            if text.trim().is_empty() {
                let msg = match form {
                    Form::Reply => Msg::ReplyRequired,
                    Form::Hide => Msg::HideReasonRequired,
                };
                trouble.set(Some((Some(form), w.t(msg).to_owned())));
                page::focus(&field_id(form));
                return;
            }
        }
        busy.set(true);
        trouble.set(None);
        spawn_local(async move {
            let done = match form {
                Some(Form::Reply) => trust::reply(id, &text).await,
                Some(Form::Hide) => trust::hide(id, &text).await,
                None => trust::show(id).await,
            };
            match done {
                Ok(changed) => {
                    current.update(|r| {
                        *r = Review {
                            reference: r.reference.clone(),
                            product_title: r.product_title.clone(),
                            ..changed
                        }
                    });
                    open.set(None);
                    session.say(
                        w.t(match form {
                            Some(Form::Reply) => Msg::ReplyPublished,
                            Some(Form::Hide) => Msg::ReviewHiddenSaid,
                            None => Msg::ReviewShownSaid,
                        })
                        .to_owned(),
                    );
                    request_animation_frame(move || {
                        page::focus(&format!("review-{id}"));
                    });
                }
                Err(e) => {
                    let e = session.check(e);
                    let text = match &e {
                        ApiError::Refused(r) if r.status == 404 => w.t(Msg::ReviewGone).to_owned(),
                        _ => error_text(&w, &e),
                    };
                    trouble.set(Some((None, text)));
                }
            }
            busy.set(false);
        });
    };

    let form_view = move |form: Form| {
        let input = field_id(form);
        let problem = format!("{input}-problem");
        let (label, submit, max) = match form {
            Form::Reply => (Msg::ReplyLabel, Msg::PublishReply, "1000"),
            Form::Hide => (Msg::HideReasonLabel, Msg::ConfirmHide, "1000"),
        };
        let wrong = move || matches!(trouble.get(), Some((Some(f), _)) if f == form);
        let described = problem.clone();
        view! {
            <form class="action-form" novalidate on:submit=move |ev| {
                ev.prevent_default();
                send(Some(form));
            }>
                <div class="field">
                    <label for=input.clone()>{w.t(label)}</label>
                    <textarea id=input rows="3" maxlength=max
                        aria-invalid=move || wrong().then_some("true")
                        aria-describedby=move || wrong().then(|| described.clone())
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))></textarea>
                    {move || match trouble.get() {
                        Some((Some(f), text)) if f == form => Some(view! {
                            <p class="field__problem" id=problem.clone()>{text}</p>
                        }),
                        _ => None,
                    }}
                </div>
                <div class="action-form__buttons">
                    <button type="submit" class=if form == Form::Hide { "button button--danger" } else { "button" }
                        disabled=move || busy.get()>{w.t(submit)}</button>
                    <button type="button" class="button button--quiet" on:click=move |_| toggle(form)>{w.t(Msg::Keep)}</button>
                </div>
            </form>
        }
    };

    view! {
        <li class=move || if current.with(|r| r.hidden) { "review review--hidden" } else { "review" }>
            <article id=format!("review-{id}") tabindex="-1" aria-labelledby=format!("review-{id}-what")>
                // One closure draws what a change may alter (one view, not one per part:
                // the seller app's bytes are budgeted).
                {move || current.with(|r| review_body(&w, r, &product, &reference, &order_href))}
                <div class="actions__buttons">
                    <button type="button" class="button button--secondary"
                        aria-expanded=move || (open.get() == Some(Form::Reply)).to_string()
                        on:click=move |_| toggle(Form::Reply)>
                        {move || w.t(if current.with(|r| r.reply.is_empty()) { Msg::ReplyPublicly } else { Msg::EditReply })}
                    </button>
                    {move || if current.with(|r| r.hidden) {
                        view! {
                            <button type="button" class="button button--secondary" disabled=move || busy.get()
                                on:click=move |_| send(None)>{w.t(Msg::ShowAgain)}</button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="button button--danger"
                                aria-expanded=move || (open.get() == Some(Form::Hide)).to_string()
                                on:click=move |_| toggle(Form::Hide)>{w.t(Msg::HideReview)}</button>
                        }.into_any()
                    }}
                </div>
                {move || open.get().map(form_view)}
                {move || match trouble.get() {
                    Some((None, text)) => Some(view! { <p class="problem" role="alert">{text}</p> }),
                    _ => None,
                }}
            </article>
        </li>
    }
}
