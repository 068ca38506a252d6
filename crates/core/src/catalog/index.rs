//! The feed's search index: every card's searchable text lowercased once, when the
//! cards arrive, so a keystroke is a scan of ready strings (10,000 products: about a
//! megabyte of `contains`) and not a lowercasing of every title in every locale.
//!
//! The lowercasing is passed in (the storefront passes the browser's own,
//! `web/intl.rs`); the index calls it once for the whole catalog: the cards' texts are
//! joined with a separator no lowercasing changes, lowercased in one call and cut
//! apart again. A catalog whose text holds the separator itself is lowercased card by
//! card instead: slower to build, same answers.
//!
//! Results are shown a page at a time ([`Paging`]): the feed mounts at most
//! [`PER_PAGE`] cards whatever the catalog's size.

use crate::catalog::card::Card;
use crate::catalog::feed::{FeedQuery, Sort};

/// Cards on one page of the feed: whole rows at 1, 2, 3, 4 or 6 columns; a shop of
/// this many products (the demo has 29) shows them all at once, as before pages; and
/// as many as `microshop publish` puts in a split shop's first file, so page 1 needs
/// nothing more.
pub const PER_PAGE: usize = 48;

/// Between two cards' texts in the one lowercasing call: a control character no
/// case mapping touches and no product title needs.
const CARD_END: char = '\u{1}';
/// Between two texts of one card, so a search word never matches across them
/// (a search word holds no whitespace).
const FIELD_END: char = '\n';

/// The cards of a catalog in the feed's order, with their lowercased search text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedIndex {
    /// Which index this is (a count, one per [`FeedIndex::new`]; a clone has the same
    /// cards and keeps it): a [`Found`] narrows only a look at the index it came from.
    /// The card count alone could not tell the page's first cards from the same
    /// number of other ones (a shop republished to exactly as many products).
    id: u64,
    cards: Vec<Card>,
    /// `haystacks[i]`: card `i`'s titles (every locale), tags, skus and id,
    /// lowercased, one per line.
    haystacks: Vec<String>,
}

impl FeedIndex {
    /// Indexes `cards` (in the seller's order), lowercasing with `lowercase`.
    pub fn new(cards: Vec<Card>, lowercase: impl Fn(&str) -> String) -> FeedIndex {
        let texts: Vec<String> = cards.iter().map(search_text).collect();
        let joined_ok = !texts.iter().any(|t| t.contains(CARD_END));
        let mut haystacks = Vec::new();
        if joined_ok {
            let mut all = String::with_capacity(texts.iter().map(|t| t.len() + 1).sum());
            for text in &texts {
                all.push_str(text);
                all.push(CARD_END);
            }
            let lowered = lowercase(&all);
            haystacks = lowered.split(CARD_END).map(str::to_owned).collect();
            // The last separator leaves an empty piece after it.
            haystacks.pop();
        }
        if haystacks.len() != cards.len() {
            haystacks = texts.iter().map(|t| lowercase(t)).collect();
        }
        static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        FeedIndex {
            id,
            cards,
            haystacks,
        }
    }

    /// Every card, in the seller's order.
    pub fn cards(&self) -> &[Card] {
        &self.cards
    }

    /// How many cards.
    pub fn len(&self) -> usize {
        self.cards.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }

    /// The card with this product id.
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    /// The cards the feed shows for `query`. Only the query's words are lowercased
    /// here. `before`, what the previous query found on this same index (the
    /// storefront's are the catalog's first products, then all of them, in the
    /// seller's order), narrows the look: when each of its words is in one of the
    /// query's (a keystroke that adds to the search), every card the query finds is
    /// among those, already in the order, so only those are looked at.
    pub fn select(
        &self,
        query: &FeedQuery,
        lowercase: impl Fn(&str) -> String,
        before: Option<&Found>,
    ) -> Found {
        let words: Vec<String> = query.search.split_whitespace().map(&lowercase).collect();
        let narrow = before.filter(|b| {
            b.index == self.id
                && b.category == query.category
                && b.sort == query.sort
                && b.words
                    .iter()
                    .all(|o| words.iter().any(|w| w.contains(o.as_str())))
        });
        let everything: Vec<usize>;
        let among = match narrow {
            Some(b) => &b.at,
            None => {
                everything = (0..self.cards.len()).collect();
                &everything
            }
        };
        let mut at: Vec<usize> = among
            .iter()
            .copied()
            .filter(|&i| {
                query
                    .category
                    .as_ref()
                    .is_none_or(|c| self.cards[i].category.as_ref() == Some(c))
            })
            .filter(|&i| {
                let haystack = &self.haystacks[i];
                words.iter().all(|w| haystack.contains(w.as_str()))
            })
            .collect();
        let cards = &self.cards;
        // One stable sort for every order (one copy of the sort in the wasm): equal
        // prices and dates keep the seller's order. A narrowed look kept the order.
        if query.sort != Sort::Featured && narrow.is_none() {
            at = merge_sort(at, &|a, b| {
                let (a, b) = (&cards[a], &cards[b]);
                match query.sort {
                    Sort::PriceDown => b.price < a.price,
                    // Dates are YYYY-MM-DD, so text order is date order; undated
                    // products go last.
                    Sort::Newest => b.added < a.added,
                    Sort::PriceUp | Sort::Featured => a.price < b.price,
                }
            });
        }
        Found {
            at,
            index: self.id,
            words,
            category: query.category.clone(),
            sort: query.sort,
        }
    }
}

