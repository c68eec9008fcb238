import Foundation
import PinganCore

/// The OpenAPI 3.1 description served at `/openapi.json`, built from `APIOperation.all`.
/// Request bodies are described by the same shapes the server uses to refuse unknown keys.
enum OpenAPIDocument {
    static func build() -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for op in APIOperation.all {
            paths[op.path, default: [:]][op.method.lowercased()] = operation(op)
        }
        let problem: JSONValue = .object([
            "type": "object",
            "required": .array(["type", "title", "status", "code"]),
            "properties": .object([
                "type": .object(["type": "string"]), "title": .object(["type": "string"]),
                "status": .object(["type": "integer"]), "detail": .object(["type": "string"]),
                "code": .object(["type": "string", "description": "Stable machine-readable problem code"]),
                "field": .object(["type": "string", "description": "The offending input, when there is one"]),
            ]),
        ])
        return .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "Pingan command and dispatch API",
                "version": "1.0.0",
                "description": "Incidents, units and the organisation of a police command centre. Errors are RFC 9457 problem+json with a stable `code`.",
            ]),
            "paths": .object(paths.mapValues { .object($0) }),
            "components": .object([
                "schemas": .object(["Problem": problem]),
                "securitySchemes": .object(["bearer": .object(["type": "http", "scheme": "bearer"])]),
            ]),
        ])
    }

    static func operation(_ op: APIOperation) -> JSONValue {
        var o: [String: JSONValue] = [
            "summary": .string(op.summary),
            "tags": .array([.string(op.tag)]),
            "operationId": .string(operationID(op)),
        ]
        var parameters: [JSONValue] = []
        for segment in op.path.split(separator: "/") where segment.hasPrefix("{") {
            let name = String(segment.dropFirst().dropLast())
            parameters.append(.object(["name": .string(name), "in": "path", "required": true, "schema": .object(["type": "string"])]))
        }
        for name in op.query {
            parameters.append(.object(["name": .string(name), "in": "query", "required": false, "schema": .object(["type": "string"])]))
        }
        if op.idempotent {
            parameters.append(.object(["name": "Idempotency-Key", "in": "header", "required": false, "schema": .object(["type": "string", "maxLength": .number(200)])]))
        }
        if !parameters.isEmpty { o["parameters"] = .array(parameters) }
        if let request = op.request {
            o["requestBody"] = .object(["required": true, "content": .object(["application/json": .object(["schema": schema(.object(request))])])])
        }
        if op.xmlBody {
            o["requestBody"] = .object(["required": true, "content": .object(["application/xml": .object(["schema": .object(["type": "string"])])])])
        }
        if let permission = op.permission {
            o["security"] = .array([.object(["bearer": .array([])])])
            if !permission.isEmpty {
                o["description"] = .string("Requires permission \(permission.map(\.rawValue).joined(separator: " or ")).")
            }
        }
        let problemRef: JSONValue = .object(["application/problem+json": .object(["schema": .object(["$ref": "#/components/schemas/Problem"])])])
        var responses: [String: JSONValue] = [String(op.status): .object(["description": "Success"])]
        responses["default"] = .object(["description": "A problem", "content": problemRef])
        o["responses"] = .object(responses)
        return .object(o)
    }

    static func schema(_ shape: Shape) -> JSONValue {
        switch shape {
        case .value: .object([:])
        case .array(let inner): .object(["type": "array", "items": schema(inner)])
        case .object(let members):
            .object(["type": "object", "additionalProperties": false, "properties": .object(members.mapValues(schema))])
        }
    }

    static func operationID(_ op: APIOperation) -> String {
        let words = op.path.split(separator: "/").map { $0.hasPrefix("{") ? "By" + $0.dropFirst().dropLast().capitalized : $0.replacingOccurrences(of: ".", with: "_").capitalized }
        return op.method.lowercased() + words.joined()
    }
}
