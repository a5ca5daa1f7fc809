//! Contracts for the tests of the models generator, beside the shared ones.

#[path = "../../msgen-openapi/src/fixtures.rs"]
mod shared;

pub(crate) use shared::HAND;

/// Schemas exercising every supported construct of the models generator.
pub(crate) const RICH: &str = r#"openapi: 3.0.3
info: {title: rich, version: "1"}
paths:
  /things/{thingId}:
    get:
      operationId: get_thing
      parameters:
        - {name: thingId, in: path, required: true, schema: {type: string, format: uuid}}
        - {name: type, in: query, schema: {type: string, enum: [a, b]}}
        - {name: pageSize, in: query, required: true, schema: {type: integer, minimum: 10, maximum: 20}}
        - {name: kind, in: query, schema: {$ref: '#/components/schemas/Kind'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Kind:
      description: "Kinds with `ticks`, [links](x), <b>tags</b>, https://example.com and\n\n    ```\n    fn main() {}\n    ```"
      type: string
      enum: [plain, "in-progress", "2nd", "", "self", "NOT_SET", null]
    Thing:
      type: object
      additionalProperties: false
      required: [id, type, self, 2fa, createdAt, tags, nested, parts, score, ratio, small, attrs, anyValue, kind, alias, maybe, maybeToo, longName, count, code, maybeInt]
      properties:
        id: {type: string, format: uuid}
        type: {type: string, description: "a keyword field */ with\nnewlines"}
        self: {type: boolean}
        2fa: {type: boolean}
        createdAt: {type: string, format: date-time}
        tags: {type: array, items: {type: string, format: email}, minItems: 2}
        nested:
          type: object
          required: [level]
          properties:
            level: {type: integer, format: int32, exclusiveMinimum: true, minimum: 3}
            inner:
              type: object
              properties:
                deep: {type: string, enum: [x, y]}
        parts:
          type: array
          minItems: 1
          items:
            type: object
            required: [name]
            properties:
              name: {type: string, minLength: 30}
        score: {type: number, minimum: 0, maximum: 5}
        ratio: {type: number, format: float, exclusiveMinimum: 2}
        small: {type: integer, maximum: -3}
        attrs: {type: object, additionalProperties: {type: integer}}
        anyValue: {}
        kind: {$ref: '#/components/schemas/Kind'}
        alias: {$ref: '#/components/schemas/ThingIds'}
        maybe: {type: string, nullable: true}
        maybeToo: {allOf: [{$ref: '#/components/schemas/Kind'}], nullable: true}
        longName: {type: string, example: "a quite long example string here 1234567"}
        count: {$ref: '#/components/schemas/Count'}
        code: {type: integer, enum: [5, 6]}
        maybeInt: {type: integer, format: int64, nullable: true}
        free: {type: object}
        children: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        veryLongPropertyNameThatGoesOnAndOnForeverAndEverAndEver: {type: string, format: uuid}
        anotherVeryLongPropertyNameForAFreeFormMap: {type: object, nullable: true}
    ThingIds:
      type: array
      minItems: 1
      items: {type: string, format: uuid}
    Count: {type: integer, format: int64, minimum: 7}
    Empty: {type: object, properties: {}}
    Nullable31:
      type: object
      properties:
        when: {type: [string, "null"], format: date}
"#;

/// Every constraint `impl Validate` checks, in every position (field, optional, nullable,
/// array item, map value, through a `$ref` alias, query parameter).
pub(crate) const CONSTRAINTS: &str = r#"openapi: 3.1.0
info: {title: constraints, version: "1"}
paths:
  /checked:
    post:
      operationId: post_checked
      parameters:
        - {name: limit, in: query, schema: {type: integer, format: int32, minimum: 1, maximum: 100}}
        - {name: q, in: query, required: true, schema: {type: string, minLength: 2}}
        - {name: ratio, in: query, schema: {type: number, exclusiveMaximum: 1}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Checked'}
      responses:
        '204': {description: ok}
components:
  schemas:
    Checked:
      type: object
      required: [name, quantity, lines, tags, price, ratio, code, scores, short]
      properties:
        name: {type: string, minLength: 1, maxLength: 8}
        note: {type: string, maxLength: 5}
        maybe: {type: [string, "null"], minLength: 2}
        quantity: {type: integer, format: int32, minimum: 1, exclusiveMaximum: 10}
        wide: {type: integer, minimum: -2147483649, maximum: 0.5}
        price: {type: number, exclusiveMinimum: 0, maximum: 1e6}
        ratio: {type: number, format: float, minimum: 0.1, exclusiveMaximum: 1}
        lines: {type: array, minItems: 1, maxItems: 3, items: {$ref: '#/components/schemas/Item'}}
        tags: {type: array, uniqueItems: true, items: {type: string, minLength: 1, maxLength: 3}}
        grid: {type: array, items: {type: array, maxItems: 2, items: {type: integer, minimum: 0}}}
        scores: {type: object, additionalProperties: {type: integer, maximum: 9}}
        code: {$ref: '#/components/schemas/Code'}
        short: {$ref: '#/components/schemas/Short'}
        "odd/name~{x}": {type: string, maxLength: 1}
        aVeryLongPropertyNameThatForcesTheCallOntoSeveralLinesOfCode: {type: string, maxLength: 2}
        anotherVeryLongPropertyNameWhoseItemsNeedALoopOfTheirOwn: {type: array, items: {type: string, minLength: 1}}
        plain: {type: string}
        nested: {$ref: '#/components/schemas/Item'}
        kind: {type: string, enum: [a, b]}
        id: {type: string, format: uuid}
        day: {type: string, format: date}
        at: {type: string, format: date-time}
        mail: {type: string, format: email}
        v4: {type: string, format: ipv4}
        v6: {type: string, format: ipv6}
        link: {type: string, format: uri}
    Item:
      type: object
      required: [sku]
      properties:
        sku: {type: string, minLength: 3}
        count: {type: integer, minimum: 1}
    Code: {type: string, minLength: 4, maxLength: 4}
    Short: {type: array, items: {$ref: '#/components/schemas/Code'}, maxItems: 2}
"#;

/// `oneOf`/`anyOf` with and without a discriminator, inline and nullable members.
pub(crate) const UNIONS: &str = r#"openapi: 3.1.0
info: {title: unions, version: "1"}
paths: {}
components:
  schemas:
    Cat:
      type: object
      required: [petType, lives]
      properties:
        petType: {type: string}
        lives: {type: integer, minimum: 1}
    Dog:
      type: object
      required: [petType, bark]
      properties:
        petType: {type: string}
        bark: {type: boolean, enum: [true]}
        size: {type: integer, enum: [1, 2, 3]}
        weight: {type: number, enum: [1.5, 2]}
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: petType
        mapping:
          kitty: '#/components/schemas/Cat'
    Ambiguous:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
    Id:
      oneOf:
        - {type: string, minLength: 3}
        - {type: integer}
    Loose:
      anyOf:
        - $ref: '#/components/schemas/Cat'
        - type: object
          required: [name]
          properties:
            name: {type: string}
    Owner:
      type: object
      required: [pet, maybe]
      properties:
        pet: {$ref: '#/components/schemas/Pet'}
        maybe:
          oneOf: [{$ref: '#/components/schemas/Dog'}, {type: 'null'}]
        either:
          anyOf: [{type: string}, {type: array, items: {type: string}}]
"#;
