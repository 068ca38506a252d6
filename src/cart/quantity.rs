//! A quantity stepper: big touch targets, typed input clamped to the limits.

use crate::i18n::Msg;
use crate::shop::use_shop;
use leptos::prelude::*;

/// − [n] + within `min..=max`. `on_change` runs after every change.
#[component]
pub fn QuantityStepper(
    /// The quantity.
    value: RwSignal<u32>,
    /// Fewest allowed.
    min: u32,
    /// Most allowed (stock and per-order limit).
    #[prop(into)]
    max: Signal<u32>,
    /// What is being counted, for screen readers.
    #[prop(into)]
    label: Signal<String>,
    /// Called with the new quantity.
    #[prop(optional)]
    on_change: Option<Callback<u32>>,
) -> impl IntoView {
    let shop = use_shop();
    let set = move |n: u32| {
        let n = n.clamp(min, max.get_untracked().max(min));
        value.set(n);
        if let Some(cb) = on_change {
            cb.run(n);
        }
    };
    // Keep the value inside the limits when they change (another variant, less stock).
    Effect::new(move |_| {
        let (v, hi) = (value.get(), max.get().max(min));
        if v > hi {
            value.set(hi);
        }
    });
    let max_attr = move || max.get().to_string();
    view! {
        <div class="stepper" role="group" aria-label=move || format!("{} – {}", shop.t(Msg::Quantity), label.get())>
            <button type="button" class="stepper__button" aria-label=move || shop.t(Msg::Decrease)
                disabled=move || { value.get() <= min }
                on:click=move |_| set(value.get_untracked().saturating_sub(1))>"−"</button>
            <input class="stepper__input" type="number" inputmode="numeric" min=min max=max_attr
                aria-label=move || shop.t(Msg::Quantity)
                prop:value=move || value.get().to_string()
                on:change=move |ev| {
                    let typed = event_target_value(&ev).trim().parse::<u32>().unwrap_or(min);
                    set(typed);
                }/>
            <button type="button" class="stepper__button" aria-label=move || shop.t(Msg::Increase)
                disabled=move || { value.get() >= max.get() }
                on:click=move |_| set(value.get_untracked().saturating_add(1))>"+"</button>
        </div>
    }
}