/// `v` sorted, stably, by `before(a, b)`: whether `a` goes strictly before `b`. A
/// bottom-up merge sort of a few lines in place of the standard library's stable
/// sort (its driftsort, a copy for each comparison, was about 4 KB of the `parts`
/// part's unoptimised wasm and as much of the first load's: docs/performance.md,
/// session 14, engineer KEYS4). The comparison is `dyn`, so the feed's sort
/// ([`crate::catalog::feed`]) and the index's are one function in the wasm.
pub(crate) fn merge_sort(mut v: Vec<usize>, before: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let n = v.len();
    // Made by `with_capacity`, as the standard sort's buffer was: `vec![0; n]` and
    // `clone` call an allocation function the `trust` and `buying` parts share, which
    // the `parts` part calling it too moved into a chunk of the three (+240 B brotli
    // to each of the two).
    let mut out = Vec::with_capacity(n);
    out.extend_from_slice(&v);
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (mid + width).min(n);
            let (mut a, mut b) = (start, mid);
            for slot in &mut out[start..end] {
                // The right run's card first only when strictly before: stable.
                let right = b < end && (a == mid || before(v[b], v[a]));
                *slot = if right { v[b] } else { v[a] };
                if right {
                    b += 1;
                } else {
                    a += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut v, &mut out);
        width *= 2;
    }
    v
}

/// What a query found ([`FeedIndex::select`]), with what the next keystroke needs to
/// look only among it. Two are equal when they show the same cards in the same order
/// (what the feed redraws on: a key that finds the same cards changes nothing shown).
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// Positions in [`FeedIndex::cards`], in the query's order.
    pub at: Vec<usize>,
    /// The index it was found on ([`FeedIndex`]'s `id`).
    index: u64,
    /// The query's words, lowercased; its category and order.
    words: Vec<String>,
    category: Option<String>,
    sort: Sort,
}

impl PartialEq for Found {
    fn eq(&self, other: &Found) -> bool {
        self.at == other.at
    }
}

impl Eq for Found {}

/// A card's searchable texts, one per line: what `feed::feed` searches in a product
/// (titles in every locale, tags, skus, id).
fn search_text(card: &Card) -> String {
    let mut text = String::new();
    for part in card
        .title
        .all()
        .chain(card.words.iter().map(String::as_str))
        .chain(std::iter::once(card.id.as_str()))
    {
        text.push_str(part);
        text.push(FIELD_END);
    }
    text
}

/// One page of a feed's results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    /// 1-based, clamped to the pages there are.
    pub page: usize,
    /// How many pages (at least 1, even when nothing matched).
    pub pages: usize,
    /// The results shown: `start..end` of all of them.
    pub start: usize,
    pub end: usize,
}

