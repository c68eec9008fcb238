import Foundation
import Hummingbird
import PinganCore
import PinganStore

/// Reads the incident list's query string into an `IncidentQuery`, refusing anything it cannot
/// read with 400 `invalid_field` naming the parameter rather than ignoring it.
enum IncidentQueryParser {
    static func parse(_ parameters: Parameters) throws -> IncidentQuery {
        var query = IncidentQuery()
        if let raw = parameters["status"] {
            query.statuses = try list(raw, name: "status") { IncidentStatus(rawValue: $0) }
        }
        if let raw = parameters["category"] {
            // Any well-formed code: a local category is one too, and an unknown one matches nothing.
            query.categories = try list(raw, name: "category") { code in
                (1...32).contains(code.count) && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } ? code : nil
            }
        }
        if let raw = parameters["priority"] {
            query.priorities = try list(raw, name: "priority") { Int($0).flatMap(Priority.init(rawValue:)) }
        }
        query.receivedFrom = try parameters.instant("from")
        query.receivedTo = try parameters.instant("to")
        if let raw = parameters["bbox"] { query.area = try BoundingBoxParameter.parse(raw) }
        if let raw = parameters["q"] {
            let text = String(raw)
            do { try TextRules.check(text, field: "q", max: 200, required: false) } catch { throw Problem.invalidField("q", error.message) }
            if !text.isEmpty { query.text = text }
        }
        if let raw = parameters["jurisdiction"] {
            query.jurisdictionID = JurisdictionID(try Problem.identifier(raw, field: "jurisdiction"))
        }
        if let raw = parameters["limit"] {
            guard let n = Int(raw), (1...IncidentQuery.maxLimit).contains(n) else {
                throw Problem.invalidField("limit", "limit must be between 1 and \(IncidentQuery.maxLimit)")
            }
            query.limit = n
        }
        if let raw = parameters["offset"] {
            guard let n = Int(raw), n >= 0, n <= 10_000_000 else { throw Problem.invalidField("offset", "offset must be a whole number ≥ 0") }
            query.offset = n
        }
        return query
    }

    static func list<T>(_ raw: Substring, name: String, _ read: (String) -> T?) throws -> [T] {
        let parts = raw.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty, parts.count <= 50 else { throw Problem.invalidField(name, "\(name) must be a comma-separated list") }
        return try parts.map { part in
            guard let value = read(part) else { throw Problem.invalidField(name, "\(name) has an unknown value \(part.prefix(40))") }
            return value
        }
    }
}
