use msgen_openapi::Contract;

use super::call;
use crate::RustView as _;
use crate::fixtures::{CONSTRAINTS, HAND};

fn models(text: &str) -> String {
    Contract::parse(text).unwrap().rust_models().unwrap()
}

/// The `impl Validate for {name}` block of `code`.
fn validate_impl<'a>(code: &'a str, name: &str) -> &'a str {
    let head = format!("impl Validate for {name} {{\n");
    let start = code
        .find(&head)
        .unwrap_or_else(|| panic!("no {head} in\n{code}"));
    let end = code[start..].find("\n}\n").unwrap() + start + 3;
    &code[start..end]
}

#[test]
fn every_constraint_becomes_a_check() {
    let code = models(CONSTRAINTS);
    let checked = validate_impl(&code, "Checked");
    for needle in [
        "        check::min_length(&self.name, 1, format_args!(\"{path}/name\"), errors);\n        check::max_length(&self.name, 8, format_args!(\"{path}/name\"), errors);\n",
        "        if let Some(value) = &self.note {\n            check::max_length(value, 5, format_args!(\"{path}/note\"), errors);\n        }\n",
        "        check::minimum(self.quantity, 1, format_args!(\"{path}/quantity\"), errors);\n        check::maximum(self.quantity, 9, format_args!(\"{path}/quantity\"), errors);\n",
        "            check::minimum(*value, -2147483649, format_args!(\"{path}/wide\"), errors);\n            check::maximum(*value, 0, format_args!(\"{path}/wide\"), errors);\n",
        "        check::exclusive_minimum(self.price, 0.0, format_args!(\"{path}/price\"), errors);\n        check::maximum(self.price, 1000000.0, format_args!(\"{path}/price\"), errors);\n",
        "        check::minimum(self.ratio, 0.1, format_args!(\"{path}/ratio\"), errors);\n        check::exclusive_maximum(self.ratio, 1.0, format_args!(\"{path}/ratio\"), errors);\n",
        "        check::min_items(&self.lines, 1, format_args!(\"{path}/lines\"), errors);\n        check::max_items(&self.lines, 3, format_args!(\"{path}/lines\"), errors);\n        Validate::validate(&self.lines, &format!(\"{path}/lines\"), errors);\n",
        "        check::unique_items(&self.tags, format_args!(\"{path}/tags\"), errors);\n        for (i, item) in self.tags.iter().enumerate() {\n            check::min_length(item, 1, format_args!(\"{path}/tags/{i}\"), errors);\n",
        "            for (i1, item1) in value.iter().enumerate() {\n                check::max_items(item1, 2, format_args!(\"{path}/grid/{i1}\"), errors);\n                for (i2, item2) in item1.iter().enumerate() {\n                    check::minimum(\n                        *item2,\n                        Integer::from(0_i64),\n                        format_args!(\"{path}/grid/{i1}/{i2}\"),\n                        errors,\n                    );\n",
        "        for (key, value) in &self.scores {\n            let key = check::escape(key);\n            check::maximum(\n                *value,\n                Integer::from(9_i64),\n                format_args!(\"{path}/scores/{key}\"),\n                errors,\n            );\n        }\n",
        // Through `$ref`s to type aliases.
        "        check::min_length(&self.code, 4, format_args!(\"{path}/code\"), errors);\n",
        "        check::max_items(&self.short, 2, format_args!(\"{path}/short\"), errors);\n        for (i, item) in self.short.iter().enumerate() {\n            check::min_length(item, 4, format_args!(\"{path}/short/{i}\"), errors);\n",
        // JSON pointer and format string escaping.
        "format_args!(\"{path}/odd~1name~0{{x}}\")",
        // rustfmt's layout of long lines.
        "        if let Some(value) =\n            &self.a_very_long_property_name_that_forces_the_call_onto_several_lines_of_code\n        {\n            check::max_length(\n                value,\n                2,\n                format_args!(\"{path}/aVeryLongPropertyNameThatForcesTheCallOntoSeveralLinesOfCode\"),\n                errors,\n            );\n",
        "                    format_args!(\n                        \"{path}/anotherVeryLongPropertyNameWhoseItemsNeedALoopOfTheirOwn/{i1}\"\n                    ),\n",
        "        Validate::validate(&self.nested, &format!(\"{path}/nested\"), errors);\n",
    ] {
        assert!(checked.contains(needle), "missing {needle:?} in\n{checked}");
    }
    for absent in ["self.plain", "self.kind"] {
        assert!(!checked.contains(absent), "{absent} in\n{checked}");
    }
    assert_eq!(
        validate_impl(&code, "PostCheckedQuery"),
        "impl Validate for PostCheckedQuery {\n    fn validate(&self, path: &str, errors: &mut Vec<String>) {\n        if let Some(value) = &self.limit {\n            check::minimum(*value, 1, format_args!(\"{path}/limit\"), errors);\n            check::maximum(*value, 100, format_args!(\"{path}/limit\"), errors);\n        }\n        check::min_length(&self.q, 2, format_args!(\"{path}/q\"), errors);\n        if let Some(value) = &self.ratio {\n            check::exclusive_maximum(*value, 1.0, format_args!(\"{path}/ratio\"), errors);\n        }\n    }\n}\n"
    );
}

