/// A flag that reads as `true` when the stored JSON lacks it, so entities recorded before the
/// flag existed (in the event log, in projections, in archives) decode as they were meant:
/// active. It encodes as the plain boolean.
@propertyWrapper
public struct DefaultTrue: Codable, Sendable, Hashable {
    public var wrappedValue: Bool

    public init(wrappedValue: Bool) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode(Bool.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(wrappedValue)
    }
}

extension KeyedDecodingContainer {
    /// A missing key is `true`; a present one must be a boolean.
    public func decode(_ type: DefaultTrue.Type, forKey key: Key) throws -> DefaultTrue {
        try decodeIfPresent(DefaultTrue.self, forKey: key) ?? DefaultTrue(wrappedValue: true)
    }
}

/// A flag that reads as `false` when the stored JSON lacks it (a user stored before
/// `mustChangePassword` existed need not change theirs).
@propertyWrapper
public struct DefaultFalse: Codable, Sendable, Hashable {
    public var wrappedValue: Bool

    public init(wrappedValue: Bool) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode(Bool.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(wrappedValue)
    }
}

extension KeyedDecodingContainer {
    /// A missing key is `false`; a present one must be a boolean.
    public func decode(_ type: DefaultFalse.Type, forKey key: Key) throws -> DefaultFalse {
        try decodeIfPresent(DefaultFalse.self, forKey: key) ?? DefaultFalse(wrappedValue: false)
    }
}
