use super::*;

#[test]
fn percent_encodes_examples() {
    assert_eq!(encode("a b/c?d"), "a%20b%2Fc%3Fd");
    assert_eq!(encode("user@example.com"), "user%40example.com");
    assert_eq!(encode("2024-01-01T00:00:00Z"), "2024-01-01T00%3A00%3A00Z");
}

#[test]
fn summaries_fall_back_to_the_id() {
    assert_eq!(sentence("list_order_lines"), "List order lines");
    assert_eq!(sentence(""), "");
}
