//! `/p/:id?v=SKU`: gallery, options, quantity, add to cart. The chosen variant
//! lives in the URL so the link shares exactly what the buyer sees.

use crate::cart::cart_bar::CartBar;
use crate::cart::quantity::QuantityStepper;
use crate::cart::state::use_cart;
use crate::catalog::in_parts::{FromParts, InParts};
use crate::i18n::{Msg, Say};
use crate::on_demand::OnDemand;
use crate::share::ShareBar;
use crate::shop::announce::{self, use_announcer};
use crate::shop::links::{self, Route};
use crate::shop::price::{Price, PriceFrom};
use crate::shop::{shown, use_shop, Held, ShopContext};
use crate::web::address::use_address;
use leptos::prelude::*;
use microshop_core::catalog::selection::ValueState;

/// The product page. A shop in parts shows a product it did not come with (reached
/// in the app) once its file arrives, with the `parts` part's page meanwhile.
#[component]
pub fn ProductPage() -> impl IntoView {
    let shop = use_shop();
    let address = use_address();
    let product = move || {
        address.path.with(|p| match links::route(p) {
            Route::Product(id) => shop.product(id),
            _ => None,
        })
    };
    move || match product() {
        Some(p) => view! { <ProductView product=p/> }.into_any(),
        None if shop.parts.is_some() => {
            view! { <FromParts show=|part: InParts| (part.missing)()/> }.into_any()
        }
        None => not_found(shop),
    }
}

/// No such product in the shop.
pub fn not_found(shop: ShopContext) -> AnyView {
    view! {
        <main class="page page--narrow">
            <h1>{move || shop.t(Msg::ProductNotFound)}</h1>
            <p><a href=links::home() class="button">{move || shop.t(Msg::ContinueShopping)}</a></p>
        </main>
    }
    .into_any()
}