#[test]
fn models_without_constraints_get_an_empty_impl() {
    let code = models(CONSTRAINTS) + &models(HAND);
    let empty = "    fn validate(&self, _: &str, _: &mut Vec<String>) {}\n}\n";
    for name in ["CheckedKind", "OrderStatus", "Problem"] {
        assert!(validate_impl(&code, name).ends_with(empty), "{name}");
    }
    // Every struct and enum has one, so containers of them validate too.
    let items = code.matches("\npub struct ").count() + code.matches("\npub enum ").count();
    assert_eq!(code.matches("impl Validate for ").count(), items);
    // The `Problem` response itself has no constraints, but an `Order` checks its lines.
    assert!(
        validate_impl(&code, "Order")
            .contains("Validate::validate(&self.lines, &format!(\"{path}/lines\"), errors);")
    );
}

#[test]
fn calls_break_like_rustfmt() {
    let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(call(8, "f", &args(&["a", "b"])), "        f(a, b);\n");
    // Arguments wider than `fn_call_width` (60) go one per line.
    let wide = "x".repeat(59);
    assert_eq!(
        call(4, "f", &args(&[&wide, "b"])),
        format!("    f(\n        {wide},\n        b,\n    );\n")
    );
    assert_eq!(
        call(4, "f", &args(&[&"x".repeat(57), "b"])),
        format!("    f({}, b);\n", "x".repeat(57))
    );
}

#[test]
fn integer_bounds_compare_integers_and_past_64_bits_their_f64() {
    let text = "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    Big:\n      type: object\n      required: [n, huge, code]\n      properties:\n        n: {type: integer, exclusiveMinimum: 0}\n        huge: {type: integer, minimum: -1.0e30, exclusiveMaximum: 1.0e20}\n        code: {type: integer, enum: [1, 18446744073709551615]}\n        limit: {type: integer, minimum: 1, maximum: 100}\n        wide: {type: integer, maximum: 10000000000000000000}\n";
    let code = models(text);
    let big = validate_impl(&code, "Big");
    for needle in [
        "check::minimum(\n            self.n,\n            Integer::from(1_i64),\n",
        "check::minimum(\n            self.huge.as_f64(),\n            -1e30,\n",
        "check::exclusive_maximum(\n            self.huge.as_f64(),\n            1e20,\n",
        "Integer::from(18446744073709551615_u64)",
        "Integer::from(10000000000000000000_u64),",
        "check::minimum(*value, 1, format_args!(\"{path}/limit\"), errors);",
    ] {
        assert!(big.contains(needle), "missing {needle:?} in\n{big}");
    }
    for field in [
        "pub n: Integer,",
        "pub huge: Integer,",
        "pub code: Integer,",
        "pub limit: Option<i64>,",
    ] {
        assert!(code.contains(field), "missing {field:?} in\n{code}");
    }
}

#[test]
fn multiple_of_is_exact_on_integers_and_tolerant_on_numbers() {
    let code = models(
        r#"openapi: 3.1.0
info: {title: multiples, version: "1"}
paths: {}
components:
  schemas:
    Steps:
      type: object
      required: [five, big, cents]
      properties:
        five: {type: integer, format: int32, multipleOf: 5}
        big: {type: integer, multipleOf: 3}
        cents: {type: number, multipleOf: 0.01}
        half: {type: integer, format: int64, multipleOf: 0.5}
        small: {type: number, format: float, multipleOf: 0.25}
"#,
    );
    let steps = validate_impl(&code, "Steps");
    for needle in [
        "        check::multiple_of(self.five, 5, format_args!(\"{path}/five\"), errors);\n",
        "        check::integer_multiple_of(self.big, 3, format_args!(\"{path}/big\"), errors);\n",
        "        check::number_multiple_of(self.cents, 0.01, format_args!(\"{path}/cents\"), errors);\n",
        "            check::number_multiple_of(\n                Integer::from(*value).as_f64(),\n                0.5,\n",
        "            check::number_multiple_of(*value, 0.25, format_args!(\"{path}/small\"), errors);\n",
    ] {
        assert!(steps.contains(needle), "missing {needle:?} in\n{steps}");
    }
}
