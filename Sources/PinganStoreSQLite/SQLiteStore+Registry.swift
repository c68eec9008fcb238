import Foundation
import GRDB
import PinganCore
import PinganStore

/// `Projections` for the grass-roots registries: standard addresses and their inhabitants.
extension SQLiteStore {
    /// Ids bound per statement: well under SQLite's limit on variables.
    static let registryChunk = 500

    public func addresses(ids: [AddressID]) async throws -> [StandardAddress] {
        try await docs(in: "addresses", column: "id", ids.map(\.rawValue)).map { try ProjectionRow.decode(StandardAddress.self, $0) }
    }

    public func addresses(keys: [String]) async throws -> [StandardAddress] {
        try await docs(in: "addresses", column: "addr_key", keys).map { try ProjectionRow.decode(StandardAddress.self, $0) }
    }

    public func addresses(after: String, limit: Int) async throws -> [StandardAddress] {
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM addresses WHERE id > ? ORDER BY id LIMIT ?", arguments: [after, limit])
        }
        return try docs.map { try ProjectionRow.decode(StandardAddress.self, $0) }
    }

    public func addressIndexRows() async throws -> [AddressIndexRow] {
        try await writer.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT id, text, path FROM addresses WHERE active = 1 ORDER BY rowid")
            var out: [AddressIndexRow] = []
            while let row = try rows.next() { out.append(AddressIndexRow(id: AddressID(row[0] as String), text: row[1], path: row[2])) }
            return out
        }
    }

    public func inhabitants(at address: AddressID) async throws -> [Inhabitant] {
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM inhabitants WHERE address_id = ? ORDER BY rowid", arguments: [address.rawValue])
        }
        return try docs.map { try ProjectionRow.decode(Inhabitant.self, $0) }
    }

    public func inhabitants(after: String, limit: Int) async throws -> [Inhabitant] {
        let docs = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM inhabitants WHERE id > ? ORDER BY id LIMIT ?", arguments: [after, limit])
        }
        return try docs.map { try ProjectionRow.decode(Inhabitant.self, $0) }
    }

    public func registeredIDNumbers(_ numbers: [String]) async throws -> Set<String> {
        var found: Set<String> = []
        for start in stride(from: 0, to: numbers.count, by: Self.registryChunk) {
            let chunk = Array(numbers[start..<min(start + Self.registryChunk, numbers.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let hits = try await writer.read { db in
                try String.fetchAll(db, sql: "SELECT id_number FROM inhabitants WHERE id_number IN (\(marks))", arguments: StatementArguments(chunk))
            }
            found.formUnion(hits)
        }
        return found
    }

    private func docs(in table: String, column: String, _ values: [String]) async throws -> [String] {
        var out: [String] = []
        for start in stride(from: 0, to: values.count, by: Self.registryChunk) {
            let chunk = Array(values[start..<min(start + Self.registryChunk, values.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            out += try await writer.read { db in
                try String.fetchAll(db, sql: "SELECT doc FROM \(table) WHERE \(column) IN (\(marks))", arguments: StatementArguments(chunk))
            }
        }
        return out
    }
}