impl Paging {
    /// Page `asked` (the address's `page=`, 1 when absent or unreadable) of `total`
    /// results, [`PER_PAGE`] to a page. A page past the last shows the last.
    pub fn of(total: usize, asked: Option<&str>) -> Paging {
        let pages = total.div_ceil(PER_PAGE).max(1);
        let page = asked
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, pages);
        let start = (page - 1) * PER_PAGE;
        Paging {
            page,
            pages,
            start,
            end: (start + PER_PAGE).min(total),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::card::Card;
    use crate::catalog::feed::feed;
    use crate::decode::decode_manifest;
    use crate::manifest::{Catalog, CatalogSource};
    use crate::money::Money;
    use crate::text::Text;
    use std::cell::Cell;

    fn demo() -> Catalog {
        let m = decode_manifest(include_str!("../../../../public/shop.json"))
            .expect("demo")
            .value;
        match m.catalog {
            CatalogSource::Inline(c) => c,
            CatalogSource::Remote { .. } => panic!("inline"),
        }
    }

    fn index_of(catalog: &Catalog) -> FeedIndex {
        FeedIndex::new(
            catalog.products.iter().map(Card::of).collect(),
            str::to_lowercase,
        )
    }

    fn card(id: &str, title: &str, price: i64) -> Card {
        Card {
            id: id.into(),
            title: Text::Plain(title.into()),
            image: None,
            category: None,
            added: None,
            price: Money(price),
            from: false,
            was: None,
            sold_out: false,
            words: Vec::new(),
        }
    }

    #[test]
    fn the_index_finds_what_the_feed_finds_for_every_query() {
        let c = demo();
        let index = index_of(&c);
        let mut searches: Vec<String> = vec!["".into(), "JASMINE".into(), "茉莉".into()];
        searches.extend(["zzzz-nothing", "tea green", "a", "e"].map(String::from));
        searches.push(c.products[0].variants[0].sku.clone());
        let mut categories = vec![None];
        categories.extend(c.categories.iter().map(|k| Some(k.id.clone())));
        for search in &searches {
            for category in &categories {
                for sort in Sort::ALL {
                    let query = FeedQuery {
                        search: search.clone(),
                        category: category.clone(),
                        sort,
                    };
                    let by_index: Vec<&str> = index
                        .select(&query, str::to_lowercase, None)
                        .at
                        .into_iter()
                        .map(|i| index.cards()[i].id.as_str())
                        .collect();
                    let by_feed: Vec<&str> =
                        feed(&c, &query).iter().map(|p| p.id.as_str()).collect();
                    assert_eq!(by_index, by_feed, "{query:?}");
                }
            }
        }
    }

    #[test]
    fn the_catalog_is_lowercased_in_one_call_and_a_keystroke_lowercases_only_its_words() {
        let cards: Vec<Card> = (0..10_000)
            .map(|i| card(&format!("p{i}"), &format!("Jasmine Tea ÉTÉ {i}"), i))
            .collect();
        let calls = Cell::new(0);
        let counting = |s: &str| {
            calls.set(calls.get() + 1);
            s.to_lowercase()
        };
        let index = FeedIndex::new(cards, counting);
        assert_eq!(calls.get(), 1, "one lowercasing for 10,000 cards");
        calls.set(0);
        let query = FeedQuery {
            search: "été 9999".into(),
            ..Default::default()
        };
        let found = index.select(&query, counting, None);
        assert_eq!(calls.get(), 2, "one per search word");
        assert_eq!(found.at, vec![9999]);
    }

    #[test]
    fn a_title_holding_the_separator_is_lowercased_card_by_card_with_the_same_answers() {
        let cards = vec![
            card("a", "Odd\u{1}TITLE", 1),
            card("b", "Plain", 2),
            card("c", "Other", 3),
        ];
        let index = FeedIndex::new(cards, str::to_lowercase);
        let find = |s: &str| {
            index
                .select(
                    &FeedQuery {
                        search: s.into(),
                        ..Default::default()
                    },
                    str::to_lowercase,
                    None,
                )
                .at
        };
        assert_eq!(find("title"), vec![0]);
        assert_eq!(find("plain"), vec![1]);
        assert_eq!(find("OTHER"), vec![2]);
    }

    #[test]
    fn a_word_never_matches_across_two_texts_of_a_card() {
        let mut jasmine = card("jasmine", "Jasmine", 1);
        jasmine.words = vec!["green".into()];
        let index = FeedIndex::new(vec![jasmine], str::to_lowercase);
        let find = |s: &str| {
            index
                .select(
                    &FeedQuery {
                        search: s.into(),
                        ..Default::default()
                    },
                    str::to_lowercase,
                    None,
                )
                .at
                .len()
        };
        assert_eq!(find("jasmine green"), 1);
        assert_eq!(find("minegreen"), 0);
        assert_eq!(find("mine\ngreen"), 1, "whitespace splits words");
    }

    #[test]
    fn a_fetched_product_joins_the_catalog_once_with_its_category() {
        let c = demo();
        let first = Catalog {
            categories: Vec::new(),
            products: c.products[..2].to_vec(),
        };
        let more = Catalog {
            categories: c.categories[..1].to_vec(),
            products: vec![c.products[1].clone(), c.products[5].clone()],
        };
        let joined = first.with(more.clone()).with(more);
        let ids: Vec<&str> = joined.products.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [&c.products[0].id, &c.products[1].id, &c.products[5].id]
        );
        assert_eq!(joined.categories, c.categories[..1].to_vec());
    }

