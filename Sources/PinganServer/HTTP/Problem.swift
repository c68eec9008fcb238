import Foundation
import Hummingbird
import PinganCore

/// An RFC 9457 problem: what went wrong, as a client can act on it. `code` is stable across
/// releases (clients switch on it); `title` and `detail` are for people.
///
/// Only the server speaks HTTP, so every error the core or the store throws becomes a `Problem`
/// here and nowhere else (see `ProblemMiddleware`).
public struct Problem: Error, Sendable, Hashable, HTTPResponseError {
    public var status: HTTPResponse.Status
    public var code: String
    public var detail: String
    public var field: String?
    /// Extra response headers, e.g. `Retry-After` on 429.
    public var headers: [String: String]
    /// Every bad row of a refused bulk import (`import_invalid`), by section and line.
    public var errors: [OrganisationImport.Problem]?

    public init(_ status: HTTPResponse.Status, code: String, detail: String, field: String? = nil, headers: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.detail = detail
        self.field = field
        self.headers = headers
    }

    public var title: String { status.reasonPhrase }
    public var type: String { "urn:pingan:problem:\(code)" }

    struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var code: String
        var field: String?
        var errors: [OrganisationImport.Problem]?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The problem+json response.
    public func response() -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json"
        for (name, value) in headers {
            if let name = HeaderName(name) { fields[name] = value }
        }
        return Response(status: status, headers: fields, body: .init(byteBuffer: jsonBody))
    }

    /// The problem+json document.
    var jsonBody: ByteBuffer {
        let body = Body(type: type, title: title, status: status.code, detail: detail, code: code, field: field, errors: errors)
        return ByteBuffer(bytes: (try? JSONCoding.encoder.encode(body)) ?? Data(#"{"code":"internal"}"#.utf8))
    }

    static func unauthenticated(_ detail: String) -> Problem { Problem(.unauthorized, code: "unauthenticated", detail: detail) }
    static func invalidField(_ field: String, _ detail: String) -> Problem { Problem(.badRequest, code: "invalid_field", detail: detail, field: field) }
}

extension Problem {
    /// `raw` when it is a well-formed identifier, else 400 `invalid_field` naming `field`.
    static func identifier(_ raw: some StringProtocol, field: String) throws -> String {
        let value = String(raw)
        guard Identifier<Never>.isWellFormed(value) else {
            throw Problem.invalidField(field, "\(field) must be an ID: 1-200 characters without / or control characters")
        }
        return value
    }
}
