//! Contracts shared by the tests of this crate and of msgen-rust.

/// A hand-formatted contract: 4-space indent, comments, flow lists, quoted keys.
pub(crate) const HAND: &str = r#"# Orders service contract
openapi: "3.1.0"
info:
    title: Orders   # shown in docs
    version: 0.1.0

paths:
    # --- system ---
    '/healthz':
        get:
            operationId: healthz
            x-msgen-system: true
            tags: [system]
            responses:
                '200': {description: OK}

    # --- orders ---
    '/orders':
        get:
            operationId: list_orders
            summary: List orders
            parameters:
                - {name: limit, in: query, schema: {type: integer, format: int32, minimum: 1}}
                - name: status
                  in: query
                  required: true
                  schema: {$ref: '#/components/schemas/OrderStatus'}
            responses:
                '200':
                    description: The orders
                    content:
                        application/json:
                            schema:
                                type: array
                                items: {$ref: '#/components/schemas/Order'}
                '400': {$ref: '#/components/responses/Problem'}
    '/orders/{orderId}/lines/{line}':
        parameters:
            - {name: orderId, in: path, required: true, schema: {type: string, format: uuid}}
        get:
            operationId: get_order_line
            parameters:
                - {name: line, in: path, required: true, schema: {type: integer}}
            responses:
                200:
                    description: One line
                    content:
                        application/json:
                            schema: {$ref: '#/components/schemas/Line'}
# between paths and components

components:
    responses:
        Problem:
            description: A problem
            content:
                application/problem+json:
                    schema: {$ref: '#/components/schemas/Problem'}
    schemas:
        Problem:
            type: object
            properties:
                title: {type: string}
                status: {type: integer}
        OrderStatus:
            type: string
            enum: [open, shipped, "in-progress"]
        Order:
            type: object
            description: An order `with` */ code
            required: [id, status, lines]
            properties:
                id: {type: string, format: uuid}
                status: {$ref: '#/components/schemas/OrderStatus'}
                lines:
                    type: array
                    items: {$ref: '#/components/schemas/Line'}
                note: {type: [string, "null"]}
        Line:
            type: object
            required: [sku]
            properties:
                sku: {type: string, minLength: 3, maxLength: 5}
                quantity: {type: integer, minimum: 5}
# end of file
"#;
