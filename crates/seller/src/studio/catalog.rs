//! `/_seller/studio/products`: the products (each a link to its page, with its
//! cover, price and problems), a new product, and the categories.

use super::fields::{Kind, PlainField, TextField};
use super::pages::{FileProblems, PageProblems, StudioFrame};
use super::state::use_studio;
use crate::api::APP;
use crate::i18n::{Msg, Say};
use crate::session::use_words;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use microshop_seller_model::problems::{page_of, Page};
use microshop_seller_model::{draft, path, starter};
use serde_json::{json, Value};

/// The link to product `i`'s page.
pub fn product_link(i: usize) -> String {
    format!("{APP}/studio/products/{i}")
}

/// The products page.
#[component]
pub fn ProductsPage() -> impl IntoView {
    let w = use_words();
    view! {
        <StudioFrame title=w.t(Msg::SectionProducts).to_owned() back=true>
            <Products/>
            <Categories/>
        </StudioFrame>
    }
}

#[component]
fn Products() -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let navigate = use_navigate();
    let count = Memo::new(move |_| {
        studio
            .draft
            .with(|d| draft::list(d, "catalog.products").len())
    });
    let remote = Memo::new(move |_| {
        studio.draft.with(|d| {
            path::get(d, "catalog.url")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
    });
    let add = move |_| {
        let mut index = None;
        studio.edit(|d| {
            let id = draft::fresh_id(d, "catalog.products", "id", "product");
            if path::get(d, "catalog.products").is_none() {
                path::set(d, "catalog.products", json!([]));
            }
            index = draft::push(d, "catalog.products", starter::new_product(&id));
        });
        if let Some(i) = index {
            navigate(&product_link(i), crate::web::page::whole_path());
        }
    };
    view! {
        <PageProblems which=|p| p == Page::Products/>
        {move || remote.get().map(|url| view! { <p class="notice">{w.catalog_elsewhere(&url)}</p> })}
        <FileProblems/>
        <section aria-labelledby="products-heading">
            <h2 id="products-heading">{move || w.products_count(u32::try_from(count.get()).unwrap_or(u32::MAX))}</h2>
            <ul class="product-list">
                {move || (0..count.get()).map(|i| view! { <ProductItem i/> }).collect_view()}
            </ul>
            <Show when=move || remote.get().is_none()>
                <p><button type="button" class="button" on:click=add.clone()>{w.t(Msg::AddProduct)}</button></p>
            </Show>
        </section>
    }
}

/// One product in the list.
#[component]
fn ProductItem(i: usize) -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let summary = Memo::new(move |_| {
        let locales = studio.locales.get();
        let default = locales.first().cloned().unwrap_or_default();
        studio.draft.with(|d| {
            let p = format!("catalog.products[{i}]");
            let title = draft::text(d, &path::key(&p, "title"), &default, &default);
            let id = draft::plain(d, &path::key(&p, "id"));
            let price = draft::plain(d, &path::key(&p, "price"));
            let cover = draft::list(d, &path::key(&p, "images"))
                .first()
                .and_then(Value::as_str)
                .map(str::to_owned);
            (if title.is_empty() { id } else { title }, price, cover)
        })
    });
    let problems = move || {
        studio.checked.with(|c| {
            c.errors
                .iter()
                .filter(|p| page_of(&p.path) == Page::Product(i))
                .count()
        })
    };
    let currency = move || studio.draft.with(|d| draft::plain(d, "currency"));
    view! {
        <li class="product-item">
            <a class="section-link" href=product_link(i)>
                <span class="row">
                    {move || summary.get().2.map(|src| view! { <img src=studio.photo_src(&src) alt="" loading="lazy"/> })}
                    <span>
                        <span>{move || {
                            let title = summary.get().0;
                            if title.is_empty() { w.t(Msg::Untitled).to_owned() } else { title }
                        }}</span>
                        <span class="muted">" · "{move || {
                            let price = summary.get().1;
                            if price.is_empty() { String::new() } else { w.money(&price, &currency()) }
                        }}</span>
                    </span>
                </span>
                {move || {
                    let n = problems();
                    (n > 0).then(|| view! { <span class="section-link__count">{w.problems_count(u32::try_from(n).unwrap_or(u32::MAX))}</span> })
                }}
            </a>
        </li>
    }
}

/// The categories: an id and a name each.
#[component]
fn Categories() -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let count = Memo::new(move |_| {
        studio
            .draft
            .with(|d| draft::list(d, "catalog.categories").len())
    });
    let add = move |_| {
        let mut index = None;
        studio.edit(|d| {
            let id = draft::fresh_id(d, "catalog.categories", "id", "category");
            index = draft::push(d, "catalog.categories", json!({ "id": id, "name": "" }));
        });
        if let Some(i) = index {
            request_animation_frame(move || {
                crate::web::page::focus(&microshop_seller_model::problems::field_id(&format!(
                    "catalog.categories[{i}].name"
                )));
            });
        }
    };
    view! {
        <section class="group" aria-labelledby="categories-heading">
            <h2 id="categories-heading">{w.t(Msg::Categories)}</h2>
            <p class="field__hint">{w.t(Msg::CategoriesHint)}</p>
            {move || (0..count.get()).map(|i| {
                let at = format!("catalog.categories[{i}]");
                let remove_at = at.clone();
                view! {
                    <fieldset class="group">
                        <legend>{w.category_n(u32::try_from(i + 1).unwrap_or(0))}</legend>
                        <TextField path=path::key(&at, "name") label=w.t(Msg::CategoryName).to_owned()/>
                        <PlainField path=path::key(&at, "id") label=w.t(Msg::CategoryId).to_owned() kind=Kind::Text hint=w.t(Msg::IdHint).to_owned()/>
                        <button type="button" class="button button--danger" on:click=move |_| {
                            let at = remove_at.clone();
                            studio.edit(|d| { path::remove(d, &at); });
                        }>{w.t(Msg::RemoveCategory)}</button>
                    </fieldset>
                }
            }).collect_view()}
            <p><button type="button" class="button button--secondary" on:click=add>{w.t(Msg::AddCategory)}</button></p>
        </section>
    }
}
