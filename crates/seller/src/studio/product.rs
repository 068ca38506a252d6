//! `/_seller/studio/products/{n}`: one product: its words, photos, category and
//! tags; its price and stock (with the level left now, from the server); its
//! options and a variant for each combination, each with its own sku, price and
//! stock; removing it.

use super::fields::{ChoiceField, FieldProblems, Kind, ListField, PlainField, TextField};
use super::pages::{PageProblems, StudioFrame};
use super::photos::Photos;
use super::state::use_studio;
use crate::api::APP;
use crate::i18n::{Msg, Say};
use crate::session::use_words;
use crate::web::page;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use microshop_seller_model::problems::{field_id, Page};
use microshop_seller_model::variants::{combinations, complete, find, orphans, value_id};
use microshop_seller_model::{draft, path};
use serde_json::{json, Value};

/// Options a product may have (core's limit).
const MAX_OPTIONS: usize = 3;

/// The product page.
#[component]
pub fn ProductPage() -> impl IntoView {
    let w = use_words();
    let params = use_params_map();
    let index =
        Memo::new(move |_| params.with(|p| p.get("n").and_then(|n| n.parse::<usize>().ok())));
    view! {
        <StudioFrame title=w.t(Msg::ProductTitle).to_owned() back=true>
            {move || match index.get() {
                Some(i) => view! { <ProductForm i/> }.into_any(),
                None => view! { <p>{w.t(Msg::NoSuchProduct)}</p> }.into_any(),
            }}
        </StudioFrame>
    }
}

#[component]
fn ProductForm(i: usize) -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let at = format!("catalog.products[{i}]");
    let exists = Memo::new(move |_| {
        studio
            .draft
            .with(|d| path::get(d, &format!("catalog.products[{i}]")).is_some())
    });
    let options_count = Memo::new(move |_| {
        studio
            .draft
            .with(|d| draft::list(d, &format!("catalog.products[{i}].options")).len())
    });
    let categories = Memo::new(move |_| {
        let locales = studio.locales.get();
        let default = locales.first().cloned().unwrap_or_default();
        studio.draft.with(|d| {
            draft::list(d, "catalog.categories")
                .iter()
                .enumerate()
                .filter_map(|(c, cat)| {
                    let id = cat.get("id")?.as_str()?.to_owned();
                    let name = draft::text(
                        d,
                        &format!("catalog.categories[{c}].name"),
                        &default,
                        &default,
                    );
                    Some((id.clone(), if name.is_empty() { id } else { name }))
                })
                .collect::<Vec<_>>()
        })
    });
    let t = move |m: Msg| w.t(m).to_owned();
    let at_s = StoredValue::new(at.clone());
    let k = move |key: &str| path::key(&at_s.get_value(), key);
    move || {
        if !exists.get() {
            return view! {
                <p>{t(Msg::NoSuchProduct)}</p>
                <p><a href=format!("{APP}/studio/products")>{t(Msg::SectionProducts)}</a></p>
            }
            .into_any();
        }
        let has_options = options_count.get() > 0;
        view! {
            <PageProblems which=move |p| p == Page::Product(i)/>
            <section class="group" aria-labelledby="product-words">
                <h2 id="product-words">{t(Msg::GroupProduct)}</h2>
                <TextField path=k("title") label=t(Msg::ProductName)/>
                <Photos path=k("images") label=t(Msg::Photos)/>
                <TextField path=k("description") label=t(Msg::Description) long=true/>
                {move || view! {
                    <ChoiceField path=k("category") label=t(Msg::Category) choices=categories.get() none=t(Msg::NoCategory)/>
                }}
                <ListField path=k("tags") label=t(Msg::Tags)/>
                <PlainField path=k("id") label=t(Msg::ProductId) kind=Kind::Text hint=t(Msg::IdHint)/>
            </section>
            <section class="group" aria-labelledby="product-price">
                <h2 id="product-price">{t(Msg::GroupPrice)}</h2>
                <PlainField path=k("price") label=t(Msg::Price) kind=Kind::Money
                    hint=if has_options { t(Msg::PriceHintVariants) } else { t(Msg::PriceHint) }/>
                <PlainField path=k("compare_at") label=t(Msg::CompareAt) kind=Kind::Money hint=t(Msg::CompareAtHint)/>
                {(!has_options).then(|| view! {
                    <PlainField path=k("sku") label=t(Msg::Sku) kind=Kind::Text hint=t(Msg::SkuHint)/>
                    <PlainField path=k("stock") label=t(Msg::Stock) kind=Kind::Count hint=t(Msg::StockHint)/>
                    <StockNow product=i variant=None/>
                })}
                <div class="row">
                    <PlainField path=k("min_qty") label=t(Msg::MinQty) kind=Kind::Count/>
                    <PlainField path=k("max_qty") label=t(Msg::MaxQty) kind=Kind::Count/>
                </div>
            </section>
            <Options i/>
            {has_options.then(|| view! { <Variants i/> })}
            <RemoveProduct i/>
        }
        .into_any()
    }
}

