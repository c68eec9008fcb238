import Foundation
import Hummingbird
import NIOCore
import PinganCore

/// The JSON shape a request type accepts, used to refuse keys it does not know. `JSONDecoder`
/// silently ignores unknown keys, which hides client typos (`priorty`) until data is wrong.
/// A request body type: decodable, with the keys it accepts.
protocol RequestBody: Decodable, Sendable {
    /// The body's JSON Schema: the OpenAPI document prints it, `BodyReader` checks against it.
    static var schema: Schema { get }
}

/// Reads and decodes request bodies strictly: size limit, well-formed JSON, no unknown keys,
/// every field present with the right type. Each failure is a `Problem` with a stable code.
struct BodyReader: Sendable {
    let limit: Int

    /// What a route reads its body as.
    enum MediaType: Sendable {
        /// `application/json` or any `application/…+json`, UTF-8.
        case json
        /// `application/xml`, `text/xml` or any `…+xml` (Cursor-on-Target).
        case xml

        func accepts(_ contentType: String) -> Bool {
            let parts = contentType.lowercased().split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let type = parts.first else { return false }
            for parameter in parts.dropFirst() where parameter.hasPrefix("charset=") {
                let charset = parameter.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                guard charset == "utf-8" || charset == "utf8" else { return false }
            }
            switch self {
            case .json: return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
            case .xml: return type == "application/xml" || type == "text/xml" || type.hasSuffix("+xml")
            }
        }

        var name: String { self == .json ? "application/json" : "application/xml" }
    }

    /// The raw body, at most `limit` bytes. A non-empty body must say it is `media` (415
    /// `unsupported_media_type` otherwise): a form post or `text/plain` is not read as JSON,
    /// so a cross-site form cannot pass for the console.
    func bytes(_ request: Request, as media: MediaType = .json) async throws -> ByteBuffer {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, code: "body_too_large", detail: "the request body is larger than \(limit) bytes")
        }
        if buffer.readableBytes > 0 {
            let given = request.headers[.contentType]
            guard let given, media.accepts(given) else {
                throw Problem(.unsupportedMediaType, code: "unsupported_media_type",
                              detail: "send the body as \(media.name) (Content-Type was \(given.map { String($0.prefix(100)) } ?? "missing"))",
                              field: "Content-Type")
            }
        }
        return buffer
    }

    func decode<T: RequestBody>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        let data = Data(buffer.readableBytesView)
        let tree: JSONValue
        do {
            let parsed = try JSONValue.parse(buffer.readableBytesView)
            // JSON leaves duplicate keys' meaning open and `JSONDecoder` silently keeps one, so
            // two parsers (a proxy's and ours) could read one body differently: refuse it.
            if let key = parsed.duplicateKey {
                throw Problem(.badRequest, code: "malformed_json", detail: "field \(key.prefix(100)) appears twice", field: String(key.prefix(100)))
            }
            tree = parsed.value
        } catch is JSONValue.Malformed {
            throw Problem(.badRequest, code: "malformed_json", detail: "the body is not well-formed JSON")
        }
        try Self.check(tree, against: T.schema, path: "")
        do {
            return try Self.decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw Self.problem(for: error)
        }
    }

    /// Request decoding: ISO-8601 instants like the rest of the API, and the strings "NaN" and
    /// "Infinity" read as numbers so that they reach validation and are refused there with the
    /// field's name instead of as a type error.
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = JSONCoding.decoder.dateDecodingStrategy
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        d.userInfo[identifierStrictness] = true
        return d
    }()

    /// Unknown fields are refused at any depth; types, presence and bounds are the typed
    /// decode's and the core's to refuse, each naming the field.
    static func check(_ value: JSONValue, against schema: Schema, path: String) throws {
        switch (value, schema) {
        case (_, .nullable(let inner)):
            if value != .null { try check(value, against: inner, path: path) }
        case (_, .choice(let inner, _)):
            try check(value, against: inner, path: path)
        case (.object(let members), .object(let allowed, _, let open)):
            for (key, member) in members {
                let name = path.isEmpty ? key : "\(path).\(key)"
                guard let inner = allowed[key] else {
                    if open { continue }
                    throw Problem(.badRequest, code: "unknown_field", detail: "unknown field \(name.prefix(100))", field: String(name.prefix(100)))
                }
                try check(member, against: inner, path: name)
            }
        case (.object(let members), .map(let inner, _)):
            for (key, member) in members { try check(member, against: inner, path: path.isEmpty ? key : "\(path).\(key)") }
        case (.array(let items), .array(let inner, _, _, _)):
            for (index, item) in items.enumerated() {
                try check(item, against: inner, path: "\(path).\(index)")
            }
        case (.null, .object) where !path.isEmpty:
            break  // An absent nested object: the typed decode says whether it may be.
        case (_, .object):
            if path.isEmpty { throw Problem(.badRequest, code: "invalid_field", detail: "the body must be a JSON object", field: "") }
            // Wrong type for a nested object: the typed decode names it.
        default:
            break
        }
    }

    static func problem(for error: DecodingError) -> Problem {
        func name(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = name(context.codingPath + [key])
            return .invalidField(field, "missing field \(field)")
        case .typeMismatch(let type, let context):
            let field = name(context.codingPath)
            return .invalidField(field, "field \(field) must be \(typeName(type))")
        case .valueNotFound(let type, let context):
            let field = name(context.codingPath)
            return .invalidField(field, "field \(field) must be \(typeName(type)), not null")
        case .dataCorrupted(let context):
            let field = name(context.codingPath)
            if field.isEmpty { return Problem(.badRequest, code: "malformed_json", detail: "the body is not well-formed JSON") }
            return .invalidField(field, "field \(field) has an invalid value")
        @unknown default:
            return .invalidField("", "the body does not match the expected shape")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "true or false"
        default: "of the documented type"
        }
    }
}
