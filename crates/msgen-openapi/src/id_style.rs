//! The naming style of a contract's `operationId`s, so an id msgen derives for a new
//! operation reads like its neighbours: `createOrder` beside `listOrders`.

use heck::{ToKebabCase, ToLowerCamelCase, ToUpperCamelCase};

/// How a contract spells its `operationId`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum IdStyle {
    /// `create_order`, and msgen's own default.
    #[default]
    Snake,
    /// `createOrder`.
    Camel,
    /// `CreateOrder`.
    Pascal,
    /// `create-order`.
    Kebab,
}

impl IdStyle {
    /// The style most of `ids` follow; one-word ids (`health`) follow every style and
    /// do not count. A tie, or no id, keeps the snake_case default.
    pub(crate) fn of<'a>(ids: impl IntoIterator<Item = &'a str>) -> Self {
        let mut counts = [0_usize; 4];
        for id in ids {
            if let Some(style) = Self::spelling(id) {
                counts[style as usize] += 1;
            }
        }
        let styles = [Self::Snake, Self::Camel, Self::Pascal, Self::Kebab];
        let most = counts.iter().copied().max().unwrap_or(0);
        let leaders: Vec<Self> = styles
            .into_iter()
            .filter(|style| most > 0 && counts[*style as usize] == most)
            .collect();
        match leaders.as_slice() {
            [one] => *one,
            _ => Self::Snake,
        }
    }

    /// The style one id is written in, when it shows one.
    fn spelling(id: &str) -> Option<Self> {
        let upper = id.chars().any(|c| c.is_ascii_uppercase());
        let first_upper = id.starts_with(|c: char| c.is_ascii_uppercase());
        match (id.contains('_'), id.contains('-'), upper) {
            (true, false, false) => Some(Self::Snake),
            (false, true, false) => Some(Self::Kebab),
            (false, false, true) if first_upper => Some(Self::Pascal),
            (false, false, true) => Some(Self::Camel),
            _ => None,
        }
    }

    /// `snake` (a snake_case id) written in this style.
    pub(crate) fn apply(self, snake: &str) -> String {
        match self {
            Self::Snake => snake.to_owned(),
            Self::Camel => snake.to_lower_camel_case(),
            Self::Pascal => snake.to_upper_camel_case(),
            Self::Kebab => snake.to_kebab_case(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_common_spelling_wins_and_one_word_ids_do_not_count() {
        for (ids, style) in [
            (&["listOrders", "getOrder", "health"][..], IdStyle::Camel),
            (&["list-orders", "get-order"], IdStyle::Kebab),
            (&["ListOrders", "GetOrder"], IdStyle::Pascal),
            (&["list_orders", "getOrder", "get_order"], IdStyle::Snake),
            (&["listOrders", "get_order"], IdStyle::Snake),
            (&["health", "ping"], IdStyle::Snake),
            (&[], IdStyle::Snake),
        ] {
            assert_eq!(IdStyle::of(ids.iter().copied()), style, "{ids:?}");
        }
    }

    #[test]
    fn a_snake_case_id_is_written_in_each_style() {
        for (style, id) in [
            (IdStyle::Snake, "cancel_order_line"),
            (IdStyle::Camel, "cancelOrderLine"),
            (IdStyle::Pascal, "CancelOrderLine"),
            (IdStyle::Kebab, "cancel-order-line"),
        ] {
            assert_eq!(style.apply("cancel_order_line"), id);
        }
    }
}
