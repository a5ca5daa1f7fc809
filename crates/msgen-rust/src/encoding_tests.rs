use msgen_openapi::Contract;

use super::*;
use crate::RustView as _;

/// A multipart upload with a file part `photo` and a text part `caption`, its
/// content entry ending with `encoding`.
fn upload(media: &str, encoding: &str) -> Contract {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /photos:\n    post:\n      operationId: addPhoto\n      requestBody:\n        required: true\n        content:\n          {media}:\n            schema:\n              type: object\n              required: [photo]\n              properties:\n                photo: {{type: string, format: binary}}\n                caption: {{type: string}}\n            encoding:\n{encoding}      responses: {{'204': {{description: x}}}}\n"
    );
    Contract::parse(&text).unwrap()
}

const AT: &str = "/paths/~1photos/post/requestBody/content/multipart~1form-data/encoding";

#[test]
fn listed_part_types_become_data_the_extractor_checks() {
    let contract = upload(
        "multipart/form-data",
        "              photo: {contentType: 'image/png; q=1, IMAGE/*'}\n              caption: {contentType: text/plain, style: form, explode: true}\n",
    );
    let models = contract.rust_models().unwrap();
    let expected = "impl crate::extract::PartTypes for AddPhotoParts {\n    fn part_types(part: &str) -> &'static [&'static str] {\n        match part {\n            \"photo\" => &[\"image/png\", \"image/*\"],\n            \"caption\" => &[\"text/plain\"],\n            _ => &[],\n        }\n    }\n}\n";
    assert!(models.contains(expected), "{models}");
    // The example file a test sends has a type the contract takes.
    assert!(
        models.contains("photo: crate::extract::FilePart::example_of(\"image/png\"),"),
        "{models}"
    );
    contract.operations().unwrap();
}

#[test]
fn a_form_without_encoding_takes_any_part_type() {
    let contract = upload("multipart/form-data", "              {}\n");
    let models = contract.rust_models().unwrap();
    assert!(
        models.contains("impl crate::extract::PartTypes for AddPhotoParts {}\n"),
        "{models}"
    );
    assert!(
        models.contains("photo: crate::extract::FilePart::example(),"),
        "{models}"
    );
}

#[test]
fn what_msgen_does_not_read_in_an_encoding_is_refused_with_its_place() {
    for (encoding, pointer, what) in [
        (
            "              photo: {headers: {X-Rate: {schema: {type: integer}}}}\n",
            "/photo/headers",
            "`headers` of a part",
        ),
        (
            "              photo: {explode: false}\n",
            "/photo/explode",
            "`explode: false`",
        ),
        (
            "              photo: {style: deepObject}\n",
            "/photo/style",
            "`style: deepObject`",
        ),
        (
            "              photo: {contentType: [image/png]}\n",
            "/photo/contentType",
            "comma-separated",
        ),
        (
            "              photo: {contentType: 'image/png, png'}\n",
            "/photo/contentType",
            "`png` is not a media type",
        ),
        (
            "              avatar: {contentType: image/png}\n",
            "/avatar",
            "not a property",
        ),
        (
            "              caption: {contentType: application/json}\n",
            "/caption/contentType",
            "text part `caption`",
        ),
    ] {
        let contract = upload("multipart/form-data", encoding);
        for error in [
            contract.operations().unwrap_err(),
            contract.rust_models().unwrap_err(),
        ] {
            assert_eq!(
                error.pointer().as_deref(),
                Some(format!("{AT}{pointer}").as_str()),
                "{encoding}"
            );
            assert!(error.to_string().contains(what), "{error}");
            assert!(error.hint().unwrap().contains("contentType"), "{error:?}");
        }
    }
}

#[test]
fn a_form_encoding_is_refused_unless_it_says_what_msgen_does() {
    let form = "application/x-www-form-urlencoded";
    let plain = upload(
        form,
        "              caption: {style: form, explode: true}\n",
    );
    plain.operations().unwrap();
    for (encoding, key) in [
        (
            "              caption: {contentType: text/plain}\n",
            "contentType",
        ),
        ("              caption: {explode: false}\n", "explode"),
        (
            "              caption: {allowReserved: true}\n",
            "allowReserved",
        ),
    ] {
        let error = upload(form, encoding).operations().unwrap_err();
        assert_eq!(
            error.pointer().as_deref(),
            Some(
                format!(
                    "/paths/~1photos/post/requestBody/content/application~1x-www-form-urlencoded/encoding/caption/{key}"
                )
                .as_str()
            )
        );
    }
}

#[test]
fn wildcards_take_their_subtypes_only() {
    assert!(matches("image/*", "image/png"));
    assert!(matches("*/*", "application/pdf"));
    assert!(matches("image/png", "image/png"));
    assert!(!matches("image/*", "imagex/png"));
    assert!(!matches("image/png", "image/jpeg"));
    assert!(well_formed("application/vnd.a+json"));
    assert!(!well_formed("*/png"));
    assert!(!well_formed("image/"));
}

#[test]
fn the_example_type_is_one_the_contract_takes() {
    let listed = |l: &[&str]| l.iter().map(|m| (*m).to_owned()).collect::<Vec<_>>();
    assert_eq!(example_type(&listed(&["image/*"])), "image/example");
    assert_eq!(example_type(&listed(&["*/*"])), "text/plain");
    assert_eq!(
        example_type(&listed(&["image/png", "text/*"])),
        "text/plain"
    );
    assert_eq!(
        example_type(&listed(&["application/pdf"])),
        "application/pdf"
    );
}

#[test]
fn a_long_list_is_laid_out_as_rustfmt_does() {
    let long: Vec<String> = [
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/avif",
    ]
    .iter()
    .map(|m| (*m).to_owned())
    .collect();
    let text = part_types_impl("P", &vec![("photo".to_owned(), long)]);
    assert!(
        text.contains("            \"photo\" => &[\n                \"image/png\",\n                \"image/jpeg\",\n"),
        "{text}"
    );
    let short: Vec<String> = [
        "a/b", "c/d", "e/f", "g/h", "i/j", "k/l", "m/n", "o/p", "q/r", "s/t", "u/v",
    ]
    .iter()
    .map(|m| (*m).to_owned())
    .collect();
    let text = part_types_impl("P", &vec![("p".to_owned(), short)]);
    assert!(
        text.contains("            \"p\" => &[\n                \"a/b\", \"c/d\","),
        "{text}"
    );
}