#[component]
fn ProductView(product: Held) -> impl IntoView {
    let held = crate::shop::show(product);
    let shop = use_shop();
    let cart = use_cart();
    let address = use_address();
    // The selection starts from ?v=SKU (a shared link), else the first variant in stock.
    let initial = address
        .query
        .with_untracked(|q| q.get("v"))
        .and_then(|sku| held.selection_of(&sku))
        .or_else(|| held.first_available().map(|v| v.options.clone()))
        .unwrap_or_default();
    let selection = RwSignal::new(initial);
    let variant = Memo::new(move |_| shown().variant_for(&selection.read()).cloned());
    let quantity = RwSignal::new(held.min_quantity());
    let announcer = use_announcer();
    // Shown under the button; said by the page's live region, not by this paragraph.
    let toast = RwSignal::new(false);

    // The `n`th value of the `o`th option.
    let choose = move |o: usize, n: usize| {
        let product = shown();
        let option = &product.options[o].id;
        let value = &product.options[o].values[n].id;
        let mut next = selection.get_untracked();
        next.insert(option.clone(), value.clone());
        // A value that completes no variant moves the other choices to one that exists
        // (one in stock if there is one).
        if product.variant_for(&next).is_none() {
            let with_value = |v: &&microshop_core::Variant| v.options.get(option) == Some(value);
            if let Some(v) = product
                .variants
                .iter()
                .filter(with_value)
                .find(|v| v.stock != Some(0))
                .or_else(|| product.variants.iter().find(with_value))
            {
                next = v.options.clone();
            }
        }
        let url = links::product(
            &product.id,
            product.variant_for(&next).map(|v| v.sku.as_str()),
        );
        drop(product);
        selection.set(next);
        address.go(&url, true, false);
    };

    let max = Signal::derive(move || {
        variant
            .read()
            .as_ref()
            .map_or(1, |v| shown().max_quantity(v))
            .max(1)
    });
    let can_buy = move || variant.read().as_ref().is_some_and(|v| v.stock != Some(0));
    let title = move || shop.text(&shown().title);
    let add = move |_| {
        let Some(v) = variant.get_untracked() else {
            return;
        };
        if cart.add(&v.sku, quantity.get_untracked()).is_ok() {
            let text = announce::added(shop, &title());
            toast.set(true);
            announcer.say(text);
        }
    };

    let has_options = !held.options.is_empty();
    let images: Vec<String> = held.images.iter().map(|i| shop.asset(i)).collect();
    let image_count = images.len();
    let current = RwSignal::new(0usize);
    view! {
        <div class="page page--product">
            <header><nav class="backbar"><a href=links::home() class="backbar__link">{move || format!("{} {}", shop.back_arrow(), shop.t(Msg::Back))}</a></nav></header>
            <main>
            <div class="gallery" role="region" aria-roledescription="carousel" aria-label=move || shop.t(Msg::Images) tabindex="0"
                on:scroll=move |ev| {
                    // Which image is in view, for the dots.
                    if let Some(index) = crate::web::page::scrolled_page(&ev) {
                        current.set(index);
                    }
                }>
                {images.into_iter().enumerate().map(|(i, src)| view! {
                    <img class="gallery__image" src=src alt=move || if i == 0 { title() } else { format!("{} ({}/{})", title(), i + 1, image_count) }
                        width="400" height="400" loading=if i == 0 { "eager" } else { "lazy" }/>
                }).collect_view()}
            </div>
            {(image_count > 1).then(|| view! {
                <p class="gallery__dots" aria-hidden="true">
                    {(0..image_count).map(|i| view! { <span class="gallery__dot" class:gallery__dot--current=move || current.get() == i></span> }).collect_view()}
                </p>
            })}
            <h1 class="product__title">{title}</h1>
            <p class="product__price">
                {move || match variant.get() {
                    Some(v) => {
                        let product = shown();
                        let former = product.compare_at_of(&v);
                        view! { <Price amount=product.price_of(&v)/>{former.map(|c| view! { " " <Price amount=c former=true/> })} }.into_any()
                    }
                    None => view! { <PriceFrom amount=shown().lowest_price()/> }.into_any(),
                }}
            </p>
            {held.options.iter().enumerate().map(|(o, option)| {
                // By index: the closures keep the held product, not borrows of it.
                view! {
                    <fieldset class="option">
                        <legend class="option__name">{move || shop.text(&shown().options[o].name)}</legend>
                        <div class="option__values">
                            {(0..option.values.len()).map(|n| {
                                let state = move || {
                                    let product = shown();
                                    let option = &product.options[o];
                                    product.value_state(&selection.read(), &option.id, &option.values[n].id)
                                };
                                let checked = move || {
                                    let option = &shown().options[o];
                                    selection.read().get(&option.id) == Some(&option.values[n].id)
                                };
                                view! {
                                    <button type="button" class="option__value"
                                        class:option__value--sold-out=move || state() == ValueState::SoldOut
                                        aria-pressed=move || checked().to_string()
                                        disabled=move || state() == ValueState::Missing
                                        on:click=move |_| {
                                            // A sold-out value can be chosen too, to see its price;
                                            // the buy button then says it is unavailable.
                                            if state() != ValueState::Missing {
                                                choose(o, n);
                                            }
                                        }>
                                        {move || shop.text(&shown().options[o].values[n].label)}
                                        {move || (state() == ValueState::SoldOut).then(|| view! { <span class="visually-hidden">" ("{shop.t(Msg::SoldOut)}")"</span> })}
                                    </button>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                }
            }).collect_view()}
            <p class="product__stock" aria-live="polite">
                {move || match variant.get() {
                    None if has_options => shop.t(Msg::ChooseOptions).to_owned(),
                    Some(v) if v.stock == Some(0) => shop.t(Msg::SoldOut).to_owned(),
                    Some(v) => match v.stock {
                        Some(n) if n <= 5 => shop.words().only_left(n),
                        _ => String::new(),
                    },
                    None => String::new(),
                }}
            </p>
            {held.max_qty.map(|n| view! {
                <p class="buy__limit" data-testid="per-order-limit">{move || shop.words().max_per_order(n)}</p>
            })}
            <div class="buy">
                <QuantityStepper value=quantity min=held.min_quantity() max=max label=Signal::derive(title)/>
                <button type="button" class="button button--primary buy__add" disabled=move || !can_buy() on:click=add>
                    {move || if can_buy() { shop.t(Msg::AddToCart) } else { shop.t(Msg::Unavailable) }}
                </button>
            </div>
            <p class="toast" data-testid="added">{move || toast.get().then(|| announce::added(shop, &title()))}</p>
            {held.description.is_some().then(|| view! {
                <section class="product__description">
                    <h2>{move || shop.t(Msg::Description)}</h2>
                    <p class="prose">{move || shown().description.as_ref().map(|d| shop.text(d)).unwrap_or_default()}</p>
                </section>
            })}
            // Shown once the page speaks the buyer's language (see `ShopContext::settling`):
            // it sits under the description, whose length changes with the language
            // (measured: CLS 0.032 when it was there before the switch).
            <Show when=move || !shop.settling.get()>
                <ShareBar path=links::product(&held.id, None) title=Signal::derive(title) referral=true poster=true/>
            </Show>
            // The product's reviews (the `trust` part): only when the manifest names
            // serve's API, fetched when idle; nothing shown until then or if it fails.
            {shop.manifest.trust.is_some().then(|| view! { <OnDemand load=crate::trust::part show=crate::trust::page_panel idle=true/> })}
            <CartBar/>
            </main>
        </div>
    }
}