    #[test]
    fn pages_hold_a_bounded_number_of_cards_and_unreadable_pages_are_the_first() {
        assert_eq!(
            Paging::of(10_000, None),
            Paging {
                page: 1,
                pages: 209,
                start: 0,
                end: 48
            }
        );
        let last = Paging::of(10_000, Some("209"));
        assert_eq!((last.start, last.end), (9_984, 10_000));
        assert_eq!(Paging::of(10_000, Some("9999")).page, 209);
        for bad in ["0", "-3", "two", "", "1e3"] {
            assert_eq!(Paging::of(10_000, Some(bad)).page, 1, "{bad}");
        }
        let none = Paging::of(0, Some("5"));
        assert_eq!((none.page, none.pages, none.start, none.end), (1, 1, 0, 0));
        assert_eq!(Paging::of(48, None).pages, 1);
        assert_eq!(Paging::of(49, None).pages, 2);
    }

    #[test]
    fn a_keystroke_looks_among_what_the_last_one_found_with_the_same_answers() {
        let c = demo();
        let index = index_of(&c);
        let mut categories = vec![None];
        categories.extend(c.categories.iter().map(|k| Some(k.id.clone())));
        // Typed a key at a time, with a backspace, a space, a new word, case changes.
        let typed = [
            "", "t", "te", "tea", "tea ", "tea g", "tea gr", "tea g", "tea", "TEA", "J", "JA",
            "jas", "jasm", "jasmine", "e", "ea", "茉", "茉莉",
        ];
        for category in &categories {
            for sort in Sort::ALL {
                let mut before: Option<Found> = None;
                for search in typed {
                    let query = FeedQuery {
                        search: search.into(),
                        category: category.clone(),
                        sort,
                    };
                    let narrowed = index.select(&query, str::to_lowercase, before.as_ref());
                    let whole = index.select(&query, str::to_lowercase, None);
                    assert_eq!(narrowed, whole, "{query:?}");
                    before = Some(narrowed);
                }
                // Another category or order looks at the whole catalog again.
                let other = FeedQuery {
                    search: "tea".into(),
                    category: None,
                    sort: Sort::PriceUp,
                };
                assert_eq!(
                    index.select(&other, str::to_lowercase, before.as_ref()),
                    index.select(&other, str::to_lowercase, None)
                );
            }
        }
    }

    #[test]
    fn only_what_the_last_keystroke_found_is_looked_at_when_the_query_adds_to_it() {
        let cards = vec![
            card("a", "Green tea", 1),
            card("b", "Green tea", 2),
            card("c", "Green cup", 3),
        ];
        let index = FeedIndex::new(cards, str::to_lowercase);
        let query = |search: &str| FeedQuery {
            search: search.into(),
            ..Default::default()
        };
        // As if "green" had found only card b: "green t" looks among b alone.
        let before = Found {
            at: vec![1],
            index: index.id,
            words: vec!["green".into()],
            category: None,
            sort: Sort::Featured,
        };
        assert_eq!(
            index
                .select(&query("green t"), str::to_lowercase, Some(&before))
                .at,
            vec![1]
        );
        // Not when a word is gone ("gree" is not in "gre"), or on an index of other cards.
        assert_eq!(
            index
                .select(&query("gre"), str::to_lowercase, Some(&before))
                .at,
            vec![0, 1, 2]
        );
        let elsewhere = Found {
            index: FeedIndex::new(
                vec![
                    card("x", "Green pot", 1),
                    card("y", "Green tea", 2),
                    card("z", "Green cup", 3),
                ],
                str::to_lowercase,
            )
            .id,
            ..before.clone()
        };
        assert_eq!(
            index
                .select(&query("green t"), str::to_lowercase, Some(&elsewhere))
                .at,
            vec![0, 1]
        );
    }