/// Beside a count on hand: the units open orders hold (placed, not shipped) and what
/// will be for sale, the count less those; a count below them is said at once (the
/// server refuses it).
#[component]
fn StockNow(product: usize, variant: Option<usize>) -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let sku = move || {
        studio.saved.with(|d| {
            let p = format!("catalog.products[{product}]");
            let own = match variant {
                Some(v) => path::get(d, &format!("{p}.variants[{v}].sku")),
                None => {
                    path::get(d, &format!("{p}.sku")).or_else(|| path::get(d, &format!("{p}.id")))
                }
            };
            own.and_then(Value::as_str).map(str::to_owned)
        })
    };
    let at = match variant {
        Some(v) => format!("catalog.products[{product}].variants[{v}].stock"),
        None => format!("catalog.products[{product}].stock"),
    };
    move || {
        let count = studio
            .draft
            .with(|d| path::get(d, &at).and_then(Value::as_i64))?;
        let held = sku()
            .and_then(|s| studio.held.with(|h| h.get(&s).copied()))
            .unwrap_or(0);
        let n = u32::try_from(held).unwrap_or(u32::MAX);
        // Below what is held: said at once (the server refuses it), else what is for sale.
        let text = if count < held {
            w.stock_short(n)
        } else {
            w.stock_held(n, &(count - held).to_string())
        };
        let class = if count < held {
            "field__problem"
        } else {
            "stock-now"
        };
        Some(view! { <p class=class>{text}</p> })
    }
}

/// The product's options: a name and its values each.
#[component]
fn Options(i: usize) -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let at = format!("catalog.products[{i}].options");
    let count = Memo::new(move |_| {
        studio
            .draft
            .with(|d| draft::list(d, &format!("catalog.products[{i}].options")).len())
    });
    let add_at = at.clone();
    let add = move |_| {
        let at = add_at.clone();
        let mut index = None;
        studio.edit(|d| {
            let id = draft::fresh_id(d, &at, "id", "option");
            index = draft::push(d, &at, json!({ "id": id, "name": "", "values": [] }));
        });
        if let Some(o) = index {
            let id = field_id(&format!("{at}[{o}].name"));
            request_animation_frame(move || {
                page::focus(&id);
            });
        }
    };
    let t = move |m: Msg| w.t(m).to_owned();
    let list_at = StoredValue::new(at.clone());
    view! {
        <section class="group" aria-labelledby="product-options">
            <h2 id="product-options">{t(Msg::Options)}</h2>
            <p class="field__hint">{t(Msg::OptionsHint)}</p>
            {move || (0..count.get()).map(|o| {
                let at = format!("{}[{o}]", list_at.get_value());
                let remove_at = at.clone();
                view! {
                    <fieldset class="group">
                        <legend>{w.option_n(u32::try_from(o + 1).unwrap_or(0))}</legend>
                        <TextField path=path::key(&at, "name") label=t(Msg::OptionName)/>
                        <ValuesField path=path::key(&at, "values")/>
                        <button type="button" class="button button--danger" on:click=move |_| {
                            let at = remove_at.clone();
                            studio.edit(|d| { path::remove(d, &at); });
                        }>{t(Msg::RemoveOption)}</button>
                    </fieldset>
                }
            }).collect_view()}
            <Show when=move || { count.get() < MAX_OPTIONS }>
                <p><button type="button" class="button button--secondary" on:click=add.clone()>{t(Msg::AddOption)}</button></p>
            </Show>
        </section>
    }
}

/// An option's values, separated by commas. A value with its own label
/// (`{"id", "label"}`, written by hand) is kept while its id stays in the list.
#[component]
fn ValuesField(path: String) -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let id = field_id(&path);
    let problems_id = format!("{id}-problems");
    let hint_id = format!("{id}-hint");
    let at = StoredValue::new(path.clone());
    let typed = RwSignal::new(None::<String>);
    let value = move || {
        typed.get().unwrap_or_else(|| {
            studio.draft.with(|d| {
                draft::list(d, &at.get_value())
                    .iter()
                    .filter_map(value_id)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        })
    };
    let described = {
        let (hint_id, problems_id) = (hint_id.clone(), problems_id.clone());
        move || format!("{hint_id} {problems_id}")
    };
    view! {
        <div class="field">
            <label for=id.clone()>{w.t(Msg::OptionValues)}</label>
            <p class="field__hint" id=hint_id>{w.t(Msg::OptionValuesHint)}</p>
            <input id=id type="text" autocomplete="off" aria-describedby=described
                prop:value=value
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    typed.set(Some(text.clone()));
                    let at = at.get_value();
                    studio.edit(|d| {
                        let old: Vec<Value> = draft::list(d, &at).to_vec();
                        let values: Vec<Value> = text
                            .split([',', '，', '、'])
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(|s| {
                                old.iter()
                                    .find(|v| value_id(v) == Some(s))
                                    .cloned()
                                    .unwrap_or_else(|| Value::String(s.to_owned()))
                            })
                            .collect();
                        path::set(d, &at, Value::Array(values));
                    });
                }
                on:blur=move |_| typed.set(None)/>
            <FieldProblems path=path id=problems_id/>
        </div>
    }
}

