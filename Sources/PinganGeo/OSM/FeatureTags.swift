/// The tags of one node, way or relation that can make it a named place, an address or a
/// background area (water, park, building). Readers fill it tag by tag and ask `isKept` once at
/// the element's end, so elements that are none of these (most nodes) cost nothing to store.
/// What each element *means* is decided later, in one place (`MapFeatures`), for every reader.
public struct FeatureTags: Sendable, Equatable {
    /// Index into `FeatureTags.keys` and value, in the order they were read.
    public var keys: [UInt8] = []
    public var values: [String] = []

    public init() {}

    /// The keys kept; their position is the stored key index, so append only (the cache stores indexes).
    public static let keys: [String] = [
        "name", "name:en", "name:zh-Hans", "name:zh-Hant", "name:zh-Latn-pinyin", "alt_name", "old_name", "int_name",
        "amenity", "tourism", "place", "railway", "public_transport", "highway", "shop", "leisure", "historic", "office",
        "building", "natural", "waterway", "landuse", "addr:housenumber", "addr:street", "type",
    ]
    static let keyBytes: [[UInt8]] = keys.map { Array($0.utf8) }
    static let lookup: [String: UInt8] = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, UInt8($0)) })

    public enum Key: UInt8 {
        case name = 0, nameEn, nameZhHans, nameZhHant, namePinyin, altName, oldName, intName
        case amenity, tourism, place, railway, publicTransport, highway, shop, leisure, historic, office
        case building, natural, waterway, landuse, houseNumber, street, type
    }

    /// Index of `key` among `keys`, or -1 (for readers that map a string table once).
    public static func keyIndex(_ key: some Collection<UInt8>) -> Int {
        for (i, k) in keyBytes.enumerated() where k.count == key.count && k.elementsEqual(key) { return i }
        return -1
    }

    public var isEmpty: Bool { keys.isEmpty }

    public mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    /// Stores `value` when `key` is one of `keys`.
    public mutating func set(_ key: String, _ value: String) {
        if let i = Self.lookup[key] { set(index: Int(i), value) }
    }

    mutating func set(index: Int, _ value: String) {
        guard index >= 0, !value.isEmpty else { return }
        keys.append(UInt8(index))
        values.append(value)
    }

    public subscript(_ key: Key) -> String? {
        for (i, k) in keys.enumerated() where k == key.rawValue { return values[i] }
        return nil
    }

    /// Whether an element with these tags is worth keeping: a name with a category, an
    /// address, or (for ways and relations) a background area.
    public func isKept(isNode: Bool) -> Bool {
        if keys.isEmpty { return false }
        if self[.name] != nil || self[.houseNumber] != nil { return true }
        if isNode { return false }
        return self[.building] != nil || self[.natural] != nil || self[.waterway] != nil || self[.landuse] != nil || self[.leisure] != nil
    }
}
