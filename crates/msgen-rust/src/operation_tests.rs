use super::*;

#[test]
fn summaries_fall_back_to_the_id() {
    assert_eq!(sentence("list_order_lines"), "List order lines");
    assert_eq!(sentence(""), "");
}
