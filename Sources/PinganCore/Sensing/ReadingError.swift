/// Why a device's reading is not a valid plate or document number: a stable `kind`, which the
/// edge maps to a problem code, and a message for people. One shape for every kind of reading,
/// so each reading names only its own faults.
public struct ReadingError<Kind: RawRepresentable & Sendable & Hashable>: Error, Sendable, Hashable, CustomStringConvertible
where Kind.RawValue == String {
    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// Why a reading is not a plate.
public typealias PlateError = ReadingError<PlateFault>

public enum PlateFault: String, Sendable, Hashable, Codable, CaseIterable {
    /// Nothing left after removing spaces and separators.
    case empty
    /// The first character is none of the 31 province abbreviations (and no default was given).
    case unknownProvince = "unknown_province"
    /// The second character is not A–Z, or is I or O.
    case badAuthority = "bad_authority"
    /// The serial holds something other than letters and digits.
    case badSerial = "bad_serial"
    /// Too short or too long for any plate format.
    case badLength = "bad_length"
}

/// Why a string is not an identity document number; its message never contains the number.
public typealias DocumentError = ReadingError<DocumentFault>

public enum DocumentFault: String, Sendable, Hashable, Codable, CaseIterable {
    /// Nothing left after removing white space.
    case empty
    /// Neither 18 nor 15 characters.
    case badLength = "bad_length"
    /// Something other than a digit, or an X anywhere but the last of 18 characters.
    case badCharacter = "bad_character"
    /// The birth date is no real day, or outside 1900…2100.
    case badDate = "bad_date"
    /// The check character does not match the first 17 digits.
    case badCheckDigit = "bad_check_digit"
}
