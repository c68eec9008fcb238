import Foundation
import Hummingbird
import PinganCore

/// Successful JSON replies, encoded with the platform's one JSON configuration (ISO-8601 with
/// milliseconds, sorted keys) so the API, the event log and the live feed agree byte for byte.
struct JSONReply: Sendable {
    var status: HTTPResponse.Status
    var body: Data

    init(_ status: HTTPResponse.Status = .ok, _ value: some Encodable) throws {
        self.status = status
        self.body = try JSONCoding.encoder.encode(value)
    }

    /// Values that write their own canonical JSON (the incident views every create, change and
    /// read sends back) skip Foundation's encoder; the bytes are the same.
    init(_ status: HTTPResponse.Status = .ok, _ value: some CanonicalJSONWritable & Encodable) throws {
        self.status = status
        self.body = Data(try value.canonicalJSON())
    }

    init(status: HTTPResponse.Status, body: Data) {
        self.status = status
        self.body = body
    }

    static let noContent = JSONReply(status: .noContent, body: Data())

    var response: Response {
        var headers = HTTPFields()
        if !body.isEmpty { headers[.contentType] = "application/json; charset=utf-8" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// A header name (`HTTPField.Name`), reachable through the types Hummingbird exports.
typealias HeaderName = HTTPFields.Element.Name
