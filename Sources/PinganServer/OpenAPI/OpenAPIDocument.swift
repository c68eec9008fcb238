import Foundation
import PinganCore

/// The OpenAPI 3.1 description served at `/openapi.json`, built from `APIOperation.all` and
/// `Components.all`. Request bodies are described by the schemas `BodyReader` checks them
/// against; replies by the components the handlers' types encode to.
enum OpenAPIDocument {
    static func build() -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for op in APIOperation.all {
            paths[op.path, default: [:]][op.method.lowercased()] = operation(op)
        }
        return .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "Pingan command and dispatch API",
                "version": "1.0.0",
                "description": "Incidents, units and the organisation of a police command centre. Errors are RFC 9457 problem+json with a stable `code`.",
            ]),
            "paths": .object(paths.mapValues { .object($0) }),
            "components": .object([
                "schemas": .object(Components.all.mapValues(\.json)),
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
            parameters.append(.object(["name": .string(name), "in": "path", "required": true, "schema": Schema.id.json]))
        }
        for (name, schema) in op.query.sorted(by: { $0.key < $1.key }) {
            var p: [String: JSONValue] = ["name": .string(name), "in": "query", "required": .bool(op.requiredQuery.contains(name)), "schema": schema.json]
            if case .array = schema { p["style"] = "form"; p["explode"] = false }
            parameters.append(.object(p))
        }
        if op.idempotent {
            parameters.append(.object(["name": "Idempotency-Key", "in": "header", "required": false,
                                       "schema": Schema.string(.init(minLength: 1, maxLength: 200, pattern: "^[!-~]+$")).json]))
        }
        if !parameters.isEmpty { o["parameters"] = .array(parameters) }
        if let request = op.request {
            o["requestBody"] = .object(["required": true, "content": .object(["application/json": .object(["schema": request.json])])])
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
        let problem: JSONValue = .object(["application/problem+json": .object(["schema": Schema.ref("Problem").json])])
        var success: [String: JSONValue] = ["description": "Success"]
        if let response = op.response {
            var content: [String: JSONValue] = [op.replyType ?? "application/json": .object(["schema": response.json])]
            for (type, schema) in op.otherReplies { content[type] = .object(["schema": schema.json]) }
            success["content"] = .object(content)
        }
        o["responses"] = .object([String(op.status): .object(success), "default": .object(["description": "A problem", "content": problem])])
        return .object(o)
    }

    static func operationID(_ op: APIOperation) -> String {
        let words = op.path.split(separator: "/").map { $0.hasPrefix("{") ? "By" + $0.dropFirst().dropLast().capitalized : $0.replacingOccurrences(of: ".", with: "_").capitalized }
        return op.method.lowercased() + words.joined()
    }
}
