/// The value a `DefaultFlag` reads as when the stored JSON lacks it.
public protocol FlagDefault: Sendable {
    static var value: Bool { get }
}

public enum DefaultsToTrue: FlagDefault { public static let value = true }
public enum DefaultsToFalse: FlagDefault { public static let value = false }

/// A flag that reads as `Default.value` when the stored JSON lacks it, so entities recorded
/// before the flag existed (in the event log, in projections, in archives) decode as they were
/// meant. It encodes as the plain boolean.
@propertyWrapper
public struct DefaultFlag<Default: FlagDefault>: Codable, Sendable, Hashable {
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

/// Missing means active (an entity stored before it could be retired).
public typealias DefaultTrue = DefaultFlag<DefaultsToTrue>
/// Missing means no (a user stored before `mustChangePassword` existed need not change theirs).
public typealias DefaultFalse = DefaultFlag<DefaultsToFalse>

extension KeyedDecodingContainer {
    /// A missing key is the flag's default; a present one must be a boolean.
    public func decode<D>(_ type: DefaultFlag<D>.Type, forKey key: Key) throws -> DefaultFlag<D> {
        try decodeIfPresent(DefaultFlag<D>.self, forKey: key) ?? DefaultFlag(wrappedValue: D.value)
    }
}