    #[test]
    fn a_word_whose_lowercasing_changes_as_it_grows_looks_at_everything() {
        // Σ at a word's end lowercases to ς, inside it to σ: "ΟΔΟΣ" finds nothing in
        // "οδοσα", "ΟΔΟΣΑ" does, though it adds to the search.
        let index = FeedIndex::new(vec![card("a", "ΟΔΟΣΑ", 1)], str::to_lowercase);
        let query = |search: &str| FeedQuery {
            search: search.into(),
            ..Default::default()
        };
        let before = index.select(&query("ΟΔΟΣ"), str::to_lowercase, None);
        assert!(before.at.is_empty());
        assert_eq!(
            index
                .select(&query("ΟΔΟΣΑ"), str::to_lowercase, Some(&before))
                .at,
            vec![0]
        );
    }

    #[test]
    fn the_merge_sort_is_the_standard_stable_sort() {
        // Lengths around the runs' widths, keys with many ties (a pseudo-random walk,
        // no randomness crate: the same sequence every run).
        let mut seed = 7u64;
        for n in [0, 1, 2, 3, 5, 8, 17, 64, 100, 1000] {
            let keys: Vec<u64> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    seed >> 60
                })
                .collect();
            // Positions not in order, as a narrowed or filtered look may hold.
            let v: Vec<usize> = (0..n).rev().step_by(2).chain((0..n).step_by(2)).collect();
            let mut expected = v.clone();
            expected.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
            assert_eq!(
                merge_sort(v.clone(), &|a, b| keys[a] < keys[b]),
                expected,
                "{n}"
            );
            let mut down = v.clone();
            down.sort_by(|&a, &b| keys[b].cmp(&keys[a]));
            assert_eq!(merge_sort(v, &|a, b| keys[b] < keys[a]), down, "{n} down");
        }
    }

    #[test]
    fn keys_carried_across_categories_orders_backspaces_and_greek_words_answer_as_a_whole_look() {
        // Each step is a key (or a tap) with what the key before found carried over,
        // as the feed's memo does; every answer equals a look at everything.
        let mut cards = vec![
            card("a", "ΟΔΟΣΑ green tea", 300),
            card("b", "Οδός tea", 100),
            card("c", "ΚΟΣΜΟΣ cup", 200),
            card("d", "Green TEA set", 100),
            card("e", "İstanbul cup", 250),
            card("f", "σοφία tea", 50),
        ];
        for (i, c) in cards.iter_mut().enumerate() {
            c.category = Some(if i % 2 == 0 { "tea" } else { "cups" }.into());
            c.added = (i % 3 != 0).then(|| format!("2026-01-0{i}"));
        }
        let index = FeedIndex::new(cards, str::to_lowercase);
        let tea = Some("tea".to_string());
        let steps: Vec<(&str, Option<String>, Sort)> = vec![
            ("Ο", None, Sort::Featured),
            ("ΟΔ", None, Sort::Featured),
            ("ΟΔΟ", None, Sort::Featured),
            ("ΟΔΟΣ", None, Sort::Featured),
            ("ΟΔΟΣΑ", None, Sort::Featured),
            ("ΟΔΟΣ", None, Sort::Featured),
            ("ΟΔΟΣ ", tea.clone(), Sort::Featured),
            ("ΟΔΟΣ t", tea.clone(), Sort::Featured),
            ("ΟΔΟΣ te", None, Sort::PriceUp),
            ("ΟΔΟΣ tea", None, Sort::PriceUp),
            ("ΟΔΟΣ te", None, Sort::PriceUp),
            ("", None, Sort::PriceDown),
            ("Κ", None, Sort::PriceDown),
            ("ΚΟΣ", None, Sort::PriceDown),
            ("ΚΟΣΜΟΣ", None, Sort::Newest),
            ("κοσμος", None, Sort::Newest),
            ("σ", None, Sort::Newest),
            ("Σ", tea.clone(), Sort::Newest),
            ("ΣΟ", tea.clone(), Sort::Newest),
            ("i", None, Sort::Featured),
            ("İ", None, Sort::Featured),
            ("İs", None, Sort::Featured),
            ("g", None, Sort::Featured),
            ("gr t", None, Sort::Featured),
            ("GR TE", None, Sort::Featured),
            ("gr", None, Sort::Featured),
        ];
        let mut before: Option<Found> = None;
        for (search, category, sort) in steps {
            let query = FeedQuery {
                search: search.into(),
                category,
                sort,
            };
            let narrowed = index.select(&query, str::to_lowercase, before.as_ref());
            let whole = index.select(&query, str::to_lowercase, None);
            assert_eq!(narrowed.at, whole.at, "{query:?}");
            before = Some(narrowed);
        }
    }
}
