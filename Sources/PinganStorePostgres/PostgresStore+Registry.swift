import Foundation
import PinganCore
import PinganStore
import PostgresNIO

/// `Projections` for the grass-roots registries: standard addresses and their inhabitants.
extension PostgresStore {
    public func addresses(ids: [AddressID]) async throws -> [StandardAddress] {
        guard !ids.isEmpty else { return [] }
        return try await strings("SELECT doc FROM addresses WHERE id = ANY(\(ids.map(\.rawValue)))").map { try ProjectionRow.decode(StandardAddress.self, $0) }
    }

    public func addresses(keys: [String]) async throws -> [StandardAddress] {
        guard !keys.isEmpty else { return [] }
        return try await strings("SELECT doc FROM addresses WHERE addr_key = ANY(\(keys))").map { try ProjectionRow.decode(StandardAddress.self, $0) }
    }

    public func addresses(after: String, limit: Int) async throws -> [StandardAddress] {
        try await strings("SELECT doc FROM addresses WHERE id > \(after) ORDER BY id LIMIT \(limit)").map { try ProjectionRow.decode(StandardAddress.self, $0) }
    }

    public func addressIndexRows() async throws -> [AddressIndexRow] {
        var out: [AddressIndexRow] = []
        let rows = try await client.query("SELECT id, text, path FROM addresses WHERE active = 1 ORDER BY seq", logger: logger)
        for try await (id, text, path) in rows.decode((String, String, String).self) { out.append(AddressIndexRow(id: AddressID(id), text: text, path: path)) }
        return out
    }

    public func inhabitants(at address: AddressID) async throws -> [Inhabitant] {
        try await strings("SELECT doc FROM inhabitants WHERE address_id = \(address.rawValue) ORDER BY seq").map { try ProjectionRow.decode(Inhabitant.self, $0) }
    }

    public func inhabitants(after: String, limit: Int) async throws -> [Inhabitant] {
        try await strings("SELECT doc FROM inhabitants WHERE id > \(after) ORDER BY id LIMIT \(limit)").map { try ProjectionRow.decode(Inhabitant.self, $0) }
    }

    public func registeredIDNumbers(_ numbers: [String]) async throws -> Set<String> {
        guard !numbers.isEmpty else { return [] }
        return Set(try await strings("SELECT id_number FROM inhabitants WHERE id_number = ANY(\(numbers))"))
    }
}
