import Foundation

/// Encodes a value straight into a `JSONValue` tree, with the answers `JSONCoding` would give
/// after a round trip through bytes: instants as the platform's ISO-8601 strings, every number
/// as a `Double`, a nil that was encoded as `null` and one that was skipped as absent.
///
/// Why: every event carries the entity it changed as a tree, and building it by encoding to
/// bytes and decoding them again was the costliest step of an incident create (the decode of a
/// `JSONValue` guesses each leaf's type by failing to read the others).
enum JSONValueEncoder {
    static func encode(_ value: some Encodable) throws -> JSONValue {
        let root = Node()
        try root.store(value, path: [])
        guard let tree = root.tree else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "the value encoded nothing"))
        }
        return tree
    }

    /// A place in the tree being built; containers write into it.
    final class Node {
        enum Content {
            case empty
            case leaf(JSONValue)
            case object([String: Node])
            case array([Node])
        }

        var content = Content.empty

        var tree: JSONValue? {
            switch content {
            case .empty: nil
            case .leaf(let value): value
            case .object(let members): .object(members.mapValues { $0.tree ?? .object([:]) })
            case .array(let items): .array(items.map { $0.tree ?? .object([:]) })
            }
        }

        func becomeObject() {
            if case .object = content { return }
            content = .object([:])
        }

        func becomeArray() {
            if case .array = content { return }
            content = .array([])
        }

        func child(_ key: String) -> Node {
            let node = Node()
            if case .object(var members) = content {
                content = .empty // keeps `members` uniquely referenced while it changes
                members[key] = node
                content = .object(members)
            }
            return node
        }

        func appended() -> Node {
            let node = Node()
            if case .array(var items) = content {
                content = .empty
                items.append(node)
                content = .array(items)
            }
            return node
        }

        var count: Int {
            if case .array(let items) = content { return items.count }
            return 0
        }

        /// Stores any value here, with the types `JSONCoding.encoder` treats specially.
        func store<T: Encodable>(_ value: T, path: [any CodingKey]) throws {
            switch value {
            case let date as Date: content = .leaf(.string(Timestamp.format(date)))
            case let url as URL: content = .leaf(.string(url.absoluteString))
            case is Data, is Decimal:
                // Rare here; the byte round trip gives exactly the encoder's answer.
                content = .leaf(try JSONCoding.decoder.decode(JSONValue.self, from: JSONCoding.encoder.encode(value)))
            default:
                try value.encode(to: TreeEncoder(node: self, codingPath: path))
            }
        }

        func number(_ value: Double, path: [any CodingKey]) throws {
            guard value.isFinite else {
                throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "\(value) is not a JSON number"))
            }
            content = .leaf(.number(value))
        }
    }

    struct TreeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            node.becomeObject()
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            node.becomeArray()
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(node: node, codingPath: codingPath)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey]

        func single(_ key: Key) -> Single { Single(node: node.child(key.stringValue), codingPath: codingPath + [key]) }

        mutating func encodeNil(forKey key: Key) throws { try single(key).encodeNil() }
        mutating func encode(_ value: Bool, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: Float, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try single(key).encode(value) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try single(key).encode(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            TreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            TreeEncoder(node: node.child("super"), codingPath: codingPath)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            TreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]
        var count: Int { node.count }

        func single() -> Single { Single(node: node.appended(), codingPath: codingPath) }

        mutating func encodeNil() throws { try single().encodeNil() }
        mutating func encode(_ value: Bool) throws { try single().encode(value) }
        mutating func encode(_ value: String) throws { try single().encode(value) }
        mutating func encode(_ value: Double) throws { try single().encode(value) }
        mutating func encode(_ value: Float) throws { try single().encode(value) }
        mutating func encode(_ value: Int) throws { try single().encode(value) }
        mutating func encode(_ value: Int8) throws { try single().encode(value) }
        mutating func encode(_ value: Int16) throws { try single().encode(value) }
        mutating func encode(_ value: Int32) throws { try single().encode(value) }
        mutating func encode(_ value: Int64) throws { try single().encode(value) }
        mutating func encode(_ value: UInt) throws { try single().encode(value) }
        mutating func encode(_ value: UInt8) throws { try single().encode(value) }
        mutating func encode(_ value: UInt16) throws { try single().encode(value) }
        mutating func encode(_ value: UInt32) throws { try single().encode(value) }
        mutating func encode(_ value: UInt64) throws { try single().encode(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try single().encode(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: node.appended(), codingPath: codingPath).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            TreeEncoder(node: node.appended(), codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            TreeEncoder(node: node.appended(), codingPath: codingPath)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]

        func encodeNil() throws { node.content = .leaf(.null) }
        func encode(_ value: Bool) throws { node.content = .leaf(.bool(value)) }
        func encode(_ value: String) throws { node.content = .leaf(.string(value)) }
        func encode(_ value: Double) throws { try node.number(value, path: codingPath) }
        // Through its shortest text, as the byte round trip reads it (0.1 stays 0.1, not 0.100000001).
        func encode(_ value: Float) throws { try node.number(Double(value.description) ?? Double(value), path: codingPath) }
        func encode(_ value: Int) throws { node.content = .leaf(.number(Double(value))) }
        func encode(_ value: Int8) throws { node.content = .leaf(.number(Double(value))) }
        func encode(_ value: Int16) throws { node.content = .leaf(.number(Double(value))) }
        func encode(_ value: Int32) throws { node.content = .leaf(.number(Double(value))) }
        func encode(_ value: Int64) throws { node.content = .leaf(.number(Double(value))) }
        func encode(_ value: UInt) throws { node.content = .leaf(.number(Double(value))) }
        func encode(_ value: UInt8) throws { node.content = .leaf(.number(Double(value))) }
        func encode(_ value: UInt16) throws { node.content = .leaf(.number(Double(value))) }
        func encode(_ value: UInt32) throws { node.content = .leaf(.number(Double(value))) }
        func encode(_ value: UInt64) throws { node.content = .leaf(.number(Double(value))) }
        func encode<T: Encodable>(_ value: T) throws { try node.store(value, path: codingPath) }
    }
}