/// The variants: one per combination of the options' values.
#[component]
fn Variants(i: usize) -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let p = format!("catalog.products[{i}]");
    let product = {
        let p = p.clone();
        Memo::new(move |_| {
            studio
                .draft
                .with(|d| path::get(d, &p).cloned().unwrap_or(Value::Null))
        })
    };
    let missing = Memo::new(move |_| {
        product.with(|prod| {
            let options = prod
                .get("options")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            combinations(&options)
                .iter()
                .filter(|c| find(prod, c).is_none())
                .count()
        })
    });
    let count = Memo::new(move |_| {
        product.with(|prod| {
            prod.get("variants")
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        })
    });
    let orphan_list = Memo::new(move |_| product.with(orphans));
    let make_at = p.clone();
    let make = move |_| {
        let at = make_at.clone();
        studio.edit(|d| {
            complete(d, &at);
        });
    };
    let t = move |m: Msg| w.t(m).to_owned();
    let vp = StoredValue::new(p.clone());
    view! {
        <section class="group" aria-labelledby="product-variants">
            <h2 id="product-variants">{t(Msg::Variants)}</h2>
            <FieldProblems path=path::key(&p, "variants") id=format!("{}-problems", field_id(&path::key(&p, "variants")))/>
            <Show when=move || { missing.get() > 0 }>
                <p>
                    <button type="button" class="button" id=field_id(&path::key(&vp.get_value(), "variants")) on:click=make.clone()>
                        {move || w.make_variants(u32::try_from(missing.get()).unwrap_or(u32::MAX))}
                    </button>
                </p>
            </Show>
            {move || (0..count.get()).map(|v| {
                let at = format!("{}.variants[{v}]", vp.get_value());
                let name = product.with_untracked(|prod| {
                    prod.get("variants").and_then(|l| l.get(v)).and_then(|x| x.get("options")).and_then(Value::as_object)
                        .map(|o| o.values().filter_map(Value::as_str).collect::<Vec<_>>().join(" / "))
                        .unwrap_or_default()
                });
                let orphan = move || orphan_list.with(|o| o.contains(&v));
                let remove_at = at.clone();
                view! {
                    <fieldset class="variant">
                        <legend class="variant__name">{name}</legend>
                        <Show when=orphan>
                            <p class="field__problem">{t(Msg::VariantOrphan)}</p>
                        </Show>
                        <div class="row">
                            <PlainField path=path::key(&at, "sku") label=t(Msg::Sku) kind=Kind::Text/>
                            <PlainField path=path::key(&at, "price") label=t(Msg::Price) kind=Kind::Money placeholder=t(Msg::SameAsProduct)/>
                            <PlainField path=path::key(&at, "stock") label=t(Msg::Stock) kind=Kind::Count/>
                        </div>
                        <StockNow product=i variant=Some(v)/>
                        <button type="button" class="button button--quiet" on:click=move |_| {
                            let at = remove_at.clone();
                            studio.edit(|d| { path::remove(d, &at); });
                        }>{t(Msg::RemoveVariant)}</button>
                    </fieldset>
                }
            }).collect_view()}
        </section>
    }
}

/// Removing the product, asked twice.
#[component]
fn RemoveProduct(i: usize) -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let navigate = use_navigate();
    let asking = RwSignal::new(false);
    let remove = move |_| {
        studio.edit(|d| {
            path::remove(d, &format!("catalog.products[{i}]"));
        });
        navigate(
            &format!("{APP}/studio/products"),
            crate::web::page::whole_path(),
        );
    };
    view! {
        <section class="group" aria-labelledby="remove-product">
            <h2 id="remove-product" class="visually-hidden">{w.t(Msg::RemoveProduct)}</h2>
            <Show when=move || asking.get() fallback=move || view! {
                <button type="button" class="button button--danger" on:click=move |_| asking.set(true)>{w.t(Msg::RemoveProduct)}</button>
            }>
                <p>{w.t(Msg::RemoveProductAsk)}</p>
                <div class="row">
                    <button type="button" class="button button--danger" on:click=remove.clone()>{w.t(Msg::RemoveProductYes)}</button>
                    <button type="button" class="button button--quiet" on:click=move |_| asking.set(false)>{w.t(Msg::Keep)}</button>
                </div>
            </Show>
        </section>
    }
}
